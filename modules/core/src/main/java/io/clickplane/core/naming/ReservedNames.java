package io.clickplane.core.naming;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one list of names no organisation may take, because an organisation's name becomes its
 * namespace ({@link Naming#namespace}) and its top-level group in Keycloak. Validation refuses
 * them, so {@code validate}, {@code render}, {@code publish} and {@code identity sync} all refuse
 * the same names at the same file and line.
 *
 * <p>The namespaces are those the renderers create outside tenants ({@link Namespaces}); a test
 * renders the fleets and checks every such namespace is listed here.
 */
public final class ReservedNames {
  /** Prefix Kubernetes reserves for its own namespaces ({@code kube-system}, ...). */
  public static final String KUBERNETES_PREFIX = "kube-";

  private static final SortedMap<String, String> REASONS = new TreeMap<>();

  static {
    String controller = "the platform's namespace of ";
    REASONS.put(Namespaces.FLUX, controller + "Flux");
    REASONS.put(Namespaces.CLICKHOUSE_OPERATOR, controller + "the ClickHouse operator");
    REASONS.put(Namespaces.ISTIO, controller + "Istio's control plane");
    REASONS.put(Namespaces.ISTIO_INGRESS, controller + "Istio's ingress gateway");
    REASONS.put(Namespaces.CERT_MANAGER, controller + "cert-manager");
    REASONS.put(Namespaces.EXTERNAL_DNS, controller + "external-dns");
    REASONS.put(Namespaces.EXTERNAL_SECRETS, controller + "the External Secrets operator");
    REASONS.put(Namespaces.MONITORING, controller + "Prometheus, Alertmanager and Grafana");
    REASONS.put(Namespaces.KEYCLOAK, controller + "Keycloak");
    REASONS.put("default", "Kubernetes' default namespace");
    REASONS.put("clickplane", "the platform's own name (its labels and realm)");
    REASONS.put(
        IdentityNames.PLATFORM_ADMINS_GROUP, "the platform team's group in the Keycloak realm");
  }

  private ReservedNames() {}

  /** Every reserved name, sorted, with why it is reserved; names under {@code kube-} too. */
  public static SortedMap<String, String> all() {
    return java.util.Collections.unmodifiableSortedMap(REASONS);
  }

  /** True when {@code name} is reserved. */
  public static boolean isReserved(String name) {
    return REASONS.containsKey(name) || name.startsWith(KUBERNETES_PREFIX);
  }

  /** Why {@code name} cannot name an organisation, or empty when it can. */
  public static Optional<String> organisation(String name) {
    String why =
        name.startsWith(KUBERNETES_PREFIX)
            ? "Kubernetes reserves namespaces starting with " + KUBERNETES_PREFIX
            : REASONS.get(name);
    return why == null
        ? Optional.empty()
        : Optional.of(
            "\""
                + name
                + "\" is reserved ("
                + why
                + "): an organisation's name becomes its namespace and its group in Keycloak;"
                + " choose another organisation name");
  }
}
