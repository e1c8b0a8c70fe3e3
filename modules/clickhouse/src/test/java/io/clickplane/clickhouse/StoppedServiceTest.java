package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.ServiceState;
import io.clickplane.core.testing.CrdSchemas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stopped service, checked against the operator's CRD schemas (Altinity/clickhouse-operator
 * release-0.25.6): {@code spec.stop} is a StringBool enum on both ClickHouseInstallation and
 * ClickHouseKeeperInstallation; the operator then sets every StatefulSet's replicas to 0 and keeps
 * the PVCs.
 */
class StoppedServiceTest {
  static PlatformSpec allStopped(PlatformSpec spec) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : org.services()) {
        services.add(s.withState(ServiceState.STOPPED));
      }
      orgs.add(org.withServices(services));
    }
    return spec.withOrganisations(orgs);
  }

  @Test
  void everyInstallationStopsTheOperatorsWayAndValidatesAgainstTheCrd() {
    PlatformSpec prod = Stacks.load("prod");
    ManifestSet running = ClickHouseRenderer.render(prod);
    ManifestSet stopped = ClickHouseRenderer.render(allStopped(prod));
    CrdSchemas crds = CrdSchemas.shared();
    List<String> problems = new ArrayList<>();
    int installations = 0;
    int keepers = 0;
    int ensembles = 0;
    for (String path : stopped.paths()) {
      for (JsonNode doc : CrdSchemas.documents(stopped.text(path))) {
        String kind = doc.path("kind").asText();
        if (kind.equals(InstallationResource.KIND) || kind.equals(KeeperInstallation.KIND)) {
          crds.problems(doc).forEach(p -> problems.add(path + ": " + p));
          assertThat(doc.path("spec").path("stop").asText()).as(path).isEqualTo("yes");
          if (kind.equals(InstallationResource.KIND)) {
            installations++;
          } else {
            keepers++;
          }
        }
        if (kind.equals("StatefulSet") && path.contains("zookeeper")) {
          assertThat(doc.path("spec").path("replicas").asInt(-1)).as(path).isZero();
          ensembles++;
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(installations).isEqualTo(prod.serviceCount());
    assertThat(keepers + ensembles).isPositive();
    // The same files, volumes and users as when running: nothing is deleted by a stop.
    assertThat(stopped.paths()).isEqualTo(running.paths());
    for (String path : running.paths()) {
      for (JsonNode doc : CrdSchemas.documents(running.text(path))) {
        assertThat(doc.path("spec").has("stop")).as(path).isFalse();
      }
    }
  }

  @Test
  void theCrdSchemaRefusesAStopValueOutsideItsEnum() {
    PlatformSpec prod = allStopped(Stacks.load("prod"));
    ManifestSet tree = ClickHouseRenderer.render(prod);
    String path =
        tree.paths().stream()
            .filter(p -> p.endsWith("clickhouseinstallation.yaml"))
            .findFirst()
            .orElseThrow();
    JsonNode doc = CrdSchemas.documents(tree.text(path)).get(0);
    assertThat(CrdSchemas.shared().problems(doc)).isEmpty();
    ((ObjectNode) doc.path("spec")).put("stop", "paused");
    assertThat(CrdSchemas.shared().problems(doc)).isNotEmpty();
  }
}
