package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.CrdSchemas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The External Secrets objects of the dev fleet, strictly valid and naming only their own. */
class ExternalSecretsTest {
  private final PlatformSpec dev = Stacks.load("dev");
  private final ManifestSet tree = ExternalSecrets.render(dev);

  @Test
  void everyObjectIsValidAgainstTheUpstreamSchemas() {
    CrdSchemas crds = CrdSchemas.shared();
    List<String> problems = new ArrayList<>();
    int custom = 0;
    for (String path : tree.paths()) {
      for (JsonNode doc : CrdSchemas.documents(tree.text(path))) {
        if (crds.knows(doc.path("apiVersion").asText(), doc.path("kind").asText())) {
          custom++;
          crds.problems(doc).forEach(p -> problems.add(path + ": " + p));
        }
      }
    }
    assertThat(problems).isEmpty();
    // HelmRepository + HelmRelease, a SecretStore per organisation, an ExternalSecret per service.
    assertThat(custom).isEqualTo(2 + dev.organisations().size() + dev.serviceCount());
  }

  @Test
  void eachServiceReadsItsOwnSecretThroughItsOrganisationsStore() throws Exception {
    JsonNode es = Yaml.mapper().readTree(tree.text("tenants/dev/acme/events/externalsecret.yaml"));
    assertThat(es.at("/metadata/namespace").asText()).isEqualTo("acme");
    assertThat(es.at("/spec/target/name").asText()).isEqualTo("clickhouse-events-credentials");
    assertThat(es.at("/spec/secretStoreRef/name").asText()).isEqualTo("clickplane-secrets-manager");
    assertThat(es.at("/spec/data").findValuesAsText("secretKey"))
        .containsExactly("admin-password", "owner-password", "interserver-secret");
    assertThat(es.at("/spec/data").findValuesAsText("key"))
        .containsOnly("clickplane/dev/tenants/acme/events/clickhouse");

    JsonNode store = Yaml.mapper().readTree(tree.text("tenants/dev/acme/secretstore.yaml"));
    assertThat(store.at("/spec/provider/aws/auth/jwt/serviceAccountRef/name").asText())
        .isEqualTo("clickplane-secrets");
    JsonNode account =
        Yaml.mapper().readTree(tree.text("tenants/dev/acme/secrets-serviceaccount.yaml"));
    assertThat(account.at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
        .isEqualTo(
            "arn:aws:iam::${clickplane_aws_account_id}:role/"
                + io.clickplane.core.naming.SecretNames.organisationRole(dev, "acme"));

    JsonNode release =
        Yaml.mapper()
            .readTree(
                tree.text("infrastructure/dev/controllers/external-secrets/helmrelease.yaml"));
    assertThat(release.at("/spec/chart/spec/version").asText()).isEqualTo("2.9.0");
  }
}
