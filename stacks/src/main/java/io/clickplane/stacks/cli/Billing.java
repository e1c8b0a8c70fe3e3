package io.clickplane.stacks.cli;

import io.clickplane.billing.CostLine;
import io.clickplane.billing.DeclaredState;
import io.clickplane.billing.PriceBook;
import io.clickplane.core.spec.PlatformSpec;
import java.io.PrintWriter;
import java.util.List;

/** What {@code cost} and {@code invoice} share: option checks and the notes under a table. */
final class Billing {
  static final List<String> OUTPUTS = List.of("table", "json", "csv");

  private Billing() {}

  static boolean knownOutput(String output, PrintWriter err) {
    if (OUTPUTS.contains(output)) {
      return true;
    }
    err.println("clickplane: --output must be one of table, json, csv (got '" + output + "')");
    return false;
  }

  static boolean knownOrganisation(PlatformSpec spec, String organisation, PrintWriter err) {
    if (organisation == null || spec.organisation(organisation).isPresent()) {
      return true;
    }
    err.println(
        "clickplane: --org "
            + organisation
            + ": no such organisation in the stack file (it has "
            + String.join(", ", spec.organisations().stream().map(o -> o.name()).toList())
            + ")");
    return false;
  }

  /**
   * An organisation to invoice: one of the stack file or of a published state (an organisation
   * removed during the month is still invoiced for it).
   */
  static boolean knownOrganisation(
      PlatformSpec spec, List<DeclaredState> states, String organisation, PrintWriter err) {
    java.util.SortedSet<String> known = new java.util.TreeSet<>();
    spec.organisations().forEach(o -> known.add(o.name()));
    states.forEach(s -> s.spec().organisations().forEach(o -> known.add(o.name())));
    if (known.contains(organisation)) {
      return true;
    }
    err.println(
        "clickplane: --org "
            + organisation
            + ": no such organisation in the stack file or the published history (known: "
            + String.join(", ", known)
            + ")");
    return false;
  }

  /** Says which figures are estimates and which prices are not verified. */
  static void notes(PriceBook book, String region, List<CostLine> lines, PrintWriter out) {
    if (lines.stream().anyMatch(l -> l.description().contains("estimated"))) {
      out.println(
          "Object storage marked 'estimated' assumes one full copy of each service's provisioned"
              + " data; use --backups measure to read the buckets.");
    }
    book.region(region)
        .filter(r -> !r.verified())
        .ifPresent(
            r ->
                out.println(
                    "Some "
                        + region
                        + " prices in price book "
                        + book.version()
                        + " are not verified against their source; see docs/billing.md."));
  }
}
