package io.clickplane.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityModelTest {
  private static PlatformSpec dev() throws Exception {
    return StackConfig.load(Repo.stackFile("dev"));
  }

  private static PlatformSpec withGroup(PlatformSpec spec, String name, NodeGroupSpec replacement) {
    List<NodeGroupSpec> groups = new ArrayList<>();
    for (NodeGroupSpec g : spec.eks().nodeGroups()) {
      groups.add(g.name().equals(name) ? replacement : g);
    }
    return spec.withEks(spec.eks().withNodeGroups(groups));
  }

  @Test
  void devAndProdFit() throws Exception {
    assertThat(CapacityModel.plan(dev()).problems()).isEmpty();
    assertThat(CapacityModel.plan(StackConfig.load(Repo.stackFile("prod"))).problems()).isEmpty();
  }

  @Test
  void aClickHousePodTheSizeOfAWholeNodeIsRefusedWithTheAllocatableFigures() throws Exception {
    Path fixture =
        Path.of(CapacityModelTest.class.getResource("/stacks/dev-clicks-whole-node.yaml").toURI());
    assertThatThrownBy(() -> StackConfig.load(fixture))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> {
              List<ConfigProblem> problems = e.problems();
              assertThat(problems)
                  .extracting(ConfigProblem::path)
                  .containsExactly(
                      "clickplane:organisations[1].services[0].resources.cpu",
                      "clickplane:organisations[1].services[0].resources.memory");
              ConfigProblem cpu = problems.get(0);
              assertThat(cpu.line()).isEqualTo(70);
              assertThat(cpu.message())
                  .contains("globex/clicks requests 8010m CPU")
                  .contains("(clickhouse 8 / 32Gi + clickhouse-log 10m / 16Mi)")
                  .contains("one m6i.2xlarge node of group \"clickhouse\" has 7910m CPU")
                  .contains("8 vCPU less 90m kube-reserved")
                  // kube-proxy, aws-node, ebs-csi-node, ztunnel, istio-cni-node
                  .contains("7475m and 28093Mi after the node daemons")
                  .contains("resources.cpu may be at most 7465m");
              assertThat(problems.get(1).message())
                  .contains("requests 32784Mi memory")
                  .contains("28745Mi memory allocatable")
                  .contains("32768Mi less 2458Mi VM overhead, 1465Mi kube-reserved and 100Mi")
                  .contains("resources.memory may be at most 28077Mi");
            });
  }

  @Test
  void aThirdEnsembleMemberWithoutAThirdNodeIsRefused() throws Exception {
    PlatformSpec spec = dev();
    NodeGroupSpec system = spec.eks().nodeGroups().get(0);
    PlatformSpec two =
        withGroup(
            spec, "system", new NodeGroupSpec(system.name(), "m6i.4xlarge", 1, 2, 1, 100, false));
    CapacityPlan plan = CapacityModel.plan(two);
    assertThat(plan.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("clickplane:eks.nodeGroups[0].max");
              assertThat(p.message())
                  .contains("node group \"system\" needs 3 nodes")
                  .contains("max must be at least 3 (got 2)");
            });
    // on big nodes everything else fits on two; the third member of each ensemble needs a third
    GroupPlan group = plan.groups().get(0);
    assertThat(group.atRest()).isEqualTo(3);
    assertThat(group.nodes().get(2).pods())
        .allSatisfy(pod -> assertThat(pod.id()).matches(".* (zookeeper|keeper) 2"));
  }

  @Test
  void clickHousePodsNeedOneNodeEachAcrossOrganisations() throws Exception {
    PlatformSpec spec = dev();
    NodeGroupSpec ch = spec.eks().nodeGroups().get(1);
    CapacityPlan plan =
        CapacityModel.plan(
            withGroup(
                spec,
                "clickhouse",
                new NodeGroupSpec(ch.name(), "m6i.8xlarge", 3, 12, 3, 100, true)));
    assertThat(plan.problems())
        .extracting(CapacityProblem::path, CapacityProblem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "clickplane:eks.nodeGroups[1].max",
                "the dedicated node group \"clickhouse\" holds one ClickHouse pod per node, and"
                    + " the services need 13 pods; max must be at least 13 (got 12)"));
    assertThat(plan.groups().get(1).nodes()).allSatisfy(n -> assertThat(n.pods()).hasSize(1));
  }

  @Test
  void withoutADedicatedGroupClickHouseSharesNodesButNeverTwoOnOne() throws Exception {
    PlatformSpec spec = dev();
    List<NodeGroupSpec> one =
        List.of(new NodeGroupSpec("all", "m6i.8xlarge", 3, 40, 3, 100, false));
    CapacityPlan plan = CapacityModel.plan(spec.withEks(spec.eks().withNodeGroups(one)));
    assertThat(plan.problems()).isEmpty();
    GroupPlan all = plan.groups().get(0);
    assertThat(all.atRest()).isEqualTo(13);
    assertThat(all.nodes())
        .allSatisfy(
            n ->
                assertThat(n.pods().stream().filter(p -> p.id().contains(" clickhouse ")))
                    .hasSize(1));
    assertThat(all.pods()).filteredOn(p -> p.id().contains(" zookeeper ")).hasSize(7);
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
    NodeGroupSpec system = spec.eks().nodeGroups().get(0);
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
    assertThat(plan.groups().get(1).pods())
        .filteredOn(p -> p.owner().equals("acme/events"))
        .hasSize(3)
        .allSatisfy(
            p -> {
              assertThat(p.cpuMillis()).isEqualTo(4000 + 10);
              assertThat(p.memoryMib()).isEqualTo(16 * 1024 + 16);
            });
    assertThat(Overheads.PER_POD)
        .extracting(Overheads.PodOverhead::container)
        .containsExactly("clickhouse-log");
    assertThat(Overheads.PER_NODE)
        .extracting(Overheads.NodeDaemon::name)
        .contains("ztunnel", "istio-cni-node");
  }
}
