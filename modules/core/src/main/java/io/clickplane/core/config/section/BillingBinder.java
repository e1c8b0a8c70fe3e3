package io.clickplane.core.config.section;

import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.BillingSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.math.BigDecimal;
import java.util.List;

/** {@code clickplane:billing}: the platform's own prices. */
public final class BillingBinder implements SectionBinder<BillingSpec> {
  public static final BillingBinder BINDER = new BillingBinder();

  private static final BillingSpec D = BillingSpec.DEFAULT;
  private static final BigDecimal MAX = new BigDecimal("1000");

  static final Key<BigDecimal> SERVER_FEE_PER_HOUR =
      Key.decimal("serverFeePerHour", D.serverFeePerHour(), BigDecimal.ZERO, MAX)
          .doc(
              "decimal 0..1000 (quote it: `\"0.05\"`)",
              "Fee per active ClickHouse server and hour.")
          .writes(BillingSpec::serverFeePerHour);
  static final Key<String> CURRENCY =
      Key.string("currency", D.currency(), Rules::currency)
          .doc(
              "`USD`",
              "Currency of every price the platform charges; the price book is in USD (see"
                  + " billing.md).")
          .writes(BillingSpec::currency);
  static final Key<BigDecimal> MARKUP_PERCENT =
      Key.decimal("markupPercent", D.markupPercent(), BigDecimal.ZERO, MAX)
          .doc("decimal 0..1000", "Percentage added to the cloud costs passed on.")
          .writes(BillingSpec::markupPercent);

  static final Key<BillingSpec> BILLING =
      Key.<BillingSpec>table(
              Sections.NS + "billing",
              KeyTable.of("clickplane:billing", SERVER_FEE_PER_HOUR, CURRENCY, MARKUP_PERCENT))
          .defaultDoc("see below")
          .doc("map", "The platform's own prices.")
          .writes(PlatformSpec::billing);

  private BillingBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(BILLING);
  }

  @Override
  public BillingSpec bind(Section section, Bound earlier) {
    Fields o = section.map(BILLING);
    BigDecimal fee = SERVER_FEE_PER_HOUR.read(o);
    String currency = CURRENCY.read(o);
    BigDecimal markup = MARKUP_PERCENT.read(o);
    return section.ok() ? new BillingSpec(fee, currency, markup) : null;
  }
}
