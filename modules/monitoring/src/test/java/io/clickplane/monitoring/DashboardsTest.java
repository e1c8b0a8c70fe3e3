package io.clickplane.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dashboards are valid JSON, loaded by Grafana's sidecar, filtered by environment, organisation and
 * service; every metric name a dashboard or an alert queries is in {@code metric-names.tsv} with
 * the exporter that produces it and its source; the queries parse as PromQL.
 */
class DashboardsTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** metric → "producer — source" from metric-names.tsv. */
  static Map<String, String> knownMetrics() throws Exception {
    Map<String, String> known = new TreeMap<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                DashboardsTest.class.getResourceAsStream("metric-names.tsv"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t");
        assertThat(cols).as(line).hasSize(3);
        assertThat(cols[1]).isNotBlank();
        assertThat(cols[2]).isNotBlank();
        assertThat(known.put(cols[0], cols[1] + " — " + cols[2]))
            .as("duplicate " + cols[0])
            .isNull();
      }
    }
    return known;
  }

  private static List<JsonNode> renderedDashboards() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode configMap : Rendered.ofKind(Rendered.tree("dev"), "ConfigMap")) {
      assertThat(configMap.at("/metadata/namespace").asText()).isEqualTo("monitoring");
      assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
      var fields = configMap.path("data").fields();
      while (fields.hasNext()) {
        var e = fields.next();
        assertThat(e.getKey()).endsWith(".json");
        out.add(STRICT.readTree(e.getValue().asText()));
      }
    }
    return out;
  }

  @Test
  void dashboardsAreValidJsonWithTheFilteringVariables() throws Exception {
    List<JsonNode> dashboards = renderedDashboards();
    Set<String> uids = new HashSet<>();
    for (JsonNode d : dashboards) {
      assertThat(uids.add(d.path("uid").asText())).isTrue();
      List<String> variables = new ArrayList<>();
      for (JsonNode v : d.at("/templating/list")) {
        variables.add(v.path("name").asText());
      }
      assertThat(variables).contains("environment", "organisation", "service");
      assertThat(d.path("panels")).isNotEmpty();
      for (JsonNode panel : d.path("panels")) {
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        for (JsonNode target : panel.path("targets")) {
          String expr = target.path("expr").asText();
          // every panel is filtered by the service variable (directly or through the
          // kube-state-metrics label it is copied from)
          assertThat(expr).as(panel.path("title").asText()).contains("$service");
        }
      }
    }
    assertThat(uids).containsExactlyInAnyOrder("clickplane-fleet", "clickplane-service");
  }

  @Test
  void everyQueriedMetricIsProducedByAnExporterInTheTree() throws Exception {
    Map<String, String> known = knownMetrics();
    Map<String, String> unknown = new TreeMap<>();
    Set<String> used = new TreeSet<>();
    List<String> queries = new ArrayList<>();
    for (Dashboards.Dashboard d : Dashboards.all()) {
      queries.addAll(d.queries());
    }
    for (AlertRule rule : AlertRules.all(AlertThresholds.DEFAULT)) {
      queries.add(rule.expr());
    }
    for (String query : queries) {
      Set<String> names = PromQl.metricNames(query);
      assertThat(names).as(query).isNotEmpty();
      for (String name : names) {
        used.add(name);
        if (!known.containsKey(name)) {
          unknown.put(name, query);
        }
      }
    }
    assertThat(unknown).as("metrics without a known producer").isEmpty();
    assertThat(known.keySet()).as("listed but never queried").isEqualTo(used);
  }

  @Test
  void theMetricNameExtractionIsNotFooled() {
    assertThat(
            PromQl.metricNames(
                "max by (organisation, service) (rate(foo_total{a=\"b(c)\", d=~\"$x\"}[5m]))"
                    + " * on (namespace) group_left (label_x) bar_info unless baz == 1"))
        .containsExactly("foo_total", "bar_info", "baz");
    assertThat(PromQl.metricNames("label_values(up{component=\"x\"}, environment)"))
        .containsExactly("up");
    assertThat(PromQl.metricNames("count(x > 1e9) or vector(0)")).containsExactly("x");
  }

  @Test
  void everyDashboardQueryParsesAsPromQl(@TempDir Path dir) throws Exception {
    // promtool's parser checks each query, wrapped as a recording rule.
    StringBuilder rules = new StringBuilder("groups:\n- name: dashboards\n  rules:\n");
    int n = 0;
    for (Dashboards.Dashboard d : Dashboards.all()) {
      for (String query : d.queries()) {
        if (query.startsWith("label_values(")) {
          query = query.substring("label_values(".length(), query.lastIndexOf(','));
        }
        rules
            .append("  - record: dashboard:q")
            .append(n++)
            .append("\n    expr: ")
            .append(STRICT.writeValueAsString(query))
            .append('\n');
      }
    }
    Files.writeString(dir.resolve("dashboards.yaml"), rules);
    Promtool.Result result = Promtool.run(dir, "check", "rules", "dashboards.yaml");
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
  }
}
