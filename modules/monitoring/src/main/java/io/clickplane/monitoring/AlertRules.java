package io.clickplane.monitoring;

import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The platform's alerts, as one {@code PrometheusRule} in namespace {@code monitoring}. Every
 * number comes from {@link AlertThresholds}; every alert links its section of {@code
 * docs/runbooks.md} ({@code runbook_url}) and carries {@code environment}, {@code organisation} and
 * {@code service} where the series can be attributed.
 *
 * <p>Sources of the series: ClickHouse's own endpoint (names {@code ClickHouseMetrics_*}, {@code
 * ClickHouseAsyncMetrics_*}), the operator's exporter ({@code chi_clickhouse_*}: per table and per
 * disk), ZooKeeper's metrics provider, kube-state-metrics (pods, CronJobs, and the installations'
 * status as custom resource state), cert-manager. The backup alerts need no extra component: a
 * service's backup is a CronJob labelled {@code app.kubernetes.io/component=backup}, and
 * kube-state-metrics reports when each CronJob last succeeded and when it runs next.
 */
public final class AlertRules {
  public static final String NAME = "clickplane-alerts";

  /** Relative link of the runbooks from the repository root. */
  public static final String RUNBOOKS = "docs/runbooks.md";

  private static final String ATTRIBUTION =
      "{{ $labels.organisation }}/{{ $labels.service }} ({{ $labels.environment }})";

  private AlertRules() {}

  /** Rule groups by name, in evaluation order. */
  public static Map<String, List<AlertRule>> groups(AlertThresholds t) {
    Map<String, List<AlertRule>> groups = new LinkedHashMap<>();
    groups.put("clickhouse", clickhouse(t));
    groups.put("clickhouse-tables", tables(t));
    groups.put("coordinator", coordinator(t));
    groups.put("kubernetes", kubernetes(t));
    groups.put("backups", backups(t));
    groups.put("restore-drills", drills(t));
    groups.put("certificates", certificates(t));
    return groups;
  }

  /** Every rule, in order. */
  public static List<AlertRule> all(AlertThresholds t) {
    List<AlertRule> all = new ArrayList<>();
    groups(t).values().forEach(all::addAll);
    return all;
  }

  static GenericKubernetesResource resource(AlertThresholds t, Map<String, String> labels) {
    List<Object> groups = new ArrayList<>();
    groups(t).forEach((name, rules) -> groups.add(map("name", name, "rules", rules(rules))));
    return ScrapeTargets.custom(
        "PrometheusRule", Namespaces.MONITORING, NAME, labels, map("groups", groups));
  }

  private static List<Object> rules(List<AlertRule> rules) {
    List<Object> out = new ArrayList<>();
    for (AlertRule rule : rules) {
      out.add(
          map(
              "alert",
              rule.alert(),
              "expr",
              rule.expr(),
              "for",
              rule.duration(),
              "labels",
              map("severity", rule.severity()),
              "annotations",
              map(
                  "summary",
                  rule.summary(),
                  "runbook_url",
                  RUNBOOKS + "#" + rule.runbookAnchor())));
    }
    return out;
  }

  private static String of(String component) {
    return "{" + MetricLabels.COMPONENT + "=\"" + component + "\"}";
  }

  private static final String CH = of(MetricLabels.COMPONENT_CLICKHOUSE);

