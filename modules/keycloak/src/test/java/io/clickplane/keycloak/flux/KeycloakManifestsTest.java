package io.clickplane.keycloak.flux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.core.testing.Repo;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Keycloak objects Flux applies: strictly valid, wired to each other and to the cloud side. */
class KeycloakManifestsTest {
  private static PlatformSpec spec;
  private static ManifestSet tree;

  @BeforeAll
  static void render() throws Exception {
    spec = StackConfig.load(Repo.stackFile("prod"));
    tree = KeycloakManifests.render(spec);
  }

  private static String file(String path) {
    assertThat(tree.contains(path)).as(path + " in " + tree.paths()).isTrue();
    return tree.text(path);
  }

  private static JsonNode doc(String path) {
    List<JsonNode> docs = CrdSchemas.documents(file(path));
    assertThat(docs).hasSize(1);
    return docs.get(0);
  }

  @Test
  void rendersTheOperatorTheInstanceAndTheRoute() {
    assertThat(tree.paths())
        .containsExactly(
            "clusters/prod/keycloak.yaml",
            "infrastructure/prod/controllers/keycloak/gitrepository.yaml",
            "infrastructure/prod/controllers/keycloak/namespace.yaml",
            "infrastructure/prod/controllers/keycloak/operator.yaml",
            "infrastructure/prod/keycloak/externalsecret.yaml",
            "infrastructure/prod/keycloak/keycloak.yaml",
            "infrastructure/prod/keycloak/route/certificate.yaml",
            "infrastructure/prod/keycloak/route/gateway.yaml",
            "infrastructure/prod/keycloak/route/virtualservice.yaml",
            "infrastructure/prod/keycloak/secretstore.yaml",
            "infrastructure/prod/keycloak/serviceaccount.yaml");
  }

  @Test
  void everyCustomResourceIsValidAgainstItsUpstreamSchema() {
    CrdSchemas schemas = CrdSchemas.shared();
    int checked = 0;
    for (String path : tree.paths()) {
      JsonNode node = doc(path);
      String apiVersion = node.path("apiVersion").asText();
      if (apiVersion.equals("v1")) {
        continue;
      }
      assertThat(schemas.knows(apiVersion, node.path("kind").asText()))
          .as(path + " " + apiVersion)
          .isTrue();
      assertThat(schemas.problems(node)).as(path).isEmpty();
      checked++;
    }
    assertThat(checked).isEqualTo(9);
  }

  @Test
  void keycloakResourceComesFromTheStackAndReadsTheManagedSecret() {
    JsonNode keycloak = doc("infrastructure/prod/keycloak/keycloak.yaml").path("spec");
    assertThat(keycloak.path("instances").asInt()).isEqualTo(spec.keycloak().instances());
    assertThat(keycloak.path("image").asText())
        .isEqualTo("quay.io/keycloak/keycloak:" + spec.keycloak().version());
    assertThat(keycloak.path("hostname").path("hostname").asText())
        .isEqualTo("https://id." + spec.domain());
    JsonNode db = keycloak.path("db");
    assertThat(db.path("vendor").asText()).isEqualTo("postgres");
    assertThat(db.path("host").asText()).isEqualTo("${KEYCLOAK_DB_HOST}");
    assertThat(db.path("passwordSecret").path("name").asText()).isEqualTo("keycloak-db");

    JsonNode external = doc("infrastructure/prod/keycloak/externalsecret.yaml").path("spec");
    assertThat(external.path("target").path("name").asText()).isEqualTo("keycloak-db");
    assertThat(external.path("data").findValuesAsText("key"))
        .containsOnly("${KEYCLOAK_DB_SECRET_ARN}");
    JsonNode store = doc("infrastructure/prod/keycloak/secretstore.yaml").path("spec");
    assertThat(store.path("provider").path("aws").path("region").asText()).isEqualTo(spec.region());
    assertThat(store.at("/provider/aws/auth/jwt/serviceAccountRef/name").asText())
        .isEqualTo("keycloak-db");
    JsonNode account = doc("infrastructure/prod/keycloak/serviceaccount.yaml");
    assertThat(account.at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
        .isEqualTo("${KEYCLOAK_DB_ROLE_ARN}");
  }

  @Test
  void instanceWaitsForTheOperatorAndSubstitutesThePulumiConfigMap() {
    JsonNode kustomization = doc("clusters/prod/keycloak.yaml").path("spec");
    assertThat(kustomization.path("path").asText()).isEqualTo("./infrastructure/prod/keycloak");
    assertThat(kustomization.path("dependsOn").findValuesAsText("name"))
        .containsExactly("keycloak-operator", "infrastructure-configs");
    assertThat(kustomization.at("/postBuild/substituteFrom/0/name").asText())
        .isEqualTo(KeycloakManifests.DATABASE_CONFIG_MAP);
    JsonNode source =
        doc("infrastructure/prod/controllers/keycloak/gitrepository.yaml").path("spec");
    assertThat(source.at("/ref/tag").asText()).isEqualTo(spec.keycloak().version());
    assertThat(source.path("ignore").asText()).contains("/kubernetes/openshift.yml");
    JsonNode operator = doc("infrastructure/prod/controllers/keycloak/operator.yaml").path("spec");
    assertThat(operator.path("targetNamespace").asText()).isEqualTo("keycloak");
  }

  @Test
  void routeServesIdOverTlsAtTheGatewayToTheOperatorsService() {
    String host = "id." + spec.domain();
    JsonNode gateway = doc("infrastructure/prod/keycloak/route/gateway.yaml");
    assertThat(gateway.at("/metadata/namespace").asText()).isEqualTo("istio-ingress");
    JsonNode server = gateway.at("/spec/servers/0");
    assertThat(server.at("/hosts/0").asText()).isEqualTo(host);
    assertThat(server.at("/tls/mode").asText()).isEqualTo("SIMPLE");
    assertThat(server.at("/tls/credentialName").asText()).isEqualTo(KeycloakRoute.TLS_SECRET);
    JsonNode certificate = doc("infrastructure/prod/keycloak/route/certificate.yaml");
    assertThat(certificate.at("/metadata/namespace").asText()).isEqualTo("istio-ingress");
    assertThat(certificate.at("/spec/secretName").asText()).isEqualTo(KeycloakRoute.TLS_SECRET);
    assertThat(certificate.at("/spec/dnsNames/0").asText()).isEqualTo(host);
    JsonNode route = doc("infrastructure/prod/keycloak/route/virtualservice.yaml").path("spec");
    assertThat(route.at("/gateways/0").asText()).isEqualTo("istio-ingress/keycloak");
    assertThat(route.at("/http/0/route/0/destination/host").asText())
        .isEqualTo("keycloak-service.keycloak.svc.cluster.local");
    assertThat(route.at("/http/0/route/0/destination/port/number").asInt()).isEqualTo(8080);
  }

  @Test
  void renderingIsAPureFunctionOfTheSpec() {
    assertThat(KeycloakManifests.render(spec)).isEqualTo(tree);
  }
}
