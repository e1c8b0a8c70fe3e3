package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.keycloak.realm.DesiredRealm;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan}, {@code cost}, {@code invoice} and {@code identity sync} across the cells of the
 * three-cell fixture (a: acme and hooli, b: globex, c: initech).
 */
class CellCommandsTest {
  private static final String STACK = CellsFixture.STACK.toString();

  @TempDir Path dir;

  @AfterEach
  void resetClock() {
    InvoiceCommand.clock = Clock.systemUTC();
  }

  private static String fixture() throws Exception {
    return Files.readString(CellsFixture.STACK);
  }

  @Test
  void planShowsEachCellAsAClusterThenTheEnvironmentsTotal() {
    CliRun run = CliRun.of("plan", "--config", STACK);
    assertThat(run.exitCode()).as(run.err()).isZero();
    String out = run.out();
    assertThat(out)
        .startsWith(
            "Capacity plan of environment dev: 3 cells, each its own cluster with the"
                + " environment's node groups and pools\n")
        .containsSubsequence(
            "== cell a (acme, hooli) ==\n",
            "  acme/events: plan general-8",
            "  hooli/logs: plan general-4",
            "== cell b (globex) ==\n",
            "  globex/clicks: plan general-8",
            "== cell c (initech) ==\n",
            "  initech/reports: plan general-4",
            "== environment dev, all cells ==\n",
            "  system: 9 nodes at rest (a 3, b 3, c 3), 12 at peak\n",
            "  clickhouse/general-8: 9 nodes at rest (a 3, b 6, c 0), 11 at peak\n",
            "  clickhouse/general-4: 5 nodes at rest (a 2, b 0, c 3), 7 at peak\n",
            "Every pod fits.\n");
    // each cell's section holds its own organisations' pods only
    String cellB = out.substring(out.indexOf("== cell b"), out.indexOf("== cell c"));
    assertThat(cellB).contains("globex/clicks clickhouse 1-2").doesNotContain("acme/");
    // one section per cluster: every cell runs the platform's controllers
    assertThat(Pattern.compile("platform karpenter 0").matcher(out).results().count()).isEqualTo(3);
  }

  @Test
  void planJsonHasEveryCellAndTotalsThatAddUp() throws Exception {
    CliRun run = CliRun.of("plan", "--config", STACK, "--output", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.path("fits").asBoolean()).isTrue();
    List<String> cells = new ArrayList<>();
    long atRest = 0;
    long provisioned = 0;
    for (JsonNode cell : root.path("cells")) {
      cells.add(cell.path("cell").asText() + " " + cell.path("organisations"));
      for (JsonNode g : cell.path("nodeGroups")) {
        atRest += g.path("nodesAtRest").asLong();
      }
      provisioned += cell.path("utilisation").path("provisionedCpuMillis").asLong();
    }
    assertThat(cells)
        .containsExactly("a [\"acme\",\"hooli\"]", "b [\"globex\"]", "c [\"initech\"]");
    assertThat(root.path("total").path("nodesAtRest").asLong()).isEqualTo(atRest).isEqualTo(23);
    assertThat(root.path("utilisation").path("provisionedCpuMillis").asLong())
        .isEqualTo(provisioned)
        .isEqualTo(9 * 8000 + 5 * 4000);
    assertThat(root.path("cells").get(1).path("services"))
        .extracting(s -> s.path("service").asText())
        .containsExactly("globex/clicks");
  }

