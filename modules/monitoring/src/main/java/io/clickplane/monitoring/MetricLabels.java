package io.clickplane.monitoring;

import io.clickplane.core.naming.Naming;

/**
 * Labels every series of a service carries in Prometheus, and the kube-state-metrics names of the
 * Kubernetes labels they come from.
 */
public final class MetricLabels {
  private MetricLabels() {}

  public static final String ENVIRONMENT = "environment";
  public static final String ORGANISATION = "organisation";
  public static final String SERVICE = "service";

  /** What produced a series: {@code clickhouse}, {@code zookeeper}, {@code keeper}, ... */
  public static final String COMPONENT = "component";

  public static final String COMPONENT_CLICKHOUSE = "clickhouse";
  public static final String COMPONENT_ZOOKEEPER = "zookeeper";
  public static final String COMPONENT_KEEPER = "keeper";
  public static final String COMPONENT_OPERATOR = "clickhouse-operator";
  public static final String COMPONENT_OPERATOR_EXPORTER = "clickhouse-operator-exporter";
  public static final String COMPONENT_CERT_MANAGER = "cert-manager";

  /**
   * A Kubernetes label as kube-state-metrics and the operator's exporter name it in a series
   * ({@code clickplane.io/service} → {@code clickplane_io_service}).
   */
  public static String sanitised(String kubernetesLabel) {
    return kubernetesLabel.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  /** kube-state-metrics' {@code label_*} name of a Kubernetes label. */
  public static String kubeStateMetrics(String kubernetesLabel) {
    return "label_" + sanitised(kubernetesLabel);
  }

  static final String KSM_ENVIRONMENT = kubeStateMetrics(Naming.LABEL_ENVIRONMENT);
  static final String KSM_ORGANISATION = kubeStateMetrics(Naming.LABEL_ORGANISATION);
  static final String KSM_SERVICE = kubeStateMetrics(Naming.LABEL_SERVICE);
  static final String KSM_COMPONENT = kubeStateMetrics(Naming.LABEL_COMPONENT);
}
