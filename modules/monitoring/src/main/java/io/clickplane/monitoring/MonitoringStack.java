package io.clickplane.monitoring;

import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.flux.FluxObjects;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.MonitoringSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.StorageClassName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kube-prometheus-stack release (Prometheus operator, Prometheus, Alertmanager, Grafana,
 * kube-state-metrics, node exporter) in namespace {@code monitoring}.
 *
 * <p>Chart 88.3.0 is the newest release carrying Prometheus operator v0.93.0, whose CRDs
 * (ServiceMonitor, PodMonitor, PrometheusRule) are byte-for-byte the schemas in {@code
 * ../shared/crds/prometheus-operator} the rendered objects are validated against
 * (prometheus-community/helm-charts, tag kube-prometheus-stack-88.3.0, {@code
 * charts/kube-prometheus-stack/Chart.yaml} appVersion v0.93.0 and {@code charts/crds/crds/}).
 */
public final class MonitoringStack {
  public static final String REPOSITORY_NAME = "prometheus-community";
  public static final String REPOSITORY_URL = "https://prometheus-community.github.io/helm-charts";
  public static final String CHART = "kube-prometheus-stack";
  public static final String CHART_VERSION = "88.3.0";

  /** The Prometheus operator the chart ships (its appVersion); its CRDs validate our objects. */
  public static final String OPERATOR_VERSION = "0.93.0";

  /**
   * The Helm release name. Prometheus selects ServiceMonitors, PodMonitors and PrometheusRules
   * labelled {@code release: <release name>} (the chart's default selectors), so every object of
   * this module carries {@link #SELECTOR_LABEL}.
   */
  public static final String RELEASE = "kube-prometheus-stack";

  public static final String SELECTOR_LABEL = "release";

  /** Label and value on the ConfigMaps Grafana's dashboard sidecar loads (chart defaults). */
  public static final String DASHBOARD_LABEL = "grafana_dashboard";

  public static final String DASHBOARD_LABEL_VALUE = "1";

  /** Where Alertmanager mounts the Secrets listed in {@code alertmanagerSpec.secrets}. */
  static final String ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets/";

  /** Prometheus's requests; {@code Overheads.SYSTEM} counts the same on the system nodes. */
  public static final String PROMETHEUS_CPU = "200m";

  public static final String PROMETHEUS_MEMORY = "1Gi";

  /** kube-state-metrics' metric name prefix for the custom resource state it exports. */
  public static final String CUSTOM_RESOURCE_PREFIX = "clickplane";

  private MonitoringStack() {}

  /**
   * The namespace, enrolled in the ambient mesh: the tenants' AuthorizationPolicies admit the
   * scraper by its mesh identity (source namespace {@code monitoring}) on the metrics ports.
   */
  static Namespace namespace(Map<String, String> labels) {
    Map<String, String> all = new TreeMap<>(labels);
    all.putAll(Mesh.ambient());
    return FluxObjects.namespace(Namespaces.MONITORING, all);
  }

  static GenericKubernetesResource repository(Map<String, String> labels) {
    return FluxObjects.helmRepository(
        Namespaces.MONITORING, REPOSITORY_NAME, REPOSITORY_URL, labels);
  }

