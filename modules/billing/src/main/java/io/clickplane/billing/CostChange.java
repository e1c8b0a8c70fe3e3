package io.clickplane.billing;

import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The cost line of a change: the monthly estimate before and after, for each organisation whose
 * spec changed and for the whole environment, with backups estimated from the spec (a publish reads
 * no bucket).
 */
public final class CostChange {
  private CostChange() {}

  /** The text for the change summary; {@code before} is null on a first publish. */
  public static String describe(PriceBook book, PlatformSpec before, PlatformSpec after) {
    CostEstimate next;
    CostEstimate previous;
    try {
      next = CostEstimate.of(after, book, (o, s) -> Optional.empty());
      previous = before == null ? null : CostEstimate.of(before, book, (o, s) -> Optional.empty());
    } catch (MissingPriceException e) {
      return "Monthly estimate: not available (" + e.getMessage() + ")\n";
    }
    Map<String, BigDecimal> was = previous == null ? Map.of() : previous.byOrganisation();
    Map<String, BigDecimal> now = next.byOrganisation();
    Set<String> changed = new LinkedHashSet<>();
    if (before != null) {
      for (OrganisationSpec org : before.organisations()) {
        if (!Objects.equals(after.organisation(org.name()).orElse(null), org)) {
          changed.add(org.name());
        }
      }
    }
    for (OrganisationSpec org : after.organisations()) {
      if (before == null || !Objects.equals(before.organisation(org.name()).orElse(null), org)) {
        changed.add(org.name());
      }
    }
    StringBuilder out =
        new StringBuilder(
            "Monthly estimate ("
                + next.currency()
                + ", price book "
                + book.version()
                + ", backups estimated): before -> after\n");
    for (String org : changed) {
      out.append(line(org, was.get(org), now.get(org)));
    }
    out.append(
        line(
            "total " + after.environment(),
            previous == null ? null : previous.total(),
            next.total()));
    return out.toString();
  }

  private static String line(String what, BigDecimal before, BigDecimal after) {
    BigDecimal b = before == null ? BigDecimal.ZERO.setScale(2) : before;
    BigDecimal a = after == null ? BigDecimal.ZERO.setScale(2) : after;
    BigDecimal diff = a.subtract(b);
    return "  "
        + what
        + ": "
        + (before == null ? "none" : b.toPlainString())
        + " -> "
        + (after == null ? "none" : a.toPlainString())
        + " ("
        + (diff.signum() >= 0 ? "+" : "")
        + diff.toPlainString()
        + ")\n";
  }
}
