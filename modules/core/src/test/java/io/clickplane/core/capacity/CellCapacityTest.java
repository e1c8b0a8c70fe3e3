package io.clickplane.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capacity model per cell: each cell is its own cluster with the environment's groups. */
class CellCapacityTest {
  private static final String CELLS =
      "  clickplane:cells:\n"
          + "    - name: a\n"
          + "    - name: b\n"
          + "      network: {cidr: 10.41.0.0/16, availabilityZones: 2}\n"
          + "    - name: c\n"
          + "      network: {cidr: 10.42.0.0/16}\n";

  /** The dev stack in three cells: acme in a, globex in b, initech in c. */
  private static String devInCells(String globexCell) throws Exception {
    return Files.readString(Repo.stackFile("dev"))
        .replace("  clickplane:organisations:\n", CELLS + "  clickplane:organisations:\n")
        .replace("    - name: acme\n", "    - name: acme\n      cell: a\n")
        .replace("    - name: globex\n", "    - name: globex\n      cell: " + globexCell + "\n")
        .replace("    - name: initech\n", "    - name: initech\n      cell: c\n");
  }

  private static List<ConfigProblem> problems(String text) {
    try {
      StackConfig.parse("cells.yaml", text);
      return List.of();
    } catch (InvalidConfigException e) {
      return e.problems();
    }
  }

  @Test
  void eachCellPlansItsOwnOrganisationsOnItsOwnNodes() throws Exception {
    PlatformSpec spec = StackConfig.parse("cells.yaml", devInCells("c"));
    List<CapacityPlan> plans = CellCapacity.perCell(spec);
    assertThat(plans).extracting(CapacityPlan::cell).containsExactly("a", "b", "c");
    assertThat(plans).allSatisfy(p -> assertThat(p.problems()).isEmpty());
    // a: acme's events (3 on general-8) and scratch (1 on general-4); b: nothing; c: globex's
    // clicks (6 on general-8) and initech's reports (3 on general-4)
    assertThat(plans.get(0).utilisation().provisionedCpuMillis()).isEqualTo(3 * 8000 + 4000);
    assertThat(plans.get(1).utilisation().provisionedCpuMillis()).isZero();
    assertThat(plans.get(2).utilisation().provisionedCpuMillis()).isEqualTo(6 * 8000 + 3 * 4000);
    // every cell is a cluster: each runs the platform's controllers on its own system group
    for (CapacityPlan p : plans) {
      GroupPlan system =
          p.groups().stream().filter(g -> g.group().name().equals("system")).findFirst().get();
      assertThat(system.atRest()).isPositive();
    }
    // together they hold what the one cluster held
    long whole =
        CapacityModel.plan(StackConfig.load(Repo.stackFile("dev")))
            .utilisation()
            .provisionedCpuMillis();
    assertThat(plans.stream().mapToLong(p -> p.utilisation().provisionedCpuMillis()).sum())
        .isEqualTo(whole);
  }

  @Test
  void aStackWithoutCellsHasOnePlanAndTheSameProblemsAsBefore() throws Exception {
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    assertThat(CellCapacity.perCell(dev)).containsExactly(CapacityModel.plan(dev));
    assertThat(CapacityModel.plan(dev).cell()).isEmpty();
    String tooSmall = Files.readString(Repo.stackFile("dev")).replace("max: 4", "max: 1");
    assertThat(problems(tooSmall))
        .extracting(ConfigProblem::message)
        .anyMatch(m -> m.startsWith("node group \"system\" needs "));
  }

  @Test
  void replicasBeyondACellsZonesNameTheCellAndItsZonesKeyAtTheOrganisationsIndex()
      throws Exception {
    // globex's clicks has 3 replicas; cell b's network has 2 zones
    List<ConfigProblem> problems = problems(devInCells("b"));
    assertThat(problems).hasSize(1);
    ConfigProblem p = problems.get(0);
    assertThat(p.path()).isEqualTo("clickplane:organisations[1].services[0].replicas");
    assertThat(p.line()).isPositive();
    assertThat(p.message())
        .startsWith("in cell b: the replicas of a shard run in distinct availability zones")
        .contains("the network has 2 (clickplane:cells[1].network.availabilityZones)")
        .contains("globex/clicks may have at most 2 replicas");
  }

  @Test
  void aManagedGroupTooSmallIsSaidOncePerFigureNamingTheCells() throws Exception {
    // a and c hold coordinators on the system group besides the controllers; b holds none
    String text = devInCells("c").replace("max: 4", "max: 1");
    assertThat(problems(text))
        .filteredOn(p -> p.path().equals("clickplane:eks.nodeGroups[0].max"))
        .extracting(ConfigProblem::message)
        .satisfiesExactly(
            m ->
                assertThat(m)
                    .startsWith("in cells a, c: node group \"system\" needs 3 nodes")
                    .endsWith("; max must be at least 3 (got 1)"),
            m ->
                assertThat(m)
                    .startsWith("in cell b: node group \"system\" needs 2 nodes")
                    .endsWith("; max must be at least 2 (got 1)"));
  }

  @Test
  void anUnknownInstanceTypeIsSaidOnceWithoutACell() throws Exception {
    String text = devInCells("c").replace("instanceType: m6i.large", "instanceType: q9.huge");
    List<ConfigProblem> problems = problems(text);
    assertThat(problems)
        .filteredOn(p -> p.path().equals("clickplane:eks.nodeGroups[0].instanceType"))
        .singleElement()
        .extracting(ConfigProblem::message)
        .asString()
        .startsWith("instance type \"q9.huge\" is not in the capacity catalogue");
  }
}
