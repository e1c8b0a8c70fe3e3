package io.clickplane.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.billing.CostLine.Component;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

/** Cost and invoice reports of an environment with cells, and an organisation moving cells. */
class CellInvoiceTest {
  private static final PriceBook BOOK = PriceBook.bundled();
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

  /** Two cells; acme in {@code acmeCell}, globex in b. */
  private static PlatformSpec spec(String acmeCell) throws Exception {
    return StackConfig.parse(
        "cells.yaml",
        Fixtures.HEAD
            + "  clickplane:cells:\n"
            + "    - name: a\n"
            + "    - name: b\n"
            + "      network: {cidr: 10.41.0.0/16}\n"
            + "  clickplane:organisations:\n"
            + "    - name: acme\n"
            + "      cell: "
            + acmeCell
            + "\n"
            + "      allow: {cellMove: true}\n"
            + "      services:\n"
            + Fixtures.SINGLE_GP3
            + "    - name: globex\n"
            + "      cell: b\n"
            + "      services:\n"
            + Fixtures.SHARDED_IO2);
  }

  private static BigDecimal hours(Invoice invoice, String service) {
    return invoice.lines().stream()
        .filter(l -> l.service().equals(service) && l.component() == Component.SERVER_FEE)
        .map(CostLine::quantity)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void anOrganisationThatMovedCellsIsBilledOnceContinuouslyUnderItsNewCell() throws Exception {
    Repository repo =
        InvoiceTest.history(
            Map.of(
                Instant.parse("2026-10-20T00:00:00Z"), spec("a"),
                Instant.parse("2026-11-14T10:00:00Z"), spec("b")));
    List<DeclaredState> states =
        FluxHistory.read(repo, "main", "test", Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(states).hasSize(2);
    Invoice invoice = Invoice.of(states, NOVEMBER, BOOK, null, (o, s) -> Optional.empty());

    // 720 hours in November: neither doubled nor dropped by the move, in one period
    assertThat(hours(invoice, "events")).isEqualByComparingTo("720");
    assertThat(invoice.lines())
        .filteredOn(l -> l.service().equals("events") && l.component() == Component.SERVER_FEE)
        .singleElement()
        .extracting(CostLine::description)
        .asString()
        .startsWith("2026-11-01 00:00 → 2026-12-01 00:00: ");
    Invoice unmoved =
        Invoice.of(
            List.of(new DeclaredState(Instant.parse("2026-10-20T00:00:00Z"), "x", spec("a"))),
            NOVEMBER,
            BOOK,
            null,
            (o, s) -> Optional.empty());
    assertThat(invoice.total()).isEqualByComparingTo(unmoved.total());

    CellMap cells = CellMap.ofMonth(states, NOVEMBER, spec("b"));
    assertThat(cells.cells()).containsExactly("a", "b");
    assertThat(cells.of("acme")).isEqualTo("b");
    assertThat(cells.moves())
        .singleElement()
        .asString()
        .startsWith("acme moved from cell a to cell b at 2026-11-14 10:00 (commit ");

    String table = CostReport.table("Invoice", "USD", invoice.lines(), cells);
    assertThat(table.lines().filter(l -> l.contains(" (cell)")))
        .singleElement()
        .asString()
        .startsWith("b (cell)")
        .endsWith(invoice.total().toPlainString());
    assertThat(table).doesNotContain("a (cell)");
    String csv = CostReport.csv(invoice.lines(), cells);
    assertThat(csv.lines().skip(1)).isNotEmpty().allMatch(l -> l.startsWith("b,"));
  }

  @Test
  void anEstimateStandsEachOrganisationUnderItsCellWithSubtotals() throws Exception {
    PlatformSpec spec = spec("a");
    CostEstimate estimate = CostEstimate.of(spec, BOOK, (o, s) -> Optional.empty());
    CellMap cells = CellMap.of(spec);
    Map<String, BigDecimal> byOrg = estimate.byOrganisation();

    List<String> rows = CostReport.table("t", "USD", estimate.lines(), cells).lines().toList();
    assertThat(rows)
        .filteredOn(l -> l.contains("(organisation)") || l.contains("(cell)"))
        .extracting(l -> l.replaceAll(" {2,}", " "))
        .containsExactly(
            "acme (organisation) " + byOrg.get("acme").toPlainString(),
            "a (cell) " + byOrg.get("acme").toPlainString(),
            "globex (organisation) " + byOrg.get("globex").toPlainString(),
            "b (cell) " + byOrg.get("globex").toPlainString());
    assertThat(rows.get(rows.size() - 1)).endsWith(" " + estimate.total().toPlainString());

    String csv = CostReport.csv(estimate.lines(), cells);
    assertThat(csv).startsWith("cell,organisation,service,");
    assertThat(csv.lines().skip(1))
        .allMatch(l -> l.startsWith("a,acme,") || l.startsWith("b,globex,"));
    String json = CostReport.json(Map.of("environment", "test"), estimate.lines(), cells);
    assertThat(json)
        .contains("\"cells\" : {\n    \"a\" : \"" + byOrg.get("acme").toPlainString() + "\"")
        .contains("\"cell\" : \"b\",\n    \"organisation\" : \"globex\"")
        .contains("\"cellMoves\" : [ ]");
  }

  @Test
  void withoutCellsTheReportsSayNothingOfCells() throws Exception {
    PlatformSpec spec = Fixtures.spec("", Fixtures.SINGLE_GP3);
    CostEstimate estimate = CostEstimate.of(spec, BOOK, (o, s) -> Optional.empty());
    CellMap cells = CellMap.of(spec);
    assertThat(cells).isSameAs(CellMap.NONE);
    assertThat(CostReport.table("t", "USD", estimate.lines(), cells))
        .isEqualTo(CostReport.table("t", "USD", estimate.lines()))
        .doesNotContain("cell");
    assertThat(CostReport.csv(estimate.lines(), cells))
        .isEqualTo(CostReport.csv(estimate.lines()))
        .startsWith("organisation,");
    assertThat(CostReport.json(Map.of(), estimate.lines(), cells)).doesNotContain("cell");
    assertThat(
            CellMap.ofMonth(
                List.of(new DeclaredState(Instant.parse("2026-10-01T00:00:00Z"), "x", spec)),
                NOVEMBER,
                spec))
        .isSameAs(CellMap.NONE);
  }
}
