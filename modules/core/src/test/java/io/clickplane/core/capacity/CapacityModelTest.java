package io.clickplane.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.plans.NodePools;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityModelTest {
  private static PlatformSpec dev() throws Exception {
    return StackConfig.load(Repo.stackFile("dev"));
  }

  private static String devText() throws Exception {
    return Files.readString(Repo.stackFile("dev"));
  }

  private static PlatformSpec withGroup(PlatformSpec spec, String name, NodeGroupSpec replacement) {
    List<NodeGroupSpec> groups = new ArrayList<>();
    for (NodeGroupSpec g : spec.eks().nodeGroups()) {
      groups.add(g.name().equals(name) ? replacement : g);
    }
    return spec.withEks(spec.eks().withNodeGroups(groups));
  }

  private static GroupPlan group(CapacityPlan plan, String name) {
    return plan.groups().stream()
        .filter(g -> g.group().name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no group " + name));
  }

  @Test
  void devAndProdFit() throws Exception {
    assertThat(CapacityModel.plan(dev()).problems()).isEmpty();
    assertThat(CapacityModel.plan(StackConfig.load(Repo.stackFile("prod"))).problems()).isEmpty();
  }

  @Test
  void devClickHousePodsRequestAtLeastFourFifthsOfTheirNodes() throws Exception {
    CapacityPlan.Utilisation u = CapacityModel.plan(dev()).utilisation();
    // 13 pods: 9 on m6i.2xlarge (general-8), 4 on m6i.xlarge (general-4)
    assertThat(u.provisionedCpuMillis()).isEqualTo(9 * 8000 + 4 * 4000);
    assertThat(u.provisionedMemoryMib()).isEqualTo(9 * 32768 + 4 * 16384);
    assertThat(u.cpuRatio()).isGreaterThanOrEqualTo(0.80);
    assertThat(u.memoryRatio()).isGreaterThanOrEqualTo(0.80);
  }

  @Test
  void aPodTheSizeOfAWholeNodeGetsTheNextPlanUp() throws Exception {
    // 8 vCPU / 32Gi cannot run on an 8-vCPU node: the kubelet and the daemons come first.
    String text =
        devText()
            .replace(
                "          plan: general-8\n          storage:\n            class: io2",
                "          resources:\n            cpu: \"8\"\n            memory: 32Gi\n"
                    + "          storage:\n            class: io2");
    PlatformSpec spec = StackConfig.parse("dev-whole-node.yaml", text);
    assertThat(spec.organisations().get(1).services().get(0).resources().plan())
        .isEqualTo("general-16");
    CapacityPlan plan = CapacityModel.plan(spec);
    assertThat(group(plan, "clickhouse/general-16").atRest()).isEqualTo(6);
    assertThat(group(plan, "clickhouse/general-16").pods())
        .allSatisfy(p -> assertThat(p.cpuMillis()).isEqualTo(8000 + 10)); // and the log container
  }

  @Test
  void aManagedGroupDedicatedToClickHouseTakesNoPod() throws Exception {
    String text =
        devText()
            .replace(
                "        max: 4\n",
                "        max: 4\n      - name: clickhouse\n        instanceType: m6i.2xlarge\n"
                    + "        max: 30\n        dedicated: true\n");
    CapacityPlan plan = CapacityModel.plan(StackConfig.parse("dev-dedicated.yaml", text));
    assertThat(plan.problems()).isEmpty();
    assertThat(group(plan, "clickhouse").pods()).isEmpty();
    assertThat(group(plan, "clickhouse/general-8").atRest()).isEqualTo(9);
  }

  @Test
  void clickHousePodsGetOneNodeOfTheirPlanEach() throws Exception {
    CapacityPlan plan = CapacityModel.plan(dev());
    GroupPlan big = group(plan, "clickhouse/general-8");
    GroupPlan small = group(plan, "clickhouse/general-4");
    assertThat(big.pool()).isEqualTo(NodePools.CLICKHOUSE);
    assertThat(big.allocatable().orElseThrow().instanceType().name()).isEqualTo("m6i.2xlarge");
    assertThat(big.atRest()).isEqualTo(9);
    assertThat(small.allocatable().orElseThrow().instanceType().name()).isEqualTo("m6i.xlarge");
    assertThat(small.atRest()).isEqualTo(4);
    assertThat(big.nodes()).allSatisfy(n -> assertThat(n.pods()).hasSize(1));
    assertThat(small.nodes()).allSatisfy(n -> assertThat(n.pods()).hasSize(1));
    // coordinators and controllers on the managed group and the platform pool only
    GroupPlan platform = group(plan, NodePools.PLATFORM);
    assertThat(platform.pool()).isEqualTo(NodePools.PLATFORM);
    List<PodDemand> general = new ArrayList<>(group(plan, "system").pods());
    general.addAll(platform.pods());
    assertThat(general).filteredOn(p -> p.id().contains(" zookeeper ")).hasSize(7);
    assertThat(general).filteredOn(p -> p.id().contains(" keeper ")).hasSize(3);
    assertThat(general).noneMatch(p -> p.id().contains(" clickhouse "));
  }

  @Test
  void replicasNeedAsManyZones() throws Exception {
    PlatformSpec spec = dev();
    PlatformSpec twoZones =
        new PlatformSpec(
            spec.environment(),
            spec.region(),
            spec.domain(),
            spec.bucketPrefix(),
            new io.clickplane.core.spec.NetworkSpec(spec.network().cidr(), 2, false),
            spec.eks(),
            spec.gitops(),
            spec.organisations());
    assertThat(CapacityModel.plan(twoZones).problems())
        .extracting(CapacityProblem::path)
        .containsExactly(
            "clickplane:organisations[0].services[0].replicas",
            "clickplane:organisations[1].services[0].replicas",
            "clickplane:organisations[2].services[0].replicas");
  }

  @Test
  void anInstanceTypeOutsideTheCatalogueIsNamed() throws Exception {
    PlatformSpec spec = dev();
    CapacityPlan plan =
        CapacityModel.plan(
            withGroup(
                spec, "system", new NodeGroupSpec("system", "x2idn.large", 3, 6, 3, 100, false)));
    assertThat(plan.problems())
        .extracting(CapacityProblem::path)
        .containsExactly("clickplane:eks.nodeGroups[0].instanceType");
    assertThat(plan.problems().get(0).message()).contains("not in the capacity catalogue");
  }

  @Test
  void ambientModeAddsNoContainerToPodsButAgentsToEveryNode() throws Exception {
    CapacityPlan plan = CapacityModel.plan(dev());
    assertThat(group(plan, "clickhouse/general-8").pods())
        .filteredOn(p -> p.owner().equals("acme/events"))
        .hasSize(3)
        .allSatisfy(
            p -> {
              assertThat(p.cpuMillis()).isEqualTo(7390);
              assertThat(p.memoryMib()).isEqualTo(28800);
            });
    assertThat(Overheads.PER_POD)
        .extracting(Overheads.PodOverhead::container)
        .containsExactly("clickhouse-log");
    assertThat(Overheads.PER_NODE)
        .extracting(Overheads.NodeDaemon::name)
        .contains("ztunnel", "istio-cni-node");
  }
}
