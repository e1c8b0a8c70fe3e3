package io.clickplane.stacks.cli;

import io.clickplane.billing.CellMap;
import io.clickplane.billing.CostEstimate;
import io.clickplane.billing.CostReport;
import io.clickplane.billing.MissingPriceException;
import io.clickplane.billing.PriceBook;
import io.clickplane.core.spec.PlatformSpec;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clickplane cost}: the monthly cost of the fleet a stack file declares. */
@Command(
    name = "cost",
    mixinStandardHelpOptions = true,
    description = {
      "Estimate the monthly cost of every organisation and service: compute (the nodes their pods"
          + " occupy), block storage, object storage (backups) and the server fee.",
      "A month is the price book's 730 hours; amounts are rounded to the cent per line and totals"
          + " are sums of lines.",
      "With cells, each organisation's lines stand under its cell, with a subtotal per cell;"
          + " JSON and CSV then give each line's cell."
    })
public final class CostCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin BackupSizes backups;
  @Spec CommandSpec spec;

  @Option(names = "--org", paramLabel = "ORG", description = "Only this organisation")
  String organisation;

  @Option(
      names = "--output",
      paramLabel = "table|json|csv",
      defaultValue = "table",
      description = "Output format (default: ${DEFAULT-VALUE})")
  String output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PlatformSpec platform = config.loadOrReport(err);
    if (platform == null) {
      return Clickplane.INVALID;
    }
    if (!Billing.knownOutput(output, err)
        || !Billing.knownOrganisation(platform, organisation, err)
        || !backups.validEndpoint(err)) {
      return Clickplane.INVALID;
    }
    PriceBook book = PriceBook.bundled();
    CostEstimate estimate;
    try (BackupSizes sizes = backups) {
      estimate =
          CostEstimate.of(platform, book, sizes.sizes(platform, BackupSizes.Mode.ESTIMATE, err));
    } catch (MissingPriceException e) {
      err.println(config.file() + ": " + e.getMessage());
      return Clickplane.INVALID;
    }
    if (organisation != null) {
      estimate = estimate.organisation(organisation);
    }
    CellMap cells = CellMap.of(platform);
    switch (output) {
      case "json" -> {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("environment", platform.environment());
        header.put("region", platform.region());
        header.put("currency", estimate.currency());
        header.put("priceBook", book.version());
        header.put("hoursPerMonth", book.hoursPerMonth());
        out.print(CostReport.json(header, estimate.lines(), cells));
      }
      case "csv" -> out.print(CostReport.csv(estimate.lines(), cells));
      default -> {
        out.print(
            CostReport.table(
                "Monthly estimate for "
                    + platform.environment()
                    + " ("
                    + platform.region()
                    + ", price book "
                    + book.version()
                    + ", "
                    + book.hoursPerMonth()
                    + " hours)",
                estimate.currency(),
                estimate.lines(),
                cells));
        Billing.notes(book, platform.region(), estimate.lines(), out);
      }
    }
    return Clickplane.OK;
  }
}
