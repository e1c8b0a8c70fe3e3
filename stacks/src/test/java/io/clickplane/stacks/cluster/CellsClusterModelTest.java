package io.clickplane.stacks.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.stacks.cells.CellTree;
import io.clickplane.stacks.cells.ThreeCells;
import io.clickplane.stacks.render.Fleet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cluster model's checks ({@link ClusterModelTest}, Karpenter's pools included) on each cell of
 * an environment in three cells ({@link ThreeCells}), each cell's cluster holding what its Flux
 * applies and nothing else, in its own VPC range.
 */
class CellsClusterModelTest {
  private static final Map<String, ClusterModel> MODELS = new TreeMap<>();

  @BeforeAll
  static void models() {
    PlatformSpec spec = ThreeCells.spec();
    ManifestSet tree = Fleet.render(spec);
    for (String cell : spec.cellNames()) {
      CellTree walk = CellTree.walk(tree, FluxPaths.clusters("dev", cell));
      assertThat(walk.problems).isEmpty();
      MODELS.put(
          cell, ClusterModel.of(walk.subtree(), spec.cell(cell).orElseThrow().network().cidr()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"eu1", "eu2", "eu3"})
  void podSecurityConnectionsScrapeTargetsAndLimitsHoldInEachCell(String cell) {
    ClusterModel model = MODELS.get(cell);
    assertThat(PodSecurity.restrictedNamespaces(model)).isNotEmpty();
    assertThat(model.pods).anyMatch(p -> p.owner().startsWith("ClickHouseInstallation/"));
    assertThat(PodSecurity.violations(model)).isEmpty();

    List<String> problems = new ArrayList<>();
    List<RequiredFlows.Flow> flows = RequiredFlows.of(model, problems);
    assertThat(problems).isEmpty();
    assertThat(flows)
        .extracting(RequiredFlows.Flow::why)
        .contains("operator http", "operator tcp", "coordinator client");
    assertThat(flows).anyMatch(f -> f.why().startsWith("route of "));
    assertThat(RequiredFlows.refused(model)).isEmpty();

    ScrapeTargets.Result scrape = ScrapeTargets.of(model);
    assertThat(scrape.problems()).isEmpty();
    assertThat(scrape.targets()).isNotEmpty();
    assertThat(KubernetesLimits.violations(model)).isEmpty();
    // the cell's own Karpenter pools serve its pods: one per maintenance window its services use
    assertThat(NodePoolSelection.problems(model)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"eu1", "eu2", "eu3"})
  void eachCellRunsOnlyItsOwnOrganisationsPods(String cell) {
    Map<String, String> home = Map.of("eu1", "acme", "eu2", "globex", "eu3", "initech");
    assertThat(MODELS.get(cell).pods)
        .filteredOn(p -> p.owner().startsWith("ClickHouseInstallation/"))
        .isNotEmpty()
        .allMatch(p -> p.namespace().equals(home.get(cell)));
  }
}
