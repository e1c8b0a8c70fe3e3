package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.UpgradeSpec;
import io.clickplane.core.testing.CrdSchemas;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The TLS endpoint every installation serves, and the canary replica of an upgrade. */
class EndpointAndCanaryTest {
  private final PlatformSpec dev = Stacks.load("dev");

  private static JsonNode chi(PlatformSpec spec, String org, String service) throws Exception {
    ManifestSet tree = ClickHouseRenderer.render(spec);
    return Yaml.mapper()
        .readTree(tree.text("tenants/dev/" + org + "/" + service + "/clickhouseinstallation.yaml"));
  }

  private static PlatformSpec withCanary(PlatformSpec spec, String org, String service, String v) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec o : spec.organisations()) {
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : o.services()) {
        boolean target = o.name().equals(org) && s.name().equals(service);
        services.add(target ? s.withUpgrade(new UpgradeSpec(v)) : s);
      }
      orgs.add(o.withServices(services));
    }
    return spec.withOrganisations(orgs);
  }

  @Test
  void clickHouseServesTheEndpointWithTheMountedCertificate() throws Exception {
    JsonNode spec = chi(dev, "globex", "clicks").path("spec");
    String tls = spec.at("/configuration/files/config.d~1clickplane-tls.xml").asText();
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(tls.getBytes(StandardCharsets.UTF_8)));
    var xpath = XPathFactory.newInstance().newXPath();
    assertThat(xpath.evaluate("/clickhouse/tcp_port_secure", doc)).isEqualTo("9440");
    assertThat(xpath.evaluate("/clickhouse/https_port", doc)).isEqualTo("8443");
    String certificate = xpath.evaluate("/clickhouse/openSSL/server/certificateFile", doc);
    String key = xpath.evaluate("/clickhouse/openSSL/server/privateKeyFile", doc);

    JsonNode pod = spec.at("/templates/podTemplates/0/spec");
    JsonNode volume = pod.at("/volumes/0");
    assertThat(volume.at("/secret/secretName").asText()).isEqualTo("clickhouse-clicks-tls");
    JsonNode mount = null;
    for (JsonNode m : pod.at("/containers/0/volumeMounts")) {
      if (m.path("name").asText().equals(volume.path("name").asText())) {
        mount = m;
      }
    }
    assertThat(mount).as("the certificate volume is mounted").isNotNull();
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    String dir = mount.path("mountPath").asText();
    assertThat(certificate).isEqualTo(dir + "/tls.crt");
    assertThat(key).isEqualTo(dir + "/tls.key");

    List<Integer> ports = new ArrayList<>();
    spec.at("/templates/serviceTemplates/0/spec/ports")
        .forEach(p -> ports.add(p.path("targetPort").asInt()));
    assertThat(ports).contains(9440, 8443);
  }

  @Test
  void aCanaryRunsReplicaZeroOfEveryShardOnTheNewImage() throws Exception {
    PlatformSpec spec = withCanary(dev, "globex", "clicks", "25.3");
    JsonNode chi = chi(spec, "globex", "clicks");
    assertThat(CrdSchemas.shared().problems(chi)).isEmpty();
    JsonNode layout = chi.at("/spec/configuration/clusters/0/layout");
    assertThat(layout.path("shardsCount").asInt()).isEqualTo(2);
    assertThat(layout.path("replicasCount").asInt()).isEqualTo(3);
    assertThat(layout.path("replicas")).hasSize(1);
    assertThat(layout.at("/replicas/0/name").asText()).isEqualTo("0");
    String canaryTemplate = layout.at("/replicas/0/templates/podTemplate").asText();

    JsonNode templates = chi.at("/spec/templates/podTemplates");
    assertThat(templates).hasSize(2);
    String defaultTemplate = chi.at("/spec/defaults/templates/podTemplate").asText();
    for (JsonNode t : templates) {
      String image = t.at("/spec/containers/0/image").asText();
      if (t.path("name").asText().equals(canaryTemplate)) {
        assertThat(image).isEqualTo(ClickHouseDefaults.serverImage("25.3"));
      } else {
        assertThat(t.path("name").asText()).isEqualTo(defaultTemplate);
        assertThat(image).isEqualTo(ClickHouseDefaults.serverImage("26.3"));
      }
    }
    // The canary pod differs from the others by its image only.
    JsonNode canary =
        templates.get(0).path("name").asText().equals(canaryTemplate)
            ? templates.get(0)
            : templates.get(1);
    JsonNode regular = canary == templates.get(0) ? templates.get(1) : templates.get(0);
    String a =
        canary.path("spec").toString().replace(ClickHouseDefaults.serverImage("25.3"), "server:X");
    String b =
        regular.path("spec").toString().replace(ClickHouseDefaults.serverImage("26.3"), "server:X");
    assertThat(a).isEqualTo(b);
  }

  @Test
  void withoutACanaryEveryReplicaUsesTheDefaultTemplate() throws Exception {
    JsonNode chi = chi(dev, "globex", "clicks");
    assertThat(chi.at("/spec/configuration/clusters/0/layout").has("replicas")).isFalse();
    assertThat(chi.at("/spec/templates/podTemplates")).hasSize(1);
  }
}
