package io.clickplane.stacks.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.stacks.render.Fleet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The model's checks fail when the tree loses what the cluster needs: the declared {@code
 * clickhouse-log} container, Keeper's Raft port in either policy layer (or the port the policies
 * admitted before, 9234), a PodMonitor's port name; a Job whose template changes under the same
 * name; and the NodePool a ClickHouse pod selects, or the label its nodes carry.
 */
class ChecksBiteTest {
  /** The dev model with every document {@code select} picks changed by {@code change}. */
  private static ClusterModel mutated(Predicate<JsonNode> select, Consumer<ObjectNode> change) {
    List<JsonNode> documents = new ArrayList<>();
    int changed = 0;
    for (JsonNode doc : ClusterModelTest.model("dev").documents) {
      JsonNode copy = doc.deepCopy();
      if (select.test(copy)) {
        change.accept((ObjectNode) copy);
        changed++;
      }
      documents.add(copy);
    }
    assertThat(changed).as("documents changed").isPositive();
    return new ClusterModel(documents, ClusterModelTest.model("dev").podCidr);
  }

  private static Predicate<JsonNode> kind(String kind, String namePrefix) {
    return d ->
        d.path("kind").asText().equals(kind)
            && d.at("/metadata/name").asText().startsWith(namePrefix);
  }

  @Test
  void withoutTheDeclaredLogContainerClickHousePodsAreRefused() {
    ClusterModel model =
        mutated(
            kind("ClickHouseInstallation", ""),
            chi -> {
              for (JsonNode template : chi.at("/spec/templates/podTemplates")) {
                ArrayNode containers = (ArrayNode) template.at("/spec/containers");
                for (int i = containers.size() - 1; i >= 0; i--) {
                  if (containers.get(i).path("name").asText().equals("clickhouse-log")) {
                    containers.remove(i);
                  }
                }
              }
            });
    assertThat(PodSecurity.violations(model))
        .isNotEmpty()
        .allMatch(v -> v.contains("container clickhouse-log"))
        .anyMatch(v -> v.contains("allowPrivilegeEscalation"))
        .anyMatch(v -> v.contains("does not drop ALL"));
  }

  @Test
  void raftBlockedByTheNetworkPolicyFails() {
    ClusterModel model =
        mutated(
            kind("NetworkPolicy", "coordinator-"),
            np -> {
              ArrayNode rules = (ArrayNode) np.at("/spec/ingress");
              for (int i = rules.size() - 1; i >= 0; i--) {
                if (rules.get(i).path("ports").toString().contains("9444")) {
                  rules.remove(i);
                }
              }
            });
    assertThat(RequiredFlows.refused(model))
        .anyMatch(f -> f.contains("raft") && f.contains("NetworkPolicy ingress"));
  }

  @Test
  void raftBlockedByTheAuthorizationPolicyFails() {
    ClusterModel model =
        mutated(
            kind("AuthorizationPolicy", "coordinator-"),
            ap -> {
              for (JsonNode rule : ap.at("/spec/rules")) {
                for (JsonNode to : rule.path("to")) {
                  ArrayNode ports = (ArrayNode) to.at("/operation/ports");
                  for (int i = ports.size() - 1; i >= 0; i--) {
                    if (ports.get(i).asText().equals("9444")) {
                      ports.remove(i);
                    }
                  }
                }
              }
            });
    assertThat(RequiredFlows.refused(model))
        .anyMatch(f -> f.contains("raft") && f.contains("no ALLOW policy matches"));
  }

  @Test
  void theRaftPortThePoliciesAdmittedBeforeFails() {
    ClusterModel model =
        mutated(
            d ->
                d.at("/metadata/name").asText().startsWith("coordinator-")
                    && d.toString().contains("9444"),
            d -> {
              try {
                d.setAll(
                    (ObjectNode)
                        OperatorModel.json().readTree(d.toString().replace("9444", "9234")));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    assertThat(RequiredFlows.refused(model))
        .anyMatch(f -> f.contains(":9444 (ensemble/replica port raft)"));
  }

  @Test
  void aPodMonitorNamingAPortItsPodsLackFails() {
    ClusterModel model =
        mutated(
            d ->
                d.path("kind").asText().equals("PodMonitor")
                    && d.at("/metadata/name").asText().startsWith("zookeeper-"),
            pm -> ((ObjectNode) pm.at("/spec/podMetricsEndpoints/0")).put("port", "client"));
    assertThat(ScrapeTargets.of(model).problems())
        .isNotEmpty()
        .allMatch(p -> p.contains("port \"client\" is not a container port of"));
  }

  @Test
  void aJobTemplateChangedUnderTheSameNameIsFound() {
    PlatformSpec dev = Fleets.stack("dev");
    ClusterModel before = ClusterModelTest.model("dev");
    List<JsonNode> jobs = before.documents("Job");
    assertThat(jobs).isNotEmpty();
    // A Job whose template differs under its name: the same Job with another image.
    List<JsonNode> after = new ArrayList<>();
    for (JsonNode doc : before.documents) {
      JsonNode copy = doc.deepCopy();
      if (copy.path("kind").asText().equals("Job")) {
        ((ObjectNode) copy.at("/spec/template/spec/containers/0")).put("image", "other:1");
      }
      after.add(copy);
    }
    assertThat(KubernetesLimits.immutableChanges(before.documents, after))
        .hasSize(jobs.size())
        .allMatch(c -> c.contains("/spec/template changed under the same name"));
    // A version change of every service re-renders every Job under a new name or unchanged.
    List<OrganisationSpec> upgraded = new ArrayList<>();
    for (OrganisationSpec org : dev.organisations()) {
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : org.services()) {
        services.add(s.withVersion(s.version().equals("25.3") ? "24.8" : "25.3"));
      }
      upgraded.add(new OrganisationSpec(org.name(), services));
    }
    ClusterModel next =
        ClusterModel.of(Fleet.render(dev.withOrganisations(upgraded)), dev.network().cidr());
    assertThat(KubernetesLimits.immutableChanges(before.documents, next.documents)).isEmpty();
  }

  @Test
  void aClickHousePodSelectingAPoolTheTreeLacksFails() {
    ClusterModel model =
        mutated(
            kind("NodePool", "clickhouse-"),
            pool -> ((ObjectNode) pool.path("metadata")).put("name", "clickhouse-elsewhere"));
    assertThat(NodePoolSelection.problems(model))
        .isNotEmpty()
        .allMatch(p -> p.contains("which the tree does not hold"));
    ClusterModel untainted =
        mutated(
            kind("NodePool", "clickhouse-"),
            pool -> ((ObjectNode) pool.at("/spec/template/metadata")).putObject("labels"));
    assertThat(NodePoolSelection.problems(untainted))
        .isNotEmpty()
        .allMatch(p -> p.contains("clickplane.io/node-role=clickhouse is not a label"));
  }
}
