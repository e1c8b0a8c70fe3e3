package io.clickplane.monitoring;

import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.flux.FluxObjects;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Prometheus scrapes, as prometheus-operator {@code PodMonitor}s and {@code ServiceMonitor}s.
 *
 * <p>Per service (in the service's directory and namespace): its ClickHouse pods on {@link
 * Ports#CLICKHOUSE_METRICS}, and its coordinator: ZooKeeper's Prometheus metrics provider on {@link
 * Ports#ZOOKEEPER_METRICS} or Keeper's endpoint on {@link Ports#KEEPER_METRICS}. Every target gets
 * the labels {@code environment}, {@code organisation}, {@code service} and {@code component} as
 * constants, so a series is attributed even if a pod lost its labels.
 *
 * <p>Cluster-wide (in namespace {@code monitoring}, selecting Services in other namespaces): the
 * Altinity operator's exporter ({@link Ports#OPERATOR_CLICKHOUSE_EXPORTER}, Service port {@code
 * ch-metrics}) and its own metrics ({@link Ports#OPERATOR_METRICS}, {@code op-metrics}), from the
 * chart's {@code templates/generated/Service-clickhouse-operator-metrics.yaml}; cert-manager's
 * controller ({@link Ports#CERT_MANAGER_METRICS}).
 */
final class ScrapeTargets {
  static final String API_VERSION = "monitoring.coreos.com/v1";
  static final String INTERVAL = "30s";

  /** Label the Altinity operator puts on every pod of an installation (value: its name). */
  static final String OPERATOR_CHI_LABEL = Naming.CLICKHOUSE_INSTALLATION_LABEL;

  /** The same for a ClickHouseKeeperInstallation. */
  static final String OPERATOR_CHK_LABEL = Naming.KEEPER_INSTALLATION_LABEL;

  /** Label selecting a ZooKeeper ensemble's pods (value: the StatefulSet's name). */
  static final String ZOOKEEPER_APP_LABEL = Naming.ZOOKEEPER_APP_LABEL;

  /** The operator chart's selector label (its {@code _helpers.tpl} selectorLabels). */
  static final String OPERATOR_NAME_LABEL = "app.kubernetes.io/name";

  static final String OPERATOR_NAME = "altinity-clickhouse-operator";

  private ScrapeTargets() {}

  static GenericKubernetesResource clickhouse(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service, Map<String, String> labels) {
    List<Object> relabelings = attribution(spec, org, service, MetricLabels.COMPONENT_CLICKHOUSE);
    relabelings.add(
        map(
            "sourceLabels",
            List.of("__meta_kubernetes_pod_label_clickhouse_altinity_com_shard"),
            "targetLabel",
            "shard"));
    relabelings.add(
        map(
            "sourceLabels",
            List.of("__meta_kubernetes_pod_label_clickhouse_altinity_com_replica"),
            "targetLabel",
            "replica"));
    return podMonitor(
        org,
        "clickhouse-" + service.name(),
        labels,
        map(OPERATOR_CHI_LABEL, Naming.installation(service.name())),
        map(
            "portNumber",
            Ports.CLICKHOUSE_METRICS,
            "path",
            "/metrics",
            "interval",
            INTERVAL,
            "relabelings",
            relabelings));
  }

  /**
   * The service's coordinator. ZooKeeper members declare their metrics port ({@link
   * Ports#ZOOKEEPER_METRICS_PORT_NAME}), the target. Keeper's metrics port is not a container port
   * (the operator declares only its client and Raft ports), so a Keeper target is the pod's client
   * port ({@link Ports#KEEPER_CLIENT_PORT_NAME}) with the address rewritten to the metrics port
   * (one target per pod).
   */
  static GenericKubernetesResource coordinator(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service, Map<String, String> labels) {
    boolean keeper = service.coordinator() == Coordinator.KEEPER;
    String component = keeper ? MetricLabels.COMPONENT_KEEPER : MetricLabels.COMPONENT_ZOOKEEPER;
    List<Object> relabelings = attribution(spec, org, service, component);
    if (keeper) {
      relabelings.add(
          map(
              "sourceLabels",
              List.of("__meta_kubernetes_pod_ip"),
              "targetLabel",
              "__address__",
              "replacement",
              "$1:" + Ports.KEEPER_METRICS));
    }
    Map<String, Object> selector =
        keeper
            ? map(OPERATOR_CHK_LABEL, Naming.keeper(service.name()))
            : map(ZOOKEEPER_APP_LABEL, Naming.zookeeper(service.name()));
    return podMonitor(
        org,
        component + "-" + service.name(),
        labels,
        selector,
        map(
            "port",
            keeper ? Ports.KEEPER_CLIENT_PORT_NAME : Ports.ZOOKEEPER_METRICS_PORT_NAME,
            "path",
            "/metrics",
            "interval",
            INTERVAL,
            "relabelings",
            relabelings));
  }

  /** The operator's exporter and its own metrics. */
  static GenericKubernetesResource operator(Map<String, String> labels) {
    // The exporter labels each series with the installation's labels, sanitised
    // (clickplane.io/service → clickplane_io_service), and with chi, namespace and hostname.
    // honorLabels keeps its namespace (the organisation's) over the target's.
    List<Object> exporterMetricRelabelings =
        List.of(
            map(
                "action",
                "labelmap",
                "regex",
                "clickplane_io_("
                    + MetricLabels.ENVIRONMENT
                    + "|"
                    + MetricLabels.ORGANISATION
                    + "|"
                    + MetricLabels.SERVICE
                    + ")",
                "replacement",
                "$1"),
            map("action", "labeldrop", "regex", "clickplane_io_.*|app_kubernetes_io_managed_by"));
    return custom(
        "ServiceMonitor",
        Namespaces.MONITORING,
        "clickhouse-operator",
        labels,
        map(
            "namespaceSelector",
            map("matchNames", List.of(Namespaces.CLICKHOUSE_OPERATOR)),
            "selector",
            map("matchLabels", map(OPERATOR_NAME_LABEL, OPERATOR_NAME)),
            "endpoints",
            List.of(
                map(
                    "port",
                    "ch-metrics",
                    "interval",
                    INTERVAL,
                    "honorLabels",
                    true,
                    "relabelings",
                    List.of(component(MetricLabels.COMPONENT_OPERATOR_EXPORTER)),
                    "metricRelabelings",
                    exporterMetricRelabelings),
                map(
                    "port",
                    "op-metrics",
                    "interval",
                    INTERVAL,
                    "relabelings",
                    List.of(component(MetricLabels.COMPONENT_OPERATOR))))));
  }

  /** cert-manager's controller (certificate expiry and readiness). */
  static GenericKubernetesResource certManager(Map<String, String> labels) {
    return custom(
        "ServiceMonitor",
        Namespaces.MONITORING,
        "cert-manager",
        labels,
        map(
            "namespaceSelector",
            map("matchNames", List.of(Namespaces.CERT_MANAGER)),
            "selector",
            map(
                "matchLabels",
                map(
                    "app.kubernetes.io/name",
                    "cert-manager",
                    "app.kubernetes.io/component",
                    "controller")),
            "endpoints",
            List.of(
                map(
                    // by number: cert-manager 1.21 renamed the Service port
                    // (tcp-prometheus-servicemonitor → http-metrics); the container port stays
                    "targetPort",
                    Ports.CERT_MANAGER_METRICS,
                    "interval",
                    "60s",
                    "relabelings",
                    List.of(component(MetricLabels.COMPONENT_CERT_MANAGER))))));
  }

  private static GenericKubernetesResource podMonitor(
      OrganisationSpec org,
      String name,
      Map<String, String> labels,
      Map<String, Object> matchLabels,
      Map<String, Object> endpoint) {
    return custom(
        "PodMonitor",
        Naming.namespace(org.name()),
        name,
        labels,
        map("selector", map("matchLabels", matchLabels), "podMetricsEndpoints", List.of(endpoint)));
  }

  private static List<Object> attribution(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service, String component) {
    List<Object> relabelings = new ArrayList<>();
    relabelings.add(constant(MetricLabels.ENVIRONMENT, spec.environment()));
    relabelings.add(constant(MetricLabels.ORGANISATION, org.name()));
    relabelings.add(constant(MetricLabels.SERVICE, service.name()));
    relabelings.add(component(component));
    return relabelings;
  }

  private static Map<String, Object> component(String value) {
    return constant(MetricLabels.COMPONENT, value);
  }

  /** A relabeling that sets {@code label} to a constant on every target. */
  private static Map<String, Object> constant(String label, String value) {
    return map("action", "replace", "targetLabel", label, "replacement", value);
  }

  static GenericKubernetesResource custom(
      String kind,
      String namespace,
      String name,
      Map<String, String> labels,
      Map<String, Object> spec) {
    return FluxObjects.custom(API_VERSION, kind, namespace, name, labels, spec);
  }
}
