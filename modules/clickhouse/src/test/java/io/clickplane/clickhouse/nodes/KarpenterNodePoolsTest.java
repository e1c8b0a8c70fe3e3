package io.clickplane.clickhouse.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.plans.PlanSizing;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.core.testing.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The EC2NodeClasses and NodePools of dev and prod, strictly valid against Karpenter v1.14.1's
 * CRDs, with the disruption rules docs/capacity.md states.
 */
class KarpenterNodePoolsTest {
  private static JsonNode document(ManifestSet tree, String file) {
    String path = KarpenterNodePools.directory(tree.paths().iterator().next().split("/")[1]);
    List<JsonNode> docs = CrdSchemas.documents(tree.text(path + "/" + file));
    assertThat(docs).hasSize(1);
    return docs.get(0);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode requirement(JsonNode pool, String key) {
    return StreamSupport.stream(pool.at("/spec/template/spec/requirements").spliterator(), false)
        .filter(r -> r.path("key").asText().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no requirement " + key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyNodeClassAndPoolIsValidAgainstKarpentersCrds(String stack) throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
    ManifestSet tree = KarpenterNodePools.render(spec);
    assertThat(tree.paths()).hasSize(4);
    CrdSchemas crds = CrdSchemas.shared();
    assertThat(crds.knows("karpenter.sh/v1", "NodePool")).isTrue();
    assertThat(crds.knows("karpenter.k8s.aws/v1", "EC2NodeClass")).isTrue();
    for (String path : tree.paths()) {
      for (JsonNode doc : CrdSchemas.documents(tree.text(path))) {
        assertThat(crds.problems(doc)).as(path).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void theClickHousePoolIsTaintedOnDemandNeverExpiresAndIsHeldOutsideWindows(String stack)
      throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
    ManifestSet tree = KarpenterNodePools.render(spec);
    JsonNode pool = document(tree, "nodepool-clickhouse.yaml");
    assertThat(pool.at("/spec/template/spec/taints/0/key").asText())
        .isEqualTo("clickplane.io/node-role");
    assertThat(pool.at("/spec/template/spec/taints/0/effect").asText()).isEqualTo("NoSchedule");
    assertThat(texts(requirement(pool, "karpenter.sh/capacity-type").path("values")))
        .containsExactly("on-demand");
    List<String> types =
        texts(requirement(pool, "node.kubernetes.io/instance-type").path("values"));
    for (var plan : spec.eks().planCatalogue().plans()) {
      assertThat(types).containsAll(plan.instanceTypes());
    }
    assertThat(pool.at("/spec/template/spec/expireAfter").asText()).isEqualTo("Never");
    assertThat(pool.at("/spec/disruption/consolidationPolicy").asText()).isEqualTo("WhenEmpty");
    JsonNode budgets = pool.at("/spec/disruption/budgets");
    assertThat(budgets).hasSize(2);
    JsonNode held =
        StreamSupport.stream(budgets.spliterator(), false)
            .filter(b -> b.path("nodes").asText().equals("0"))
            .findFirst()
            .orElseThrow();
    assertThat(texts(held.path("reasons"))).containsExactlyInAnyOrder("Drifted", "Underutilized");
    assertThat(held.has("schedule")).isFalse(); // no maintenance window: always held
    JsonNode nodeClass = document(tree, "ec2nodeclass-clickhouse.yaml");
    assertThat(nodeClass.at("/spec/kubelet/maxPods").asInt())
        .isEqualTo(PlanSizing.CLICKHOUSE_NODE_MAX_PODS);
    assertThat(nodeClass.at("/spec/role").asText())
        .isEqualTo("clickplane-" + stack + "-karpenter-nodes");
    assertThat(nodeClass.at("/spec/subnetSelectorTerms/0/tags/karpenter.sh~1discovery").asText())
        .isEqualTo("clickplane-" + stack);
    assertThat(nodeClass.at("/spec/metadataOptions/httpTokens").asText()).isEqualTo("required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev"})
  void thePlatformPoolConsolidatesFreely(String stack) throws Exception {
    ManifestSet tree = KarpenterNodePools.render(StackConfig.load(Repo.stackFile(stack)));
    JsonNode pool = document(tree, "nodepool-platform.yaml");
    assertThat(pool.at("/spec/disruption/consolidationPolicy").asText())
        .isEqualTo("WhenEmptyOrUnderutilized");
    assertThat(pool.at("/spec/template/spec/taints").isMissingNode()).isTrue();
    assertThat(pool.at("/spec/template/spec/nodeClassRef/name").asText()).isEqualTo("platform");
  }
}
