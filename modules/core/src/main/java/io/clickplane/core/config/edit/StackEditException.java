package io.clickplane.core.config.edit;

/**
 * An edit the stack file cannot take as it is written ({@code FILE:LINE: key.path: message}); the
 * file is left unchanged.
 */
public final class StackEditException extends Exception {
  private static final long serialVersionUID = 1L;

  public StackEditException(String message) {
    super(message);
  }
}
