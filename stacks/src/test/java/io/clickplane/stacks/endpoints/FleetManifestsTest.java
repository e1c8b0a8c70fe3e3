package io.clickplane.stacks.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.testing.CrdSchemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole rendered dev fleet, every module together: every custom resource validates strictly
 * against its upstream CRD, and {@code kubectl kustomize} builds every directory Flux reads.
 */
class FleetManifestsTest {
  private static DevFleet fleet;

  @BeforeAll
  static void render() throws Exception {
    fleet = new DevFleet();
  }

  @Test
  void everyCustomResourceOfTheFleetValidatesStrictly() {
    CrdSchemas crds = CrdSchemas.shared();
    List<String> problems = new ArrayList<>();
    Set<String> groups = new TreeSet<>();
    for (JsonNode doc : fleet.documents) {
      String api = doc.path("apiVersion").asText();
      String kind = doc.path("kind").asText();
      if (!api.contains(".")
          || api.contains(".k8s.io/")
          || kind.equals("Kustomization") && api.startsWith("kustomize.config")) {
        continue;
      }
      assertThat(crds.knows(api, kind))
          .as(api + " " + kind + " has a CRD to check against")
          .isTrue();
      groups.add(api.substring(0, api.indexOf('/')));
      crds.problems(doc)
          .forEach(p -> problems.add(kind + " " + doc.at("/metadata/name").asText() + ": " + p));
    }
    assertThat(problems).isEmpty();
    assertThat(groups)
        .contains(
            "cert-manager.io",
            "clickhouse.altinity.com",
            "helm.toolkit.fluxcd.io",
            "kustomize.toolkit.fluxcd.io",
            "networking.istio.io",
            "security.istio.io");
  }

  @Test
  void kubectlKustomizeBuildsEveryDirectory(@TempDir Path dir) throws Exception {
    for (Map.Entry<String, byte[]> e : fleet.tree.files().entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
    }
    List<String> built = new ArrayList<>();
    for (String path : fleet.tree.paths()) {
      if (!path.endsWith("/kustomization.yaml")) {
        continue;
      }
      String kdir = path.substring(0, path.lastIndexOf('/'));
      Process p =
          new ProcessBuilder("kubectl", "kustomize", dir.resolve(kdir).toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(kdir + ":\n" + out).isZero();
      built.add(kdir);
      if (kdir.equals("tenants/dev")) {
        assertThat(out)
            .containsPattern("(?m)^kind: NetworkPolicy$")
            .containsPattern("(?m)^kind: AuthorizationPolicy$")
            .containsPattern("(?m)^kind: Gateway$");
      }
      if (kdir.equals("tenants/dev/acme/events")) {
        assertThat(out)
            .containsPattern("(?m)^kind: VirtualService$")
            .containsPattern("(?m)^kind: DestinationRule$")
            .containsPattern("(?m)^kind: Certificate$");
      }
    }
    assertThat(built)
        .contains(
            "infrastructure/dev/controllers/istio",
            "infrastructure/dev/controllers/cert-manager",
            "infrastructure/dev/controllers/external-dns",
            "infrastructure/dev/configs/istio-ingress",
            "tenants/dev",
            "tenants/dev/acme/events");
  }
}
