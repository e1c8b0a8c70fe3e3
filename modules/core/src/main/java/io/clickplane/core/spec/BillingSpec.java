package io.clickplane.core.spec;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The platform's own terms, added to the cloud costs it passes on.
 *
 * @param serverFeePerHour fee per active ClickHouse server and hour, in {@code currency}
 * @param currency ISO 4217 code of every price the platform charges
 * @param markupPercent percentage added to cloud costs (compute, block and object storage)
 */
public record BillingSpec(BigDecimal serverFeePerHour, String currency, BigDecimal markupPercent) {
  public static final BillingSpec DEFAULT =
      new BillingSpec(new BigDecimal("0.05"), "USD", BigDecimal.ZERO);

  public BillingSpec {
    Objects.requireNonNull(serverFeePerHour, "serverFeePerHour");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(markupPercent, "markupPercent");
  }
}
