package io.clickplane.keycloak.flux;

import static io.clickplane.core.flux.FluxObjects.custom;
import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.IdentityNames;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.PlatformSpec;
import java.util.List;
import java.util.Map;

/**
 * What the ingress gateway needs to serve Keycloak at {@code https://id.<domain>}: a certificate
 * for the name (cert-manager), a Gateway server terminating TLS with it on 443, and a
 * VirtualService sending the requests to the operator's Service.
 *
 * <p>Kept apart from the rest of Keycloak's objects (its own directory {@code route/}) because the
 * gateway and its routes belong to the endpoint work: these objects can move into the Istio module
 * as they are. The gateway pods' selector and the cluster issuer's name are the endpoint work's.
 */
public final class KeycloakRoute {
  public static final String NAME = "keycloak";

  /** Secret of the certificate, in the gateway's namespace (where the gateway reads it). */
  public static final String TLS_SECRET = "keycloak-tls";

  /** Label and value of the ingress gateway pods. */
  public static final Map<String, String> GATEWAY_SELECTOR =
      Map.of(Mesh.GATEWAY_SELECTOR_KEY, Mesh.GATEWAY_SELECTOR_VALUE);

  /** The ClusterIssuer issuing the endpoints' certificates. */
  public static final String CLUSTER_ISSUER = Mesh.CLUSTER_ISSUER;

  private KeycloakRoute() {}

  static ManifestSet render(PlatformSpec spec, String dir, Map<String, String> labels) {
    String host = IdentityNames.keycloakHost(spec.domain());
    return ManifestSet.builder()
        .add(dir + "certificate.yaml", Yaml.write(certificate(host, labels)))
        .add(dir + "gateway.yaml", Yaml.write(gateway(host, labels)))
        .add(dir + "virtualservice.yaml", Yaml.write(virtualService(host, labels)))
        .build();
  }

  static Object certificate(String host, Map<String, String> labels) {
    return custom(
        "cert-manager.io/v1",
        "Certificate",
        Namespaces.ISTIO_INGRESS,
        NAME,
        labels,
        map(
            "secretName",
            TLS_SECRET,
            "dnsNames",
            List.of(host),
            "issuerRef",
            map("kind", "ClusterIssuer", "name", CLUSTER_ISSUER, "group", "cert-manager.io")));
  }

  static Object gateway(String host, Map<String, String> labels) {
    return custom(
        "networking.istio.io/v1",
        "Gateway",
        Namespaces.ISTIO_INGRESS,
        NAME,
        labels,
        map(
            "selector",
            new java.util.TreeMap<>(GATEWAY_SELECTOR),
            "servers",
            List.of(
                map(
                    "port",
                    map(
                        "number",
                        Ports.GATEWAY_HTTPS,
                        "name",
                        "https-keycloak",
                        "protocol",
                        "HTTPS"),
                    "hosts",
                    List.of(host),
                    "tls",
                    map(
                        "mode",
                        "SIMPLE",
                        "credentialName",
                        TLS_SECRET,
                        "minProtocolVersion",
                        "TLSV1_2")))));
  }

  static Object virtualService(String host, Map<String, String> labels) {
    return custom(
        "networking.istio.io/v1",
        "VirtualService",
        Namespaces.KEYCLOAK,
        NAME,
        labels,
        map(
            "hosts",
            List.of(host),
            "gateways",
            List.of(Namespaces.ISTIO_INGRESS + "/" + NAME),
            "http",
            List.of(
                map(
                    "name",
                    "keycloak",
                    "route",
                    List.of(
                        map(
                            "destination",
                            map(
                                "host",
                                KeycloakManifests.SERVICE
                                    + "."
                                    + Namespaces.KEYCLOAK
                                    + ".svc.cluster.local",
                                "port",
                                map("number", KeycloakManifests.HTTP_PORT))))))));
  }
}
