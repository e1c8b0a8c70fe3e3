package io.clickplane.istio;

import static io.clickplane.core.flux.FluxObjects.custom;
import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cluster-wide configuration applied once the controllers run: mutual TLS required mesh-wide, the
 * ACME ClusterIssuer, and the objects that must live in the gateway's namespace for a service (its
 * IP allow-list, its dedicated NLB).
 */
final class ClusterConfigs {
  static final String SECURITY_API = "security.istio.io/v1";
  static final String CERT_MANAGER_API = "cert-manager.io/v1";

  /** Annotation ExternalDNS reads the names of a Service of type LoadBalancer from. */
  static final String EXTERNAL_DNS_HOSTNAME = "external-dns.alpha.kubernetes.io/hostname";

  private ClusterConfigs() {}

  static void render(PlatformSpec spec, ManifestSet.Builder tree) {
    String configs = FluxPaths.configs(spec);
    Map<String, String> labels = Labels.environment(spec);
    tree.add(
        configs + "/istio/peerauthentication-strict.yaml",
        Yaml.write(
            custom(
                SECURITY_API,
                "PeerAuthentication",
                Namespaces.ISTIO,
                "default",
                labels,
                map("mtls", map("mode", "STRICT")))));
    tree.add(configs + "/cert-manager/clusterissuer.yaml", Yaml.write(clusterIssuer(spec)));
    List<String> hosts = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        String dir = configs + "/istio-ingress/";
        hosts.add(Endpoints.host(spec, org, service));
        if (!service.access().isOpen()) {
          tree.add(
              dir + Endpoints.allowList(org, service) + ".yaml",
              Yaml.write(allowList(spec, org, service)));
        }
        if (service.endpoint().dedicatedLoadBalancer() && !service.stopped()) {
          tree.add(
              dir + Endpoints.dedicatedService(org, service) + ".yaml",
              Yaml.write(dedicatedLoadBalancer(spec, org, service)));
        }
      }
    }
    if (!hosts.isEmpty()) {
      hosts.sort(null);
      tree.add(
          configs + "/istio-ingress/" + EXACT_SERVER_NAMES + ".yaml",
          Yaml.write(exactServerNames(spec, hosts)));
    }
  }

  /** The gateway policy that refuses a ClickHouse port for any server name but a service's own. */
  static final String EXACT_SERVER_NAMES = "exact-server-names";

  /**
   * Refuses, on the ClickHouse ports, every connection whose server name is not exactly one of the
   * services' hosts. The allow-lists match {@code connection.sni} exactly and case-sensitively,
   * while Envoy picks the route by server name case-insensitively (envoyproxy/envoy#14793): without
   * this policy {@code EVENTS.ACME.<domain>} would reach a service past its allow-list. Names are
   * written in lower case (DNS-1123), so a client that sends the name as published is unaffected.
   */
  private static Object exactServerNames(PlatformSpec spec, List<String> hosts) {
    return custom(
        SECURITY_API,
        "AuthorizationPolicy",
        Namespaces.ISTIO_INGRESS,
        EXACT_SERVER_NAMES,
        Labels.environment(spec),
        map(
            "selector",
            map("matchLabels", Map.of(Mesh.GATEWAY_SELECTOR_KEY, Mesh.GATEWAY_SELECTOR_VALUE)),
            "action",
            "DENY",
            "rules",
            List.of(
                map(
                    "to",
                    List.of(
                        map(
                            "operation",
                            map(
                                "ports",
                                List.of(
                                    Integer.toString(Ports.CLICKHOUSE_NATIVE_TLS),
                                    Integer.toString(Ports.CLICKHOUSE_HTTPS))))),
                    "when",
                    List.of(map("key", "connection.sni", "notValues", hosts))))));
  }

  /** ACME with DNS-01 against Route 53, credentials from the controller's IRSA role. */
  private static Object clusterIssuer(PlatformSpec spec) {
    Map<String, Object> acme =
        map(
            "server",
            spec.dns().acmeServer(),
            "email",
            spec.dns().acmeEmail().isEmpty() ? null : spec.dns().acmeEmail(),
            "privateKeySecretRef",
            map("name", Endpoints.CLUSTER_ISSUER + "-account"),
            "solvers",
            List.of(
                map(
                    "selector",
                    map("dnsZones", List.of(spec.domain())),
                    "dns01",
                    map(
                        "route53",
                        map(
                            "region",
                            spec.region(),
                            "hostedZoneID",
                            spec.dns().hostedZoneId().isEmpty()
                                ? null
                                : spec.dns().hostedZoneId())))));
    return custom(
        CERT_MANAGER_API,
        "ClusterIssuer",
        null,
        Endpoints.CLUSTER_ISSUER,
        Labels.environment(spec),
        map("acme", acme));
  }

  /**
   * Denies, at the gateway, connections for this service's name from any address outside its
   * allow-list. A DENY policy per service (not an ALLOW), because ALLOW policies on one workload
   * are OR-ed: one service's list would admit its addresses to every other service. The address is
   * the client's, read from the NLB's PROXY protocol header.
   */
  private static Object allowList(PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    return custom(
        SECURITY_API,
        "AuthorizationPolicy",
        Namespaces.ISTIO_INGRESS,
        Endpoints.allowList(org, service),
        Labels.service(spec, org, service),
        map(
            "selector",
            map("matchLabels", Map.of(Mesh.GATEWAY_SELECTOR_KEY, Mesh.GATEWAY_SELECTOR_VALUE)),
            "action",
            "DENY",
            "rules",
            List.of(
                map(
                    "from",
                    List.of(
                        map("source", map("notRemoteIpBlocks", service.access().allowedCidrs()))),
                    "when",
                    List.of(
                        map(
                            "key",
                            "connection.sni",
                            "values",
                            List.of(Endpoints.host(spec, org, service))))))));
  }

  /**
   * A Service of type LoadBalancer of its own for one service: an NLB in front of the same gateway
   * pods, named in DNS for this service's host only. Its selector leaves out the {@code istio}
   * label the Gateways select, so ExternalDNS never adds this NLB to other services' names.
   */
  static Service dedicatedLoadBalancer(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    Map<String, String> annotations = new TreeMap<>(Controllers.loadBalancerAnnotations());
    annotations.put(EXTERNAL_DNS_HOSTNAME, Endpoints.host(spec, org, service));
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(Endpoints.dedicatedService(org, service))
        .withNamespace(Namespaces.ISTIO_INGRESS)
        .withLabels(Labels.service(spec, org, service))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withSelector(Map.of(Mesh.GATEWAY_APP_KEY, Mesh.GATEWAY_NAME))
        .addNewPort()
        .withName("tls-native")
        .withProtocol("TCP")
        .withPort(Ports.CLICKHOUSE_NATIVE_TLS)
        .withTargetPort(new IntOrString(Ports.CLICKHOUSE_NATIVE_TLS))
        .endPort()
        .addNewPort()
        .withName("tls-https")
        .withProtocol("TCP")
        .withPort(Ports.CLICKHOUSE_HTTPS)
        .withTargetPort(new IntOrString(Ports.CLICKHOUSE_HTTPS))
        .endPort()
        .endSpec()
        .build();
  }
}