  private static List<AlertRule> clickhouse(AlertThresholds t) {
    return List.of(
        new AlertRule(
            "ClickHouseDown",
            "up" + CH + " == 0",
            "5m",
            "critical",
            "ClickHouse pod {{ $labels.pod }} of " + ATTRIBUTION + " does not answer scrapes"),
        new AlertRule(
            "ClickHouseReplicaDelay",
            "ClickHouseAsyncMetrics_ReplicasMaxAbsoluteDelay"
                + CH
                + " > "
                + t.replicaDelaySeconds(),
            "10m",
            "warning",
            "Replica {{ $labels.pod }} of "
                + ATTRIBUTION
                + " is {{ $value | humanizeDuration }} behind"),
        new AlertRule(
            "ClickHouseReadOnlyReplica",
            "ClickHouseMetrics_ReadonlyReplica" + CH + " > 0",
            "5m",
            "critical",
            "{{ $value }} replicated tables of {{ $labels.pod }} in "
                + ATTRIBUTION
                + " are read-only"),
        new AlertRule(
            "ClickHouseTooManyParts",
            "ClickHouseAsyncMetrics_MaxPartCountForPartition"
                + CH
                + " > "
                + t.partsPerPartitionWarning(),
            "15m",
            "warning",
            "A partition on {{ $labels.pod }} of " + ATTRIBUTION + " has {{ $value }} parts"),
        new AlertRule(
            "ClickHouseTooManyParts",
            "ClickHouseAsyncMetrics_MaxPartCountForPartition"
                + CH
                + " > "
                + t.partsPerPartitionCritical(),
            "5m",
            "critical",
            "A partition on {{ $labels.pod }} of "
                + ATTRIBUTION
                + " has {{ $value }} parts: inserts are delayed"),
        new AlertRule(
            "ClickHouseMergesQueued",
            "ClickHouseAsyncMetrics_ReplicasMaxMergesInQueue" + CH + " > " + t.mergesQueued(),
            "30m",
            "warning",
            "{{ $value }} merges wait in a replication queue on {{ $labels.pod }} of "
                + ATTRIBUTION),
        new AlertRule(
            "ClickHouseMemoryNearLimit",
            "ClickHouseMetrics_MemoryTracking"
                + CH
                + " / (ClickHouseAsyncMetrics_CGroupMemoryTotal"
                + CH
                + " > 0) > "
                + number(t.memoryUsage()),
            "10m",
            "warning",
            "ClickHouse on {{ $labels.pod }} of "
                + ATTRIBUTION
                + " uses {{ $value | humanizePercentage }} of its memory"),
        new AlertRule(
            "ClickHouseNoCoordinatorSession",
            "ClickHouseMetrics_ZooKeeperSession" + CH + " == 0",
            "5m",
            "critical",
            "{{ $labels.pod }} of "
                + ATTRIBUTION
                + " has no session with its coordinator: replicated tables cannot write"));
  }

  private static final String EXPORTER_KEYS =
      String.join(
          ", ",
          MetricLabels.ENVIRONMENT,
          MetricLabels.ORGANISATION,
          MetricLabels.SERVICE,
          "hostname");

  private static List<AlertRule> tables(AlertThresholds t) {
    String disk =
        "1 - chi_clickhouse_metric_DiskFreeBytes / (chi_clickhouse_metric_DiskTotalBytes > 0)";
    return List.of(
        new AlertRule(
            "ClickHouseDiskUsage",
            disk + " > " + number(t.diskUsageWarning()),
            "10m",
            "warning",
            "Disk {{ $labels.disk }} of {{ $labels.hostname }} in "
                + ATTRIBUTION
                + " is {{ $value | humanizePercentage }} full"),
        new AlertRule(
            "ClickHouseDiskUsage",
            disk + " > " + number(t.diskUsageCritical()),
            "5m",
            "critical",
            "Disk {{ $labels.disk }} of {{ $labels.hostname }} in "
                + ATTRIBUTION
                + " is {{ $value | humanizePercentage }} full"),
        new AlertRule(
            "ClickHouseMutationsQueued",
            "sum by ("
                + EXPORTER_KEYS
                + ", database, table) (chi_clickhouse_table_mutations) > "
                + t.mutationsQueued(),
            "30m",
            "warning",
            "{{ $value }} mutations of {{ $labels.database }}.{{ $labels.table }} wait on"
                + " {{ $labels.hostname }} in "
                + ATTRIBUTION),
        new AlertRule(
            "ClickHouseMutationStuck",
            "chi_clickhouse_table_mutations_parts_to_do > 0"
                + " and delta(chi_clickhouse_table_mutations_parts_to_do[1h]) >= 0",
            "1h",
            "warning",
            "Mutations of {{ $labels.database }}.{{ $labels.table }} on {{ $labels.hostname }} in "
                + ATTRIBUTION
                + " made no progress for over an hour ({{ $value }} parts to do)"),
        new AlertRule(
            "ClickHouseCoordinatorSessionExpired",
            "max by ("
                + EXPORTER_KEYS
                + ") (chi_clickhouse_system_replicas_is_session_expired) > 0",
            "5m",
            "critical",
            "Replicated tables on {{ $labels.hostname }} in "
                + ATTRIBUTION
                + " have an expired coordinator session"),
        new AlertRule(
            "ClickHouseMetricsExporterDown",
            "up" + of(MetricLabels.COMPONENT_OPERATOR_EXPORTER) + " == 0",
            "10m",
            "warning",
            "The operator's metrics exporter does not answer: per-table and disk alerts are blind"),
        new AlertRule(
            "ClickHouseMetricsFetchFailing",
            "max by (" + EXPORTER_KEYS + ") (chi_clickhouse_metric_fetch_errors) > 0",
            "15m",
            "warning",
            "The operator's exporter cannot read {{ $labels.hostname }} of " + ATTRIBUTION));
  }

