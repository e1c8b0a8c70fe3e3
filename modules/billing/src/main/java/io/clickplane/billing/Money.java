package io.clickplane.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/** The rounding rules of estimates and invoices, in one place. */
public final class Money {
  /** Scale of intermediate quantities (hours, GiB-months, node shares). */
  public static final int QUANTITY_SCALE = 6;

  private Money() {}

  /** An amount rounded to the cent, half up: the only rounding an amount ever gets. */
  public static BigDecimal cents(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP);
  }

  /** A quantity at {@link #QUANTITY_SCALE}, half up. */
  public static BigDecimal quantity(BigDecimal value) {
    return value.setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
  }

  /** The exact sum of already rounded amounts. */
  public static BigDecimal sum(Collection<CostLine> lines) {
    return lines.stream()
        .map(CostLine::amount)
        .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
  }
}
