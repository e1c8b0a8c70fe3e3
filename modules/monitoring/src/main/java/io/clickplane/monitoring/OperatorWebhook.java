package io.clickplane.monitoring;

import static io.clickplane.core.flux.FluxObjects.custom;
import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.naming.Namespaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;

/**
 * The Prometheus operator's admission webhook (validation of PrometheusRules) behind the mesh.
 *
 * <p>The operator serves the webhook itself on its HTTPS port (kube-prometheus-stack 88.3.0: {@code
 * prometheusOperator.admissionWebhooks.deployment.enabled: false}, so the webhook configurations
 * name the operator's Service; {@code prometheusOperator.tls.internalPort}, default 10250, is the
 * container port {@code https} in {@code templates/prometheus-operator/deployment.yaml}). Namespace
 * {@code monitoring} is in the ambient mesh, and mutual TLS is STRICT mesh-wide: ztunnel would
 * refuse the API server, which has no mesh identity. A PeerAuthentication on the operator's pods
 * leaves that one port PERMISSIVE (plaintext is still TLS: the webhook's own certificate); every
 * other port of the operator stays STRICT. Ambient honours port-level modes only in a workload
 * policy (selector, not in the root namespace): istio/istio 1.27.3 {@code
 * pilot/pkg/serviceregistry/kube/controller/ambient/authorization.go}, {@code
 * convertPeerAuthentication}.
 *
 * <p>The chart's default failure policy with its certificate patch job is {@code Ignore}: an
 * unreachable webhook lets every PrometheusRule through unchecked. {@code IgnoreOnInstallOnly}
 * keeps {@code Ignore} only while the first install creates the webhook alongside the chart's own
 * rules (before the operator serves), then {@code Fail} ({@code
 * templates/prometheus-operator/admission-webhooks/validatingWebhookConfiguration.yaml}).
 */
final class OperatorWebhook {
  /** The operator's HTTPS port: metrics and the admission webhook. */
  static final int PORT = 10250;

  static final String FAILURE_POLICY = "IgnoreOnInstallOnly";

  /** The PeerAuthentication's name. */
  static final String NAME = "prometheus-operator-webhook";

  private OperatorWebhook() {}

  /**
   * The labels the chart selects the operator's pods by ({@code app: <chart name>-operator}, {@code
   * release: <release>}: {@code templates/prometheus-operator/deployment.yaml}).
   */
  static Map<String, String> podSelector() {
    return Map.of("app", MonitoringStack.CHART + "-operator", "release", MonitoringStack.RELEASE);
  }

  /** The chart values that put the webhook on {@link #PORT} and make it fail closed. */
  static Map<String, Object> values() {
    return map(
        "tls",
        map("internalPort", PORT),
        "admissionWebhooks",
        map("failurePolicy", FAILURE_POLICY));
  }

  static GenericKubernetesResource peerAuthentication(Map<String, String> labels) {
    return custom(
        "security.istio.io/v1",
        "PeerAuthentication",
        Namespaces.MONITORING,
        NAME,
        labels,
        map(
            "selector",
            map("matchLabels", podSelector()),
            "portLevelMtls",
            map(Integer.toString(PORT), map("mode", "PERMISSIVE"))));
  }
}
