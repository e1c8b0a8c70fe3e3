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
}
