package io.clickplane.keycloak.sync;

/** The Keycloak server refused or failed a call of the sync: a run-time failure (exit 1). */
public final class SyncFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SyncFailedException(String message) {
    super(message);
  }

  public SyncFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * What went wrong, in words: the messages of a cause chain without the exception class names that
   * HTTP clients put into them.
   */
  public static String reason(Throwable error) {
    String reason = null;
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank() && !message.contains("Exception")) {
        reason = message;
      }
    }
    return reason != null ? reason : error.getClass().getSimpleName();
  }
}
