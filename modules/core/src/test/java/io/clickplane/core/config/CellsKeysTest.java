package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.spec.CellSpec;
import io.clickplane.core.spec.EksAddons;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code clickplane:cells} and an organisation's {@code cell} and {@code allow.cellMove}. */
class CellsKeysTest {
  private static String stack(String cells, String acme, String globex) {
    return String.join(
        "\n",
        "config:",
        "  aws:region: eu-west-1",
        "  clickplane:environment: dev",
        "  clickplane:domain: ch.dev.example.com",
        "  clickplane:network: {cidr: 10.40.0.0/16}",
        "  clickplane:eks:",
        "    version: \"1.31\"",
        "    nodeGroups:",
        "      - {name: system, instanceType: m6i.large, min: 2, max: 4}",
        cells,
        "  clickplane:organisations:",
        "    - name: acme",
        acme,
        "      services:",
        "        - {name: events, mode: replicated, replicas: 2}",
        "    - name: globex",
        globex,
        "      services:",
        "        - {name: clicks, mode: single}",
        "");
  }

  private static final String TWO_CELLS =
      "  clickplane:cells:\n"
          + "    - name: a\n"
          + "    - name: b\n"
          + "      network: {cidr: 10.41.0.0/16, availabilityZones: 2}\n"
          + "      eks: {version: \"1.32\"}";

  @Test
  void aStackWithoutCellsHasNoneAndItsCanonicalSpecSaysNothingOfThem() throws Exception {
    PlatformSpec spec = StackConfig.parse("t.yaml", stack("", "", ""));
    assertThat(spec.cells()).isEmpty();
    assertThat(spec.perCell()).containsExactly(spec);
    assertThat(spec.organisations()).extracting(OrganisationSpec::cell).containsOnly("");
    String canonical = CanonicalSpec.write(spec);
    assertThat(canonical)
        .doesNotContain("cells")
        .doesNotContain("cell:")
        .doesNotContain("cellMove");
  }

  @Test
  void cellsTakeTheEnvironmentsSettingsExceptWhatTheyChange() throws Exception {
    PlatformSpec spec =
        StackConfig.parse(
            "t.yaml",
            stack(TWO_CELLS, "      cell: b\n      allow: {cellMove: true}", "      cell: a"));
    assertThat(spec.cellNames()).containsExactly("a", "b");
    CellSpec a = spec.cell("a").orElseThrow();
    CellSpec b = spec.cell("b").orElseThrow();
    assertThat(a.network()).isEqualTo(spec.network());
    assertThat(a.eksVersion()).isEqualTo("1.31");
    assertThat(b.network().cidr()).isEqualTo("10.41.0.0/16");
    assertThat(b.network().availabilityZones()).isEqualTo(2);
    assertThat(b.network().natGatewayPerZone()).isEqualTo(spec.network().natGatewayPerZone());
    assertThat(b.eksVersion()).isEqualTo("1.32");
    assertThat(b.addons()).isEqualTo(EksAddons.defaultsFor("1.32"));
    assertThat(spec.organisation("acme").orElseThrow().cell()).isEqualTo("b");
    assertThat(spec.organisation("acme").orElseThrow().allowCellMove()).isTrue();
    assertThat(spec.organisation("globex").orElseThrow().allowCellMove()).isFalse();

    PlatformSpec cellB = spec.forCell("b");
    assertThat(cellB.organisations()).extracting(OrganisationSpec::name).containsExactly("acme");
    assertThat(cellB.network()).isEqualTo(b.network());
    assertThat(cellB.eks().version()).isEqualTo("1.32");
    assertThat(cellB.eks().nodeGroups()).isEqualTo(spec.eks().nodeGroups());
    assertThat(cellB.cells()).containsExactly(b);
    assertThat(spec.perCell()).extracting(p -> p.cells().get(0).name()).containsExactly("a", "b");

    // The canonical spec reads back to the same spec.
    PlatformSpec again = StackConfig.parse("canonical.yaml", CanonicalSpec.write(spec));
    assertThat(again).isEqualTo(spec);
  }

