package io.clickplane.billing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One priced line of an estimate or invoice: a quantity of one thing at one unit price. The amount
 * is rounded to the cent (half up) once, here; every total is the sum of rounded lines, so totals
 * add up exactly.
 *
 * @param organisation the organisation billed
 * @param service the service the usage belongs to
 * @param component what kind of cost
 * @param description what was used, e.g. {@code 3 × m6i.2xlarge (clickhouse)}
 * @param quantity how much, in {@code unit}
 * @param unit e.g. {@code instance-hours}, {@code GiB-months}
 * @param unitPrice the price of one unit
 * @param amount {@code quantity × unitPrice}, rounded to the cent
 */
public record CostLine(
    String organisation,
    String service,
    Component component,
    String description,
    BigDecimal quantity,
    String unit,
    BigDecimal unitPrice,
    BigDecimal amount) {

  /** The four parts ChistaDATA's model bills, and the platform's markup. */
  public enum Component {
    COMPUTE,
    BLOCK_STORAGE,
    OBJECT_STORAGE,
    SERVER_FEE,
    MARKUP;

    /** The word used in tables and CSV. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  public CostLine {
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(unitPrice, "unitPrice");
    Objects.requireNonNull(amount, "amount");
  }

  /** A line whose amount is {@code quantity × unitPrice} rounded to the cent. */
  public static CostLine of(
      String organisation,
      String service,
      Component component,
      String description,
      BigDecimal quantity,
      String unit,
      BigDecimal unitPrice) {
    return new CostLine(
        organisation,
        service,
        component,
        description,
        quantity,
        unit,
        unitPrice,
        Money.cents(quantity.multiply(unitPrice)));
  }
}