  private static List<AlertRule> coordinator(AlertThresholds t) {
    String zk = of(MetricLabels.COMPONENT_ZOOKEEPER);
    String keeper = of(MetricLabels.COMPONENT_KEEPER);
    String keys =
        String.join(
            ", ", MetricLabels.ENVIRONMENT, MetricLabels.ORGANISATION, MetricLabels.SERVICE);
    return List.of(
        new AlertRule(
            "ZooKeeperDown",
            "up" + zk + " == 0",
            "5m",
            "critical",
            "ZooKeeper node {{ $labels.pod }} of " + ATTRIBUTION + " does not answer"),
        new AlertRule(
            "ZooKeeperQuorumLost",
            "sum by (" + keys + ") (up" + zk + ") <= count by (" + keys + ") (up" + zk + ") / 2",
            "2m",
            "critical",
            "The ZooKeeper ensemble of "
                + ATTRIBUTION
                + " has lost its majority ({{ $value }} nodes up)"),
        new AlertRule(
            "ZooKeeperOutstandingRequests",
            "outstanding_requests" + zk + " > " + t.coordinatorOutstandingRequests(),
            "10m",
            "warning",
            "ZooKeeper node {{ $labels.pod }} of "
                + ATTRIBUTION
                + " has {{ $value }} requests queued"),
        new AlertRule(
            "KeeperDown",
            "up" + keeper + " == 0",
            "5m",
            "critical",
            "Keeper node {{ $labels.pod }} of " + ATTRIBUTION + " does not answer"),
        new AlertRule(
            "KeeperOutstandingRequests",
            "ClickHouseMetrics_KeeperOutstandingRequests"
                + keeper
                + " > "
                + t.coordinatorOutstandingRequests(),
            "10m",
            "warning",
            "Keeper node {{ $labels.pod }} of "
                + ATTRIBUTION
                + " has {{ $value }} requests queued"));
  }

  /**
   * {@code expr} joined to kube-state-metrics' labels series {@code labelsMetric} on {@code keys},
   * with the clickplane labels copied into {@code environment}, {@code organisation}, {@code
   * service} (and kube-state-metrics' spellings of them dropped).
   */
  static String attributed(String expr, String keys, String labelsMetric, String selector) {
    String joined =
        "("
            + expr
            + ") * on ("
            + keys
            + ") group_left ("
            + MetricLabels.KSM_ENVIRONMENT
            + ", "
            + MetricLabels.KSM_ORGANISATION
            + ", "
            + MetricLabels.KSM_SERVICE
            + ") "
            + labelsMetric
            + "{"
            + MetricLabels.KSM_SERVICE
            + "!=\"\""
            + selector
            + "}";
    joined = rename(joined, MetricLabels.ENVIRONMENT, MetricLabels.KSM_ENVIRONMENT);
    joined = rename(joined, MetricLabels.ORGANISATION, MetricLabels.KSM_ORGANISATION);
    joined = rename(joined, MetricLabels.SERVICE, MetricLabels.KSM_SERVICE);
    // The copies are enough: the kube-state-metrics spellings are dropped.
    return "max without ("
        + MetricLabels.KSM_ENVIRONMENT
        + ", "
        + MetricLabels.KSM_ORGANISATION
        + ", "
        + MetricLabels.KSM_SERVICE
        + ") ("
        + joined
        + ")";
  }

  private static String rename(String expr, String to, String from) {
    return "label_replace(" + expr + ", \"" + to + "\", \"$1\", \"" + from + "\", \"(.*)\")";
  }

  private static List<AlertRule> kubernetes(AlertThresholds t) {
    return List.of(
        new AlertRule(
            "ClickHousePodRestarting",
            attributed(
                    "increase(kube_pod_container_status_restarts_total[1h])",
                    "namespace, pod",
                    "kube_pod_labels",
                    "")
                + " >= "
                + t.podRestartsPerHour(),
            "0s",
            "warning",
            "Container {{ $labels.container }} of {{ $labels.pod }} in "
                + ATTRIBUTION
                + " restarted {{ $value }} times in an hour"),
        new AlertRule(
            "ClickHouseInstallationNotCompleted",
            notCompleted(),
            t.installationNotCompletedMinutes() + "m",
            "warning",
            "The ClickHouseInstallation of "
                + ATTRIBUTION
                + " has not been Completed for "
                + t.installationNotCompletedMinutes()
                + " minutes"));
  }

