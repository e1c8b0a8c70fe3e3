package io.clickplane.clickhouse.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.clickhouse.ClickHouseRenderer;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.plans.PlanSizing;
import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.UpgradeSpec;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.core.testing.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
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
  void theClickHousePoolIsTaintedOnDemandNeverExpiresAndIsHeldOutsideItsWindow(String stack)
      throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
    ManifestSet tree = KarpenterNodePools.render(spec);
    // no window in the stack file: every service has the built-in default
    JsonNode pool = document(tree, "nodepool-clickhouse-sun-0200-0600.yaml");
    assertThat(pool.at("/metadata/name").asText()).isEqualTo("clickhouse-sun-0200-0600");
    assertThat(pool.at("/spec/template/spec/nodeClassRef/name").asText()).isEqualTo("clickhouse");
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
    assertThat(pool.at("/spec/template/spec").has("terminationGracePeriod")).isFalse();
    assertThat(pool.at("/spec/disruption/consolidationPolicy").asText()).isEqualTo("WhenEmpty");
    JsonNode budgets = pool.at("/spec/disruption/budgets");
    assertThat(budgets).hasSize(2);
    JsonNode held = budgets.get(1);
    assertThat(held.path("nodes").asText()).isEqualTo("0");
    assertThat(texts(held.path("reasons"))).containsExactlyInAnyOrder("Drifted", "Underutilized");
    // closed from Sunday 06:00 until the next Sunday 02:00
    assertThat(held.path("schedule").asText()).isEqualTo("0 6 * * 0");
    assertThat(held.path("duration").asText()).isEqualTo("164h");
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

  @Test
  void everyServiceSelectsThePoolOfItsOwnWindow() throws Exception {
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    List<String> windows = List.of("sat 22:00-02:00", "mon-fri 01:00-03:00", "sat 22:00-02:00");
    List<OrganisationSpec> orgs = new ArrayList<>();
    int i = 0;
    for (OrganisationSpec org : dev.organisations()) {
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : org.services()) {
        MaintenanceWindow w =
            i < windows.size()
                ? MaintenanceWindow.parse(windows.get(i))
                : MaintenanceWindow.DEFAULT;
        i++;
        services.add(s.withUpgrade(new UpgradeSpec("", s.upgrade().channel(), w)));
      }
      orgs.add(org.withServices(services));
    }
    PlatformSpec spec = dev.withOrganisations(orgs);
    ManifestSet pools = KarpenterNodePools.render(spec);
    assertThat(pools.paths().stream().map(p -> p.substring(p.lastIndexOf('/') + 1)))
        .containsExactlyInAnyOrder(
            "ec2nodeclass-clickhouse.yaml",
            "ec2nodeclass-platform.yaml",
            "nodepool-clickhouse-montuewedthufri-0100-0300.yaml",
            "nodepool-clickhouse-sat-2200-0200.yaml",
            "nodepool-clickhouse-sun-0200-0600.yaml",
            "nodepool-platform.yaml");
    CrdSchemas crds = CrdSchemas.shared();
    Map<String, String> poolWindow = new TreeMap<>();
    for (String path : pools.paths()) {
      for (JsonNode doc : CrdSchemas.documents(pools.text(path))) {
        assertThat(crds.problems(doc)).as(path).isEmpty();
        String window = doc.at("/metadata/annotations/clickplane.io~1maintenance-window").asText();
        if (!window.isEmpty()) {
          poolWindow.put(doc.at("/metadata/name").asText(), window);
        }
      }
    }
    ManifestSet rendered = ClickHouseRenderer.render(spec);
    int installations = 0;
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        JsonNode chi = installation(rendered, org.name(), Naming.installation(service.name()));
        installations++;
        for (JsonNode template : chi.at("/spec/templates/podTemplates")) {
          String pool = template.at("/spec/nodeSelector/karpenter.sh~1nodepool").asText();
          assertThat(poolWindow).containsKey(pool);
          assertThat(poolWindow.get(pool)).isEqualTo(service.upgrade().window().toString());
          // nothing on the pod keeps Karpenter from using the open window
          assertThat(
                  template
                      .at("/metadata/annotations")
                      .path("karpenter.sh/do-not-disrupt")
                      .isMissingNode())
              .isTrue();
        }
      }
    }
    assertThat(installations).isEqualTo(4);
  }

  private static JsonNode installation(ManifestSet tree, String namespace, String name) {
    for (String path : tree.paths()) {
      for (JsonNode doc : CrdSchemas.documents(tree.text(path))) {
        if (doc.path("kind").asText().equals("ClickHouseInstallation")
            && doc.at("/metadata/namespace").asText().equals(namespace)
            && doc.at("/metadata/name").asText().equals(name)) {
          return doc;
        }
      }
    }
    throw new AssertionError(namespace + "/" + name + " not rendered");
  }
}
