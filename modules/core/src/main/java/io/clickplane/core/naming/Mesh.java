package io.clickplane.core.naming;

import java.util.Map;

/**
 * What every module must agree on about the service mesh (Istio in ambient mode) and the tenant
 * namespaces' Pod Security level: the namespace labels that enrol workloads, the gateway's
 * identity, and the addresses and ports the mesh itself uses. See docs/endpoints.md for why the
 * data plane is ambient.
 */
public final class Mesh {
  private Mesh() {}

  /** Namespace label that enrols every pod of the namespace in the ambient data plane. */
  public static final String DATAPLANE_MODE_LABEL = "istio.io/dataplane-mode";

  /** Value of {@link #DATAPLANE_MODE_LABEL} for ambient mode. */
  public static final String AMBIENT = "ambient";

  /** Pod Security admission: the level a namespace enforces. */
  public static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

  /** Pod Security admission: the level warnings are given for. */
  public static final String POD_SECURITY_WARN = "pod-security.kubernetes.io/warn";

  /** The Pod Security level of tenant namespaces. */
  public static final String RESTRICTED = "restricted";

  /** Labels of a namespace whose pods are in the ambient mesh. */
  public static Map<String, String> ambient() {
    return Map.of(DATAPLANE_MODE_LABEL, AMBIENT);
  }

  /**
   * Labels of a namespace whose pods are in the ambient mesh and held to Pod Security restricted.
   */
  public static Map<String, String> ambientRestricted() {
    return Map.of(
        DATAPLANE_MODE_LABEL,
        AMBIENT,
        POD_SECURITY_ENFORCE,
        RESTRICTED,
        POD_SECURITY_WARN,
        RESTRICTED);
  }

  /** The cert-manager ClusterIssuer every public certificate comes from (ACME DNS-01). */
  public static final String CLUSTER_ISSUER = "clickplane-acme";

  /** Name of the ingress gateway's release, Deployment, Service and ServiceAccount. */
  public static final String GATEWAY_NAME = "istio-ingressgateway";

  /**
   * The fewest ingress gateway pods (its autoscaler's minimum): every endpoint and Keycloak go
   * through them, so one pod's loss or eviction must leave another serving.
   */
  public static final int GATEWAY_MIN_REPLICAS = 2;

  /** The label (and value) the gateway chart puts on the gateway pods and a Gateway selects. */
  public static final String GATEWAY_SELECTOR_KEY = "istio";

  public static final String GATEWAY_SELECTOR_VALUE = "ingressgateway";

  /** The other selector label of the gateway pods ({@code app: <release>}). */
  public static final String GATEWAY_APP_KEY = "app";

  /** SPIFFE identity of the ingress gateway as AuthorizationPolicy {@code principals} name it. */
  public static String gatewayPrincipal() {
    return "cluster.local/ns/" + Namespaces.ISTIO_INGRESS + "/sa/" + GATEWAY_NAME;
  }

  /**
   * Source address of kubelet health probes to ambient pods: the Istio CNI agent rewrites it so
   * ztunnel lets probes through, and NetworkPolicies must admit it.
   */
  public static final String KUBELET_PROBE_SOURCE = "169.254.7.127/32";
}
