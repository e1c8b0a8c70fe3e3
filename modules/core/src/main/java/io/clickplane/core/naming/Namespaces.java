package io.clickplane.core.naming;

/** Cluster namespaces of the platform's controllers, shared by every module that renders them. */
public final class Namespaces {
  private Namespaces() {}

  public static final String FLUX = "flux-system";
  public static final String CLICKHOUSE_OPERATOR = "clickhouse-operator";
  public static final String ISTIO = "istio-system";
  public static final String ISTIO_INGRESS = "istio-ingress";
  public static final String CERT_MANAGER = "cert-manager";
  public static final String EXTERNAL_DNS = "external-dns";
  public static final String EXTERNAL_SECRETS = "external-secrets";
  public static final String MONITORING = "monitoring";
  public static final String KEYCLOAK = "keycloak";
}