  @Test
  void planOfACellWithTooFewZonesNamesTheCellAndExitsTwo() throws Exception {
    Path stack = dir.resolve("Pulumi.dev.yaml");
    Files.writeString(
        stack,
        fixture()
            .replace(
                "        cidr: 10.41.0.0/16\n",
                "        cidr: 10.41.0.0/16\n        availabilityZones: 2\n"));
    CliRun run = CliRun.of("plan", "--config", stack.toString());
    assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(run.out())
        .contains("== cell b (globex) ==")
        .contains("Does not fit (1):\n")
        .containsPattern(
            "Pulumi\\.dev\\.yaml:\\d+: clickplane:organisations\\[1\\]\\.services\\[0\\]\\.replicas:"
                + " in cell b: the replicas of a shard run in distinct availability zones and the"
                + " network has 2 \\(clickplane:cells\\[1\\]\\.network\\.availabilityZones\\)");
    CliRun validate = CliRun.of("validate", "--config", stack.toString());
    assertThat(validate.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(validate.err()).contains("in cell b: the replicas of a shard");
  }

  private static BigDecimal amount(String row) {
    return new BigDecimal(row.substring(row.lastIndexOf(' ') + 1));
  }

  @Test
  void costHasASubtotalPerCellAndTheEnvironmentsTotal() throws Exception {
    CliRun table = CliRun.of("cost", "--config", STACK, "--backups", "estimate");
    assertThat(table.exitCode()).as(table.err()).isZero();
    List<String> rows = table.out().lines().toList();
    assertThat(rows)
        .extracting(r -> r.split(" ")[0])
        .containsSubsequence(
            "acme/events",
            "acme/scratch",
            "hooli/logs",
            "a",
            "globex/clicks",
            "b",
            "initech/reports",
            "c",
            "total");
    BigDecimal cells = BigDecimal.ZERO;
    for (String r : rows) {
      if (r.contains(" (cell) ")) {
        cells = cells.add(amount(r));
      }
    }
    String total = rows.stream().filter(r -> r.startsWith("total ")).findFirst().orElseThrow();
    assertThat(cells).isEqualByComparingTo(amount(total));
    String a = rows.stream().filter(r -> r.startsWith("a (cell)")).findFirst().orElseThrow();
    BigDecimal orgs = BigDecimal.ZERO;
    for (String r : rows) {
      if (r.startsWith("acme (organisation)") || r.startsWith("hooli (organisation)")) {
        orgs = orgs.add(amount(r));
      }
    }
    assertThat(amount(a)).isEqualByComparingTo(orgs);

    CliRun json = CliRun.of("cost", "--config", STACK, "--backups", "estimate", "--output", "json");
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertThat(root.path("cells").path("a").asText()).isEqualTo(amount(a).toPlainString());
    assertThat(root.path("total").asText()).isEqualTo(amount(total).toPlainString());
    for (JsonNode line : root.path("lines")) {
      String org = line.path("organisation").asText();
      assertThat(line.path("cell").asText())
          .as(org)
          .isEqualTo(Map.of("acme", "a", "hooli", "a", "globex", "b", "initech", "c").get(org));
    }

    CliRun csv = CliRun.of("cost", "--config", STACK, "--backups", "estimate", "--output", "csv");
    assertThat(csv.out()).startsWith("cell,organisation,service,component,");
    assertThat(csv.out().lines().skip(1))
        .isNotEmpty()
        .allMatch(
            l ->
                l.startsWith("a,acme,")
                    || l.startsWith("a,hooli,")
                    || l.startsWith("b,globex,")
                    || l.startsWith("c,initech,"));

    CliRun one = CliRun.of("cost", "--config", STACK, "--backups", "estimate", "--org", "initech");
    assertThat(one.out())
        .contains("initech/reports", "c (cell)")
        .doesNotContain("a (cell)")
        .doesNotContain("globex");
  }

  @Test
  void invoiceBillsAnOrganisationThatMovedCellsOnceUnderItsNewCell() throws Exception {
    String moved =
        fixture()
            .replace("    - name: hooli\n      cell: a\n", "    - name: hooli\n      cell: b\n");
    Path stack = dir.resolve("Pulumi.dev.yaml");
    Files.writeString(stack, moved);
    Path git =
        PublishedHistory.write(
            dir.resolve("flux.git"),
            Map.of(
                Instant.parse("2026-10-20T00:00:00Z"),
                StackConfig.parse("a.yaml", fixture()),
                Instant.parse("2026-11-14T10:00:00Z"),
                StackConfig.parse("b.yaml", moved)));
    InvoiceCommand.clock = Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC);
    CliRun run =
        CliRun.of(
            "invoice",
            "--config",
            stack.toString(),
            "--repo",
            git.toString(),
            "--month",
            "2026-11",
            "--backups",
            "estimate");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String out = run.out();
    assertThat(out)
        .contains("Invoice 2026-11 for dev")
        .containsPattern(
            "hooli moved from cell a to cell b at 2026-11-14 10:00 \\(commit [0-9a-f]{8}\\); its"
                + " lines stand under b and its time is counted once");
    // hooli stands under b, after globex, and its server is billed for all 720 hours once
    List<String> rows = out.lines().toList();
    assertThat(rows)
        .extracting(r -> r.split(" ")[0])
        .containsSubsequence(
            "acme/events", "a", "globex/clicks", "hooli/logs", "b", "initech/reports", "c");
    Matcher fee =
        Pattern.compile("(?m)^b,hooli,logs,server fee,[^,]*,([0-9.]+),server-hours,").matcher(out);
    assertThat(fee.find()).as(out).isTrue();
    assertThat(new BigDecimal(fee.group(1))).isEqualByComparingTo("720");
    assertThat(fee.find()).as("one server-fee line").isFalse();
  }

  @Test
  void identitySyncDesiresOneRealmForTheWholeEnvironmentWhateverItsCells() throws Exception {
    PlatformSpec cells = StackConfig.load(CellsFixture.STACK);
    String withoutCells =
        fixture()
            .replaceAll("(?s)  clickplane:cells:\n.*?(?=  clickplane:organisations:)", "")
            .replaceAll("      cell: [abc]\n", "");
    PlatformSpec one = StackConfig.parse("one.yaml", withoutCells);
    assertThat(one.hasCells()).isFalse();
    DesiredRealm realm = DesiredRealm.of(cells);
    assertThat(realm.organisations())
        .extracting(o -> o.name())
        .containsExactly("acme", "globex", "initech", "hooli");
    assertThat(realm).isEqualTo(DesiredRealm.of(one));
  }
}
