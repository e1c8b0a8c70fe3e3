package io.clickplane.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Grafana dashboards as ConfigMaps the chart's dashboard sidecar loads ({@link
 * MonitoringStack#DASHBOARD_LABEL}): a fleet overview and a per-service view, both filtered by
 * environment, organisation and service variables. The queries use only the series named in the
 * scrape targets and alert rules (a test checks each metric name against a list with sources).
 */
public final class Dashboards {
  private static final ObjectWriter JSON =
      new ObjectMapper()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writer(
              new DefaultPrettyPrinter()
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private static final String CH = "component=\"" + MetricLabels.COMPONENT_CLICKHOUSE + "\"";

  /** The variables' filter, inside a selector. */
  private static final String SEL =
      MetricLabels.ENVIRONMENT
          + "=~\"$environment\", "
          + MetricLabels.ORGANISATION
          + "=~\"$organisation\", "
          + MetricLabels.SERVICE
          + "=~\"$service\"";

  private Dashboards() {}

  /** A dashboard: its uid (also the ConfigMap's name and data key) and its JSON model. */
  public record Dashboard(String uid, String title, Map<String, Object> model) {
    public String json() {
      try {
        return JSON.writeValueAsString(model) + "\n";
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Every PromQL query of the dashboard: panel targets and variable queries. */
    @SuppressWarnings("unchecked")
    public List<String> queries() {
      List<String> out = new ArrayList<>();
      for (Object panel : (List<Object>) model.get("panels")) {
        Object targets = ((Map<String, Object>) panel).get("targets");
        if (targets != null) {
          for (Object target : (List<Object>) targets) {
            out.add((String) ((Map<String, Object>) target).get("expr"));
          }
        }
      }
      Map<String, Object> templating = (Map<String, Object>) model.get("templating");
      for (Object variable : (List<Object>) templating.get("list")) {
        Map<String, Object> v = (Map<String, Object>) variable;
        if ("query".equals(v.get("type"))) {
          out.add((String) v.get("query"));
        }
      }
      return out;
    }
  }

  public static List<Dashboard> all() {
    return List.of(fleet(), service());
  }

  static ConfigMap configMap(Dashboard dashboard, Map<String, String> labels) {
    Map<String, String> all = new TreeMap<>(labels);
    all.put(MonitoringStack.DASHBOARD_LABEL, MonitoringStack.DASHBOARD_LABEL_VALUE);
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("dashboard-" + dashboard.uid())
        .withNamespace(Namespaces.MONITORING)
        .withLabels(all)
        .endMetadata()
        .withData(Map.of(dashboard.uid() + ".json", dashboard.json()))
        .build();
  }

  static Dashboard fleet() {
    Panels p = new Panels();
    p.stat(
        "ClickHouse services up",
        "count(count by (organisation, service) (up{" + CH + ", " + SEL + "} == 1)) or vector(0)",
        "none");
    p.stat("ClickHouse pods down", "count(up{" + CH + ", " + SEL + "} == 0) or vector(0)", "none");
    p.stat(
        "Alerts firing", "count(ALERTS{alertstate=\"firing\", " + SEL + "}) or vector(0)", "none");
    p.stat(
        "Installations not Completed",
        "count("
            + AlertRules.notCompleted().replace("_generation ", "_generation{" + SEL + "} ")
            + ") or vector(0)",
        "none");
    p.series(
        "Queries per second",
        "sum by (organisation, service) (rate(ClickHouseProfileEvents_Query{"
            + CH
            + ", "
            + SEL
            + "}[5m]))",
        "{{organisation}}/{{service}}",
        "reqps");
    p.series(
        "Failed queries per second",
        "sum by (organisation, service) (rate(ClickHouseProfileEvents_FailedQuery{"
            + CH
            + ", "
            + SEL
            + "}[5m]))",
        "{{organisation}}/{{service}}",
        "reqps");
    p.series(
        "Inserted rows per second",
        "sum by (organisation, service) (rate(ClickHouseProfileEvents_InsertedRows{"
            + CH
            + ", "
            + SEL
            + "}[5m]))",
        "{{organisation}}/{{service}}",
        "rowsps");
    p.series(
        "Memory tracked by ClickHouse",
        "sum by (organisation, service) (ClickHouseMetrics_MemoryTracking{"
            + CH
            + ", "
            + SEL
            + "})",
        "{{organisation}}/{{service}}",
        "bytes");
    p.series(
        "Largest replica delay",
        "max by (organisation, service) (ClickHouseAsyncMetrics_ReplicasMaxAbsoluteDelay{"
            + CH
            + ", "
            + SEL
            + "})",
        "{{organisation}}/{{service}}",
        "s");
    p.series(
        "Most parts in a partition",
        "max by (organisation, service) (ClickHouseAsyncMetrics_MaxPartCountForPartition{"
            + CH
            + ", "
            + SEL
            + "})",
        "{{organisation}}/{{service}}",
        "none");
    p.series(
        "Fullest disk",
        "max by (organisation, service) (1 - chi_clickhouse_metric_DiskFreeBytes{"
            + SEL
            + "} / chi_clickhouse_metric_DiskTotalBytes{"
            + SEL
            + "})",
        "{{organisation}}/{{service}}",
        "percentunit");
    p.series(
        "Age of the newest good backup",
        "max by (organisation, service) (" + backupAge() + ")",
        "{{organisation}}/{{service}}",
        "s");
    return new Dashboard(
        "clickplane-fleet",
        "clickplane / Fleet overview",
        p.dashboard("clickplane-fleet", "clickplane / Fleet overview"));
  }

  static Dashboard service() {
    Panels p = new Panels();
    String chSel = "{" + CH + ", " + SEL + "}";
    p.stat("Pods up", "sum(up" + chSel + ") or vector(0)", "none");
    p.stat(
        "Read-only tables",
        "sum(ClickHouseMetrics_ReadonlyReplica" + chSel + ") or vector(0)",
        "none");
    p.stat(
        "Coordinator nodes up",
        "sum(up{component=~\"zookeeper|keeper\", " + SEL + "}) or vector(0)",
        "none");
    p.stat("Backup age", "max(" + backupAge() + ")", "s");
    p.series("Running queries", "ClickHouseMetrics_Query" + chSel, "{{pod}}", "none");
    p.series(
        "Queries per second",
        "rate(ClickHouseProfileEvents_Query" + chSel + "[5m])",
        "{{pod}}",
        "reqps");
    p.series(
        "Failed queries per second",
        "rate(ClickHouseProfileEvents_FailedQuery" + chSel + "[5m])",
        "{{pod}}",
        "reqps");
    p.series(
        "Rows inserted and read per second",
        "rate(ClickHouseProfileEvents_InsertedRows" + chSel + "[5m])",
        "{{pod}} inserted",
        "rowsps",
        "rate(ClickHouseProfileEvents_SelectedRows" + chSel + "[5m])",
        "{{pod}} read");
    p.series(
        "Memory",
        "ClickHouseMetrics_MemoryTracking" + chSel,
        "{{pod}} tracked",
        "bytes",
        "ClickHouseAsyncMetrics_CGroupMemoryTotal" + chSel,
        "{{pod}} limit");
    p.series(
        "Merges and mutations running",
        "ClickHouseMetrics_Merge" + chSel,
        "{{pod}} merges",
        "none",
        "ClickHouseMetrics_PartMutation" + chSel,
        "{{pod}} mutations");
    p.series(
        "Most parts in a partition",
        "ClickHouseAsyncMetrics_MaxPartCountForPartition" + chSel,
        "{{pod}}",
        "none");
    p.series(
        "Replica delay", "ClickHouseAsyncMetrics_ReplicasMaxAbsoluteDelay" + chSel, "{{pod}}", "s");
    p.series(
        "Replication queue",
        "ClickHouseAsyncMetrics_ReplicasMaxQueueSize" + chSel,
        "{{pod}} queue",
        "none",
        "ClickHouseAsyncMetrics_ReplicasMaxMergesInQueue" + chSel,
        "{{pod}} merges queued");
    p.series(
        "Disk usage by volume",
        "1 - chi_clickhouse_metric_DiskFreeBytes{"
            + SEL
            + "} / chi_clickhouse_metric_DiskTotalBytes{"
            + SEL
            + "}",
        "{{hostname}} {{disk}}",
        "percentunit");
    p.series(
        "Largest tables",
        "topk(10, sum by (database, table) (chi_clickhouse_table_parts_bytes{active=\"1\", "
            + SEL
            + "}))",
        "{{database}}.{{table}}",
        "bytes");
    p.series(
        "Unfinished mutations",
        "sum by (database, table) (chi_clickhouse_table_mutations{" + SEL + "})",
        "{{database}}.{{table}}",
        "none");
    p.series(
        "ZooKeeper requests queued and latency",
        "outstanding_requests{component=\"zookeeper\", " + SEL + "}",
        "{{pod}} queued",
        "none",
        "avg_latency{component=\"zookeeper\", " + SEL + "}",
        "{{pod}} average latency (ms)");
    p.series(
        "ZooKeeper connections and znodes",
        "num_alive_connections{component=\"zookeeper\", " + SEL + "}",
        "{{pod}} connections",
        "none",
        "znode_count{component=\"zookeeper\", " + SEL + "}",
        "{{pod}} znodes");
    p.series(
        "Keeper requests queued and connections",
        "ClickHouseMetrics_KeeperOutstandingRequests{component=\"keeper\", " + SEL + "}",
        "{{pod}} queued",
        "none",
        "ClickHouseMetrics_KeeperAliveConnections{component=\"keeper\", " + SEL + "}",
        "{{pod}} connections");
    p.series(
        "Container restarts (1h)",
        AlertRules.attributed(
            "increase(kube_pod_container_status_restarts_total[1h])",
            "namespace, pod",
            "kube_pod_labels",
            kubeStateMetricsFilter()),
        "{{pod}} {{container}}",
        "none");
    return new Dashboard(
        "clickplane-service",
        "clickplane / Service",
        p.dashboard("clickplane-service", "clickplane / Service"));
  }

  /** Age of each service's newest successful backup, attributed. */
  private static String backupAge() {
    return AlertRules.attributed(
        "time() - kube_cronjob_status_last_successful_time",
        "namespace, cronjob",
        "kube_cronjob_labels",
        ", "
            + MetricLabels.KSM_COMPONENT
            + "=\""
            + Naming.COMPONENT_BACKUP
            + "\""
            + kubeStateMetricsFilter());
  }

  /** The variables' filter on kube-state-metrics' label series. */
  private static String kubeStateMetricsFilter() {
    return ", "
        + MetricLabels.KSM_ENVIRONMENT
        + "=~\"$environment\", "
        + MetricLabels.KSM_ORGANISATION
        + "=~\"$organisation\", "
        + MetricLabels.KSM_SERVICE
        + "=~\"$service\"";
  }

  /** Lays panels out on Grafana's 24-column grid, two series panels or four stats per row. */
  private static final class Panels {
    private final List<Object> panels = new ArrayList<>();
    private int x;
    private int y;
    private int rowHeight;

    void stat(String title, String expr, String unit) {
      Map<String, Object> panel = panel("stat", title, 6, 4, unit);
      panel.put("targets", List.of(target(expr, "", "A")));
      panels.add(panel);
    }

    void series(String title, String expr, String legend, String unit) {
      Map<String, Object> panel = panel("timeseries", title, 12, 8, unit);
      panel.put("targets", List.of(target(expr, legend, "A")));
      panels.add(panel);
    }

    void series(
        String title, String expr, String legend, String unit, String expr2, String legend2) {
      Map<String, Object> panel = panel("timeseries", title, 12, 8, unit);
      panel.put("targets", List.of(target(expr, legend, "A"), target(expr2, legend2, "B")));
      panels.add(panel);
    }

    private Map<String, Object> panel(String type, String title, int w, int h, String unit) {
      if (x + w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      Map<String, Object> panel = new LinkedHashMap<>();
      panel.put("id", panels.size() + 1);
      panel.put("type", type);
      panel.put("title", title);
      panel.put("datasource", datasource());
      panel.put("gridPos", Map.of("h", h, "w", w, "x", x, "y", y));
      panel.put("fieldConfig", Map.of("defaults", Map.of("unit", unit), "overrides", List.of()));
      x += w;
      rowHeight = Math.max(rowHeight, h);
      return panel;
    }

    private static Map<String, Object> target(String expr, String legend, String refId) {
      Map<String, Object> target = new LinkedHashMap<>();
      target.put("datasource", datasource());
      target.put("expr", expr);
      target.put("legendFormat", legend);
      target.put("refId", refId);
      return target;
    }

    Map<String, Object> dashboard(String uid, String title) {
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("uid", uid);
      model.put("title", title);
      model.put("tags", List.of("clickplane"));
      model.put("timezone", "utc");
      model.put("editable", false);
      model.put("refresh", "1m");
      model.put("schemaVersion", 39);
      model.put("version", 1);
      model.put("time", Map.of("from", "now-6h", "to", "now"));
      List<Object> variables = new ArrayList<>();
      Map<String, Object> ds = new LinkedHashMap<>();
      ds.put("name", "datasource");
      ds.put("label", "Data source");
      ds.put("type", "datasource");
      ds.put("query", "prometheus");
      variables.add(ds);
      String base = "up{" + CH;
      variables.add(variable(MetricLabels.ENVIRONMENT, base + "}"));
      variables.add(variable(MetricLabels.ORGANISATION, base + ", environment=~\"$environment\"}"));
      variables.add(
          variable(
              MetricLabels.SERVICE,
              base + ", environment=~\"$environment\", organisation=~\"$organisation\"}"));
      model.put("templating", Map.of("list", variables));
      model.put("panels", panels);
      return model;
    }

    private static Map<String, Object> variable(String label, String selector) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("name", label);
      v.put("label", label);
      v.put("type", "query");
      v.put("datasource", datasource());
      v.put("query", "label_values(" + selector + ", " + label + ")");
      v.put("refresh", 2);
      v.put("includeAll", true);
      v.put("multi", true);
      v.put("allValue", ".*");
      v.put("current", Map.of());
      v.put("sort", 1);
      return v;
    }

    private static Map<String, Object> datasource() {
      return Map.of("type", "prometheus", "uid", "${datasource}");
    }
  }
}