  /** Installations whose status is anything but Completed, or not there yet. */
  static String notCompleted() {
    String prefix = MonitoringStack.CUSTOM_RESOURCE_PREFIX;
    return prefix
        + "_clickhouseinstallation_generation unless on (namespace, name) ("
        + prefix
        + "_clickhouseinstallation_status{status=\"Completed\"} == 1)";
  }

  private static List<AlertRule> backups(AlertThresholds t) {
    String backupCronJobs =
        ", " + MetricLabels.KSM_COMPONENT + "=\"" + Naming.COMPONENT_BACKUP + "\"";
    String notSuspended = " unless on (namespace, cronjob) (kube_cronjob_spec_suspend == 1)";
    // One schedule period: the time between the run last started and the next one.
    String stale =
        "(time() - kube_cronjob_status_last_successful_time)"
            + " > (kube_cronjob_next_schedule_time - kube_cronjob_status_last_schedule_time + "
            + t.backupGraceSeconds()
            + ")";
    String neverSucceeded =
        "(time() - kube_cronjob_status_last_schedule_time > "
            + t.backupGraceSeconds()
            + ") unless on (namespace, cronjob) kube_cronjob_status_last_successful_time";
    return List.of(
        new AlertRule(
            "ClickHouseBackupStale",
            attributed(
                "(" + stale + ")" + notSuspended,
                "namespace, cronjob",
                "kube_cronjob_labels",
                backupCronJobs),
            "0s",
            "critical",
            "The newest good backup of "
                + ATTRIBUTION
                + " is {{ $value | humanizeDuration }} old, older than its schedule allows"),
        new AlertRule(
            "ClickHouseBackupNeverSucceeded",
            attributed(
                "(" + neverSucceeded + ")" + notSuspended,
                "namespace, cronjob",
                "kube_cronjob_labels",
                backupCronJobs),
            "0s",
            "critical",
            "The backup CronJob {{ $labels.cronjob }} of "
                + ATTRIBUTION
                + " ran but has never succeeded"));
  }

  /**
   * Restore drills ({@code drill-<service>} CronJobs), judged like backups from kube-state-metrics'
   * CronJob series. The CronJob controller sets the last schedule time and the active Job together,
   * takes a finished Job off the active list and moves the last successful time only for a Job that
   * completed: a last start later than the last success with nothing active is a run that failed.
   */
  private static List<AlertRule> drills(AlertThresholds t) {
    String drillCronJobs =
        ", " + MetricLabels.KSM_COMPONENT + "=\"" + Naming.COMPONENT_BACKUP_DRILL + "\"";
    String notSuspended = " unless on (namespace, cronjob) (kube_cronjob_spec_suspend == 1)";
    String lastRunFailed =
        "((kube_cronjob_status_last_schedule_time > kube_cronjob_status_last_successful_time)"
            + " or (kube_cronjob_status_last_schedule_time"
            + " unless on (namespace, cronjob) kube_cronjob_status_last_successful_time))"
            + " and on (namespace, cronjob) (kube_cronjob_status_active == 0)";
    String overdue =
        "(time() - kube_cronjob_status_last_successful_time)"
            + " > (kube_cronjob_next_schedule_time - kube_cronjob_status_last_schedule_time + "
            + t.drillGraceSeconds()
            + ")";
    return List.of(
        new AlertRule(
            "ClickHouseRestoreDrillFailed",
            attributed(
                "(" + lastRunFailed + ")" + notSuspended,
                "namespace, cronjob",
                "kube_cronjob_labels",
                drillCronJobs),
            "0s",
            "critical",
            "The last restore drill of "
                + ATTRIBUTION
                + " failed: its backup could not be restored or did not match"),
        new AlertRule(
            "ClickHouseRestoreDrillOverdue",
            attributed(
                "(" + overdue + ")" + notSuspended,
                "namespace, cronjob",
                "kube_cronjob_labels",
                drillCronJobs),
            "0s",
            "warning",
            "The last passed restore drill of "
                + ATTRIBUTION
                + " is {{ $value | humanizeDuration }} old, older than its schedule allows"));
  }

  private static List<AlertRule> certificates(AlertThresholds t) {
    return List.of(
        new AlertRule(
            "CertificateExpiringSoon",
            "certmanager_certificate_expiration_timestamp_seconds - time() < "
                + t.certificateExpiryDays() * 86400,
            "1h",
            "warning",
            "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value |"
                + " humanizeDuration }}"),
        new AlertRule(
            "CertificateNotReady",
            "certmanager_certificate_ready_status{condition=\"True\"} == 0",
            "15m",
            "warning",
            "Certificate {{ $labels.namespace }}/{{ $labels.name }} is not ready"));
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%s", value);
  }
}
