package io.clickplane.stacks.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.stacks.render.Fleet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three checks over the rendered tree plus what the cluster adds to it ({@link ClusterModel}),
 * for the dev and prod stacks and a generated fleet: Pod Security {@code restricted} on every pod
 * of an enforcing namespace; every connection the ensembles, replicas, operator, scrapers and
 * clients need admitted by the NetworkPolicies and the AuthorizationPolicies; every scrape target's
 * port present on the pods it selects. Kubernetes' limits on names, sizes and immutable fields too,
 * and a Karpenter NodePool for every pod that selects one.
 */
class ClusterModelTest {
  private static final Map<String, ClusterModel> MODELS = new ConcurrentHashMap<>();

  static Stream<Arguments> fleets() {
    return Stream.of(Arguments.of("dev"), Arguments.of("prod"), Arguments.of("generated"));
  }

  static ClusterModel model(String fleet) {
    return MODELS.computeIfAbsent(
        fleet,
        f -> {
          PlatformSpec spec = f.equals("generated") ? Fleets.generated(12, 5) : Fleets.stack(f);
          return ClusterModel.of(Fleet.render(spec), spec.network().cidr());
        });
  }

  @ParameterizedTest
  @MethodSource("fleets")
  void everyPodOfAnEnforcingNamespaceMeetsItsPodSecurityLevel(String fleet) {
    ClusterModel model = model(fleet);
    List<String> restricted = PodSecurity.restrictedNamespaces(model);
    assertThat(restricted).isNotEmpty();
    assertThat(model.pods)
        .as("ClickHouse pods as the operator makes them, in enforcing namespaces")
        .anyMatch(
            p ->
                restricted.contains(p.namespace())
                    && p.owner().startsWith("ClickHouseInstallation/")
                    && p.spec().toString().contains("\"clickhouse-log\""));
    assertThat(PodSecurity.violations(model)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("fleets")
  void everyConnectionTheClusterNeedsGetsThroughBothPolicyLayers(String fleet) {
    ClusterModel model = model(fleet);
    List<String> problems = new java.util.ArrayList<>();
    List<RequiredFlows.Flow> flows = RequiredFlows.of(model, problems);
    assertThat(problems).isEmpty();
    assertThat(flows)
        .extracting(RequiredFlows.Flow::why)
        .contains(
            "ensemble/replica port raft",
            "ensemble/replica port tcp-peer",
            "ensemble/replica port tcp-election",
            "ensemble/replica port interserver",
            "operator http",
            "operator tcp",
            "coordinator client");
    assertThat(flows).anyMatch(f -> f.why().startsWith("scrape by PodMonitor"));
    assertThat(flows).anyMatch(f -> f.why().startsWith("route of "));
    assertThat(flows).anyMatch(f -> f.why().startsWith("client "));
    assertThat(flows)
        .as("Keeper's Raft port is the operator's")
        .filteredOn(f -> f.why().endsWith(" raft"))
        .allMatch(f -> f.port() == 9444);
    assertThat(RequiredFlows.refused(model)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("fleets")
  void everyScrapeTargetsPortExistsOnThePodsItSelects(String fleet) {
    ScrapeTargets.Result result = ScrapeTargets.of(model(fleet));
    assertThat(result.problems()).isEmpty();
    assertThat(result.targets())
        .extracting(t -> t.monitor().substring(0, t.monitor().indexOf(' ')))
        .contains("PodMonitor", "ServiceMonitor");
    assertThat(result.targets())
        .as("ZooKeeper members scraped on their metrics port")
        .anyMatch(t -> t.pod().name().startsWith("zk-") && t.port() == 7000);
  }

  @ParameterizedTest
  @MethodSource("fleets")
  void everyPodSelectingANodePoolCanGetANodeFromIt(String fleet) {
    ClusterModel model = model(fleet);
    assertThat(model.pods)
        .as("ClickHouse pods select the NodePool of their service's maintenance window")
        .filteredOn(p -> p.owner().startsWith("ClickHouseInstallation/"))
        .isNotEmpty()
        .allMatch(
            p ->
                p.spec()
                    .at("/nodeSelector")
                    .path(NodePoolSelection.NODEPOOL_LABEL)
                    .asText()
                    .startsWith("clickhouse-"));
    assertThat(NodePoolSelection.problems(model)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("fleets")
  void namesSizesAndOperatorNamesStayWithinKubernetesLimits(String fleet) {
    assertThat(KubernetesLimits.violations(model(fleet))).isEmpty();
  }
}
