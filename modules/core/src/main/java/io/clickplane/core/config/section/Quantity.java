package io.clickplane.core.config.section;

import io.clickplane.core.spec.Quantities;
import java.math.BigDecimal;
import java.util.Optional;

/** Rules for Kubernetes quantities with a range, as several sections write them. */
final class Quantity {
  private Quantity() {}

  static BigDecimal gib(long n) {
    return BigDecimal.valueOf(n).multiply(BigDecimal.valueOf(1L << 30));
  }

  /** {@code v} is a quantity (described as {@code what}) from {@code min} to {@code max}. */
  static Optional<String> check(
      String v, String what, BigDecimal min, BigDecimal max, String minText, String maxText) {
    if (!Quantities.isQuantity(v)) {
      return Optional.of("must be " + what + " (got \"" + v + "\")");
    }
    BigDecimal value = Quantities.value(v);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      return Optional.of("must be from " + minText + " to " + maxText + " (got \"" + v + "\")");
    }
    return Optional.empty();
  }
}
