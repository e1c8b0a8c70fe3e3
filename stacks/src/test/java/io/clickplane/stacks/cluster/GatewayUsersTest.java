package io.clickplane.stacks.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Through the ingress gateway only the customer's own user logs in (docs/endpoints.md, "Who logs in
 * through the gateway"): ztunnel hands ClickHouse the gateway pod's address, inside the VPC, so a
 * platform user admitted from an address range holding the pods would be reachable from the
 * internet. Evaluated with the reachability evaluator (the gateway's allow-lists, both policy
 * layers) and the users' networks as ClickHouse checks them.
 */
class GatewayUsersTest {
  private static final String CLIENT = "192.0.2.1";
  private static final String LISTED_CLIENT = "203.0.113.9";

  @ParameterizedTest
  @MethodSource("io.clickplane.stacks.cluster.ClusterModelTest#fleets")
  void onlyTheCustomersUserLogsInThroughTheGateway(String fleet) {
    ClusterModel model = ClusterModelTest.model(fleet);
    Map<String, Set<String>> users = ClickHouseLogins.throughGateway(model, CLIENT);
    users.putAll(ClickHouseLogins.throughGateway(model, LISTED_CLIENT));
    assertThat(users).hasSize(model.documents("ClickHouseInstallation").size());
    assertThat(users)
        .allSatisfy((service, logins) -> assertThat(logins).as(service).containsExactly("owner"));
  }

  @ParameterizedTest
  @MethodSource("io.clickplane.stacks.cluster.ClusterModelTest#fleets")
  void thePlatformsJobsStillLogInAsAdmin(String fleet) {
    ClusterModel model = ClusterModelTest.model(fleet);
    List<ModelPod> jobs =
        model.pods.stream()
            .filter(p -> p.owner().startsWith("Job/") || p.owner().startsWith("CronJob/"))
            .filter(p -> p.spec().toString().contains("clickhouse-client"))
            .toList();
    assertThat(jobs).isNotEmpty();
    for (ModelPod job : jobs) {
      for (JsonNode chi : model.documents("ClickHouseInstallation")) {
        boolean own =
            chi.at("/metadata/namespace").asText().equals(job.namespace())
                && chi.at("/metadata/labels/clickplane.io~1service")
                    .asText()
                    .equals(job.labels().get("clickplane.io/service"));
        if (own) {
          assertThat(ClickHouseLogins.usersFrom(model, chi, model.workload(job).ip()))
              .as(job + " to " + chi.at("/metadata/name").asText())
              .contains("admin");
        }
      }
    }
    // The operator keeps its own user; the servers reach each other as admin too.
    ModelPod host =
        model.pods.stream()
            .filter(p -> p.owner().startsWith("ClickHouseInstallation/"))
            .findFirst()
            .orElseThrow();
    JsonNode chi = ClickHouseLogins.installationOf(model, host);
    assertThat(ClickHouseLogins.usersFrom(model, chi, model.workload(model.operator).ip()))
        .contains("clickhouse_operator")
        .doesNotContain("admin");
    assertThat(ClickHouseLogins.usersFrom(model, chi, model.workload(host).ip())).contains("admin");
  }

  @ParameterizedTest
  @MethodSource("io.clickplane.stacks.cluster.ClusterModelTest#fleets")
  void anAdminAdmittedFromTheVpcRangeIsReachableFromTheInternet(String fleet) {
    ClusterModel model = ClusterModelTest.model(fleet);
    List<JsonNode> documents = new ArrayList<>();
    for (JsonNode doc : model.documents) {
      JsonNode copy = doc.deepCopy();
      if (copy.path("kind").asText().equals("ClickHouseInstallation")) {
        ObjectNode users = (ObjectNode) copy.at("/spec/configuration/users");
        ArrayNode ip = users.putArray("admin/networks/ip");
        ip.add("127.0.0.1").add("::1").add(model.podCidr);
      }
      documents.add(copy);
    }
    Map<String, Set<String>> users =
        ClickHouseLogins.throughGateway(new ClusterModel(documents, model.podCidr), CLIENT);
    assertThat(users)
        .isNotEmpty()
        .allSatisfy((service, logins) -> assertThat(logins).contains("admin"));
  }
}