  static GenericKubernetesResource release(PlatformSpec spec, Map<String, String> labels) {
    GenericKubernetesResource release =
        FluxObjects.helmRelease(
            labels,
            Namespaces.MONITORING,
            RELEASE,
            CHART,
            CHART_VERSION,
            REPOSITORY_NAME,
            null,
            null,
            values(spec));
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) release.getAdditionalProperties().get("spec");
    // Flux would otherwise name the Helm release <namespace>-<name>; the selectors rely on it.
    body.put("releaseName", RELEASE);
    return release;
  }

  /** The chart values: a pure function of the platform-level spec. */
  static Map<String, Object> values(PlatformSpec spec) {
    MonitoringSpec monitoring = spec.monitoring();
    return map(
        "alertmanager",
        map(
            "alertmanagerSpec",
            map(
                "secrets",
                monitoring.alertReceiver().isNone()
                    ? null
                    : List.of(monitoring.alertReceiver().secretName())),
            "config",
            AlertRouting.config(spec)),
        "prometheus",
        map(
            "prometheusSpec",
            map(
                "retention",
                monitoring.retention(),
                // What the capacity model counts for Prometheus (Overheads.SYSTEM "prometheus").
                "resources",
                map("requests", map("cpu", PROMETHEUS_CPU, "memory", PROMETHEUS_MEMORY)),
                "externalLabels",
                map(MetricLabels.ENVIRONMENT, spec.environment()),
                "storageSpec",
                map(
                    "volumeClaimTemplate",
                    map(
                        "spec",
                        map(
                            "storageClassName",
                            StorageClassName.GP3.configName(),
                            "accessModes",
                            List.of("ReadWriteOnce"),
                            "resources",
                            map("requests", map("storage", monitoring.storageSize()))))))),
        "grafana",
        map(
            "sidecar",
            map(
                "dashboards",
                map(
                    "enabled",
                    true,
                    "label",
                    DASHBOARD_LABEL,
                    "labelValue",
                    DASHBOARD_LABEL_VALUE,
                    "searchNamespace",
                    Namespaces.MONITORING))),
        "kube-state-metrics",
        kubeStateMetrics(),
        "prometheusOperator",
        OperatorWebhook.values());
  }

  /**
   * kube-state-metrics exports the clickplane labels of pods and CronJobs (so alerts on restarts
   * and backups name environment, organisation and service) and, as custom resource state, each
   * ClickHouseInstallation's existence ({@code clickplane_clickhouseinstallation_generation}) and
   * {@code status.status} ({@code clickplane_clickhouseinstallation_status{status=...}}: Completed,
   * InProgress, Aborted, Terminating, the operator's {@code
   * pkg/apis/clickhouse.altinity.com/v1/type_status.go}). Custom resource state follows
   * kube-state-metrics' {@code docs/metrics/extend/customresourcestate-metrics.md}.
   */
  private static Map<String, Object> kubeStateMetrics() {
    String ownLabels =
        String.join(",", Naming.LABEL_ENVIRONMENT, Naming.LABEL_ORGANISATION, Naming.LABEL_SERVICE);
    Map<String, Object> labelsFromPath =
        map(
            "name",
            List.of("metadata", "name"),
            "namespace",
            List.of("metadata", "namespace"),
            MetricLabels.ENVIRONMENT,
            List.of("metadata", "labels", Naming.LABEL_ENVIRONMENT),
            MetricLabels.ORGANISATION,
            List.of("metadata", "labels", Naming.LABEL_ORGANISATION),
            MetricLabels.SERVICE,
            List.of("metadata", "labels", Naming.LABEL_SERVICE));
    Map<String, Object> installationStatus =
        map(
            "groupVersionKind",
            map(
                "group",
                "clickhouse.altinity.com",
                "version",
                "v1",
                "kind",
                "ClickHouseInstallation"),
            "metricNamePrefix",
            CUSTOM_RESOURCE_PREFIX,
            "labelsFromPath",
            labelsFromPath,
            "metrics",
            List.of(
                // Always present: the installation exists (a status appears only after the
                // operator's first reconcile, and a StateSet without its path yields nothing).
                map(
                    "name",
                    "clickhouseinstallation_generation",
                    "help",
                    "The ClickHouseInstallation's metadata.generation",
                    "each",
                    map("type", "Gauge", "gauge", map("path", List.of("metadata", "generation")))),
                map(
                    "name",
                    "clickhouseinstallation_status",
                    "help",
                    "The operator's reconcile status of the ClickHouseInstallation",
                    "each",
                    map(
                        "type",
                        "StateSet",
                        "stateSet",
                        map(
                            "labelName",
                            "status",
                            "path",
                            List.of("status", "status"),
                            "list",
                            List.of("Completed", "InProgress", "Aborted", "Terminating"))))));
    return map(
        "metricLabelsAllowlist",
        List.of(
            "pods=[" + ownLabels + "]",
            "cronjobs=[" + ownLabels + "," + Naming.LABEL_COMPONENT + "]"),
        "customResourceState",
        map(
            "enabled",
            true,
            "config",
            map(
                "kind",
                "CustomResourceStateMetrics",
                "spec",
                map("resources", List.of(installationStatus)))),
        "rbac",
        map(
            "extraRules",
            List.of(
                map(
                    "apiGroups",
                    List.of("clickhouse.altinity.com"),
                    "resources",
                    List.of("clickhouseinstallations"),
                    "verbs",
                    List.of("list", "watch")))));
  }
}
