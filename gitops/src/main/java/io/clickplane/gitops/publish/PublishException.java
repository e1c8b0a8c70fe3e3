package io.clickplane.gitops.publish;

import java.io.IOException;

/**
 * Publishing failed at run time (the remote refused, could not be reached, or kept moving); nothing
 * was pushed.
 */
public final class PublishException extends IOException {
  private static final long serialVersionUID = 1L;

  public PublishException(String message) {
    super(message);
  }

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