  @Test
  void withOneCellTheKeyMayBeLeftOut() throws Exception {
    PlatformSpec spec =
        StackConfig.parse("t.yaml", stack("  clickplane:cells: [{name: main}]", "", ""));
    assertThat(spec.organisations()).extracting(OrganisationSpec::cell).containsOnly("main");
    assertThat(StackConfig.parse("c.yaml", CanonicalSpec.write(spec))).isEqualTo(spec);
  }

  private static Map<String, String> problems(String text) {
    try {
      StackConfig.parse("t.yaml", text);
    } catch (InvalidConfigException e) {
      return e.problems().stream()
          .collect(
              java.util.stream.Collectors.toMap(
                  ConfigProblem::path, ConfigProblem::message, (x, y) -> x + " | " + y));
    }
    throw new AssertionError("accepted");
  }

  @Test
  void severalCellsNeedEachOrganisationToNameOneAndTheRefusalSuggestsTheRoomiest() {
    Map<String, String> p = problems(stack(TWO_CELLS, "      cell: a", ""));
    assertThat(p).containsOnlyKeys("clickplane:organisations[1].cell");
    assertThat(p.get("clickplane:organisations[1].cell"))
        .contains("required")
        .contains("a, b")
        .contains("cell \"b\" has the most room");
  }

  @Test
  void unknownCellsOverlapsAndCellsWithoutCellsAreRefusedWithWhatIsAllowed() {
    assertThat(problems(stack(TWO_CELLS, "      cell: c", "      cell: a")))
        .containsOnlyKeys("clickplane:organisations[0].cell")
        .extractingByKey("clickplane:organisations[0].cell")
        .asString()
        .contains("no cell named \"c\"")
        .contains("lists a, b");
    assertThat(problems(stack("", "      cell: a", "")))
        .containsOnlyKeys("clickplane:organisations[0].cell")
        .extractingByKey("clickplane:organisations[0].cell")
        .asString()
        .contains("there are no cells");
    assertThat(
            problems(
                stack(
                    "  clickplane:cells: [{name: a}, {name: b, network: {cidr: 10.40.128.0/17}}]",
                    "      cell: a",
                    "      cell: b")))
        .containsOnlyKeys("clickplane:cells[1].network.cidr")
        .extractingByKey("clickplane:cells[1].network.cidr")
        .asString()
        .contains("overlaps cell a's 10.40.0.0/16");
    assertThat(
            problems(
                stack(
                    "  clickplane:cells: [{name: a}, {name: b}]",
                    "      cell: a",
                    "      cell: b")))
        .containsOnlyKeys("clickplane:cells[1].network.cidr")
        .extractingByKey("clickplane:cells[1].network.cidr")
        .asString()
        .contains("required for every cell after the first");
    assertThat(
            problems(
                stack(
                    "  clickplane:cells: [{name: a}, {name: a, network: {cidr: 10.41.0.0/16}}]",
                    "      cell: a",
                    "      cell: a")))
        .containsOnlyKeys("clickplane:cells[1].name");
    assertThat(problems(stack("  clickplane:cells: []", "", "")))
        .containsOnlyKeys("clickplane:cells");
    assertThat(problems(stack("  clickplane:cells: [{name: averyveryverylongcellname}]", "", "")))
        .extractingByKey("clickplane:cells[0].name")
        .asString()
        .contains("at most 20 characters");
  }

  @Test
  void forCellRefusesANameTheStackDoesNotList() throws Exception {
    PlatformSpec spec =
        StackConfig.parse("t.yaml", stack(TWO_CELLS, "      cell: a", "      cell: b"));
    assertThatThrownBy(() -> spec.forCell("c")).isInstanceOf(IllegalArgumentException.class);
    assertThat(spec.forCell("a").organisations())
        .extracting(OrganisationSpec::name)
        .containsExactly("acme");
  }
}
