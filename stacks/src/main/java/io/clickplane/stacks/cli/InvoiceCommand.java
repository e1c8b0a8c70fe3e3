package io.clickplane.stacks.cli;

import io.clickplane.billing.CellMap;
import io.clickplane.billing.CostReport;
import io.clickplane.billing.DeclaredState;
import io.clickplane.billing.FluxHistory;
import io.clickplane.billing.Invoice;
import io.clickplane.billing.MissingPriceException;
import io.clickplane.billing.PriceBook;
import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.publish.FluxRepository;
import io.clickplane.gitops.publish.PublishException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.ObjectId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clickplane invoice}: one month's usage per organisation, from the Flux history. */
@Command(
    name = "invoice",
    mixinStandardHelpOptions = true,
    description = {
      "Price what each organisation used in a month (UTC): what the Flux repository's target branch"
          + " declared running and from when (to the second), and the backups in its bucket.",
      "Run it once the month is over; a month still running is refused.",
      "With cells, each organisation's lines stand under its cell (where it was at the end of the"
          + " month), with a subtotal per cell; an organisation that moved cells is billed once,"
          + " continuously, and the move is named under the table."
    })
public final class InvoiceCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin FluxTarget target;
  @Mixin BackupSizes backups;
  @Spec CommandSpec spec;

  @Option(
      names = "--month",
      required = true,
      paramLabel = "YYYY-MM",
      description = "The month to invoice, e.g. 2026-11")
  String month;

  @Option(names = "--org", paramLabel = "ORG", description = "Only this organisation")
  String organisation;

  @Option(
      names = "--output",
      paramLabel = "table|json|csv",
      defaultValue = "table",
      description = "Output format (default: ${DEFAULT-VALUE})")
  String output;

  /** The clock (tests fix it). */
  static java.time.Clock clock = java.time.Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PlatformSpec platform = config.loadOrReport(err);
    if (platform == null) {
      return Clickplane.INVALID;
    }
    if (!Billing.knownOutput(output, err) || !backups.validEndpoint(err)) {
      return Clickplane.INVALID;
    }
    YearMonth ym;
    try {
      ym = YearMonth.parse(month);
    } catch (DateTimeParseException e) {
      err.println("clickplane: --month must be YYYY-MM, e.g. 2026-11 (got '" + month + "')");
      return Clickplane.INVALID;
    }
    Instant end = ym.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    if (end.isAfter(clock.instant())) {
      err.println(
          "clickplane: --month "
              + ym
              + " is not over yet (it ends "
              + end
              + "); invoice it once it is");
      return Clickplane.INVALID;
    }
    PriceBook book = PriceBook.bundled();
    List<DeclaredState> states;
    String branch = platform.gitops().branch();
    try (FluxRepository repo = target.open(platform, config.file(), System.getenv(), false)) {
      // The tip as the repository has it now: for a remote one, this fetches the history (and a
      // server that cannot be reached is a failure, not an empty history).
      Optional<ObjectId> tip = repo.tip(branch);
      if (tip.isEmpty()) {
        err.println(
            "clickplane: the Flux repository "
                + repo.describe()
                + " has no branch "
                + branch
                + " (nothing was published to it)");
        return Clickplane.INVALID;
      }
      states = FluxHistory.read(repo.objects(), tip.get(), branch, platform.environment(), end);
    } catch (PublishException e) {
      err.println("clickplane: " + e.getMessage());
      return Clickplane.FAILURE;
    } catch (IllegalArgumentException e) {
      err.println("clickplane: " + e.getMessage());
      return Clickplane.INVALID;
    } catch (InvalidConfigException e) {
      for (ConfigProblem p : e.problems()) {
        err.println(p);
      }
      err.println("clickplane: a published snapshot in the history does not read back");
      return Clickplane.FAILURE;
    }
    if (organisation != null && !Billing.knownOrganisation(platform, states, organisation, err)) {
      return Clickplane.INVALID;
    }
    Invoice invoice;
    try (BackupSizes sizes = backups) {
      invoice =
          Invoice.of(
              states, ym, book, organisation, sizes.sizes(platform, BackupSizes.Mode.MEASURE, err));
    } catch (MissingPriceException e) {
      err.println("clickplane: " + e.getMessage());
      return Clickplane.INVALID;
    }
    CellMap cells = CellMap.ofMonth(states, ym, platform);
    switch (output) {
      case "json" -> {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("environment", platform.environment());
        header.put("month", ym.toString());
        header.put("currency", invoice.currency());
        header.put("priceBook", book.version());
        header.put("commits", states.stream().map(DeclaredState::commit).toList());
        out.print(CostReport.json(header, invoice.lines(), cells));
      }
      case "csv" -> out.print(CostReport.csv(invoice.lines(), cells));
      default -> {
        out.print(
            CostReport.table(
                "Invoice "
                    + ym
                    + " for "
                    + platform.environment()
                    + " (price book "
                    + book.version()
                    + ")",
                invoice.currency(),
                invoice.lines(),
                cells));
        cells.moves().forEach(out::println);
        out.println();
        out.print(CostReport.csv(invoice.lines(), cells));
        Billing.notes(book, platform.region(), invoice.lines(), out);
      }
    }
    return Clickplane.OK;
  }
}
