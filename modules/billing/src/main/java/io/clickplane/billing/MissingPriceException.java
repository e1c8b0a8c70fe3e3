package io.clickplane.billing;

/** The price book lacks a figure the stack needs: the user adds it or picks a priced type. */
public final class MissingPriceException extends RuntimeException {
  public MissingPriceException(String message) {
    super(message);
  }
}
