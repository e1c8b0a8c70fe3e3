package io.clickplane.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.core.testing.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every ServiceMonitor, PodMonitor and PrometheusRule validates strictly against the
 * prometheus-operator CRDs in {@code ../shared/crds/prometheus-operator}; the Flux objects against
 * the Flux CRDs.
 */
class MonitoringSchemaTest {
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyCustomResourceValidatesStrictly(String stack) {
    CrdSchemas prometheus = CrdSchemas.load(Repo.shared().resolve("crds/prometheus-operator"));
    CrdSchemas flux = CrdSchemas.load(Repo.shared().resolve("crds/flux"));
    ManifestSet tree = Rendered.tree(stack);
    List<String> problems = new ArrayList<>();
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (Map.Entry<String, JsonNode> e : Rendered.documents(tree).entrySet()) {
      JsonNode doc = e.getValue();
      String apiVersion = doc.path("apiVersion").asText();
      String kind = doc.path("kind").asText();
      CrdSchemas schemas =
          apiVersion.startsWith("monitoring.coreos.com/")
              ? prometheus
              : apiVersion.contains("fluxcd.io/") ? flux : null;
      if (schemas == null) {
        continue;
      }
      assertThat(schemas.knows(apiVersion, kind)).as(apiVersion + " " + kind).isTrue();
      counts.merge(kind, 1, Integer::sum);
      schemas.problems(doc).forEach(p -> problems.add(e.getKey() + ": " + p));
    }
    assertThat(problems).isEmpty();
    int services =
        Rendered.spec(stack).organisations().stream().mapToInt(o -> o.services().size()).sum();
    assertThat(counts)
        .containsEntry("PodMonitor", 2 * services)
        .containsEntry("ServiceMonitor", 2)
        .containsEntry("PrometheusRule", 1)
        .containsEntry("HelmRelease", 1)
        .containsEntry("HelmRepository", 1);
  }

  @org.junit.jupiter.api.Test
  void theSchemasAreThoseOfTheOperatorThePinnedChartShips() throws Exception {
    // The chart pins the operator; the shared CRDs must be that operator's, or validation would
    // check against the wrong schema.
    java.nio.file.Path dir = Repo.shared().resolve("crds/prometheus-operator");
    int crds = 0;
    try (var files = java.nio.file.Files.list(dir)) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        JsonNode crd = Rendered.YAML.readTree(file.toFile());
        assertThat(crd.at("/metadata/annotations").get("operator.prometheus.io/version").asText())
            .as(file.toString())
            .isEqualTo(MonitoringStack.OPERATOR_VERSION);
        crds++;
      }
    }
    assertThat(crds).isEqualTo(3);
  }

  @org.junit.jupiter.api.Test
  void aBrokenMonitorIsRejected() {
    // The validator is strict for these kinds: an unknown field and a wrong type both fail.
    CrdSchemas prometheus = CrdSchemas.load(Repo.shared().resolve("crds/prometheus-operator"));
    JsonNode monitor = Rendered.ofKind(Rendered.tree("dev"), "PodMonitor").get(0).deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) monitor.path("spec"))
        .put("scrapeEverything", true);
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            monitor.path("spec").path("podMetricsEndpoints").get(0))
        .put("portNumber", "ninety");
    assertThat(prometheus.problems(monitor))
        .anySatisfy(p -> assertThat(p).contains("scrapeEverything"))
        .anySatisfy(p -> assertThat(p).contains("portNumber"));
  }
}
