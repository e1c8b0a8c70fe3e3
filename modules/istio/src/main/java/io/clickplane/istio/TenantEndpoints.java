package io.clickplane.istio;

import static io.clickplane.core.flux.FluxObjects.custom;
import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An organisation's endpoints and access policy: its Gateways (TLS passed through, by SNI), the
 * AuthorizationPolicies ztunnel enforces on its ClickHouse and coordinator pods, and the
 * NetworkPolicies that agree with them ({@link TenantNetworkPolicies}); and per service the route,
 * its circuit breaking and its certificate.
 */
final class TenantEndpoints {
  static final String NETWORKING_API = "networking.istio.io/v1";

  /** Connections the gateway keeps open to one service at most (per gateway pod). */
  static final int MAX_CONNECTIONS = 1024;

  /** Consecutive connection failures after which the gateway ejects a ClickHouse host. */
  static final int CONSECUTIVE_FAILURES = 5;

  private TenantEndpoints() {}

  static void render(PlatformSpec spec, OrganisationSpec org, ManifestSet.Builder tree) {
    String dir = FluxPaths.organisation(spec.environment(), org.name()) + "/";
    List<ServiceSpec> shared = new ArrayList<>();
    List<ServiceSpec> dedicated = new ArrayList<>();
    for (ServiceSpec service : org.services()) {
      // A stopped service's name leaves the Gateway, so ExternalDNS withdraws its record.
      if (!service.stopped()) {
        (service.endpoint().dedicatedLoadBalancer() ? dedicated : shared).add(service);
      }
    }
    if (!shared.isEmpty()) {
      tree.add(
          dir + "gateway.yaml",
          Yaml.write(gateway(spec, org, Endpoints.SHARED_GATEWAY, shared, false)));
    }
    if (!dedicated.isEmpty()) {
      tree.add(
          dir + "gateway-dedicated.yaml",
          Yaml.write(gateway(spec, org, Endpoints.DEDICATED_GATEWAY, dedicated, true)));
    }
    tree.add(
        dir + "authorizationpolicy-allow-nothing.yaml",
        Yaml.write(
            custom(
                ClusterConfigs.SECURITY_API,
                "AuthorizationPolicy",
                Naming.namespace(org.name()),
                "allow-nothing",
                Labels.organisation(spec, org),
                map())));
    for (ServiceSpec service : org.services()) {
      tree.add(
          dir + "authorizationpolicy-clickhouse-" + service.name() + ".yaml",
          Yaml.write(clickHousePolicy(spec, org, service)));
      tree.add(
          dir + "authorizationpolicy-coordinator-" + service.name() + ".yaml",
          Yaml.write(coordinatorPolicy(spec, org, service)));
      String serviceDir = FluxPaths.service(spec.environment(), org.name(), service.name()) + "/";
      if (!service.stopped()) {
        tree.add(
            serviceDir + "virtualservice.yaml", Yaml.write(virtualService(spec, org, service)));
      }
      tree.add(
          serviceDir + "destinationrule.yaml", Yaml.write(destinationRule(spec, org, service)));
      tree.add(serviceDir + "certificate.yaml", Yaml.write(certificate(spec, org, service)));
    }
    TenantNetworkPolicies.render(spec, org, tree);
  }

  /**
   * TLS passthrough on 9440 and 8443 for the hosts of {@code services}. The dedicated Gateway tells
   * ExternalDNS to leave it alone: those hosts are published by their own NLB's Service.
   */
  private static Object gateway(
      PlatformSpec spec,
      OrganisationSpec org,
      String name,
      List<ServiceSpec> services,
      boolean dedicated) {
    List<String> hosts = services.stream().map(s -> Endpoints.host(spec, org, s)).toList();
    var gateway =
        custom(
            NETWORKING_API,
            "Gateway",
            Naming.namespace(org.name()),
            name,
            Labels.organisation(spec, org),
            map(
                "selector",
                Map.of(Mesh.GATEWAY_SELECTOR_KEY, Mesh.GATEWAY_SELECTOR_VALUE),
                "servers",
                List.of(
                    server("native-" + org.name(), Ports.CLICKHOUSE_NATIVE_TLS, hosts),
                    server("https-" + org.name(), Ports.CLICKHOUSE_HTTPS, hosts))));
    if (dedicated) {
      gateway
          .getMetadata()
          .setAnnotations(
              Map.of(
                  "external-dns.alpha.kubernetes.io/controller",
                  "clickplane-dedicated-load-balancer"));
    }
    return gateway;
  }

  private static Map<String, Object> server(String name, int port, List<String> hosts) {
    return map(
        "port",
        map("number", port, "name", name, "protocol", "TLS"),
        "tls",
        map("mode", "PASSTHROUGH"),
        "hosts",
        hosts);
  }

  /** Routes the service's name, by SNI, to its ClickHouse Service on the same port. */
  private static Object virtualService(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    String host = Endpoints.host(spec, org, service);
    List<Object> routes = new ArrayList<>();
    for (int port : List.of(Ports.CLICKHOUSE_NATIVE_TLS, Ports.CLICKHOUSE_HTTPS)) {
      routes.add(
          map(
              "match",
              List.of(map("port", port, "sniHosts", List.of(host))),
              "route",
              List.of(
                  map(
                      "destination",
                      map(
                          "host",
                          Endpoints.destination(org, service),
                          "port",
                          map("number", port))))));
    }
    return custom(
        NETWORKING_API,
        "VirtualService",
        Naming.namespace(org.name()),
        service.name(),
        Labels.service(spec, org, service),
        map(
            "hosts",
            List.of(host),
            "gateways",
            List.of(Naming.namespace(org.name()) + "/" + Endpoints.gateway(service)),
            "tls",
            routes));
  }

  /**
   * Circuit breaking at the gateway: a bounded number of connections and a connect timeout per
   * service, and a ClickHouse host that fails connections in a row is taken out of the rotation for
   * a while.
   */
  private static Object destinationRule(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    return custom(
        NETWORKING_API,
        "DestinationRule",
        Naming.namespace(org.name()),
        service.name(),
        Labels.service(spec, org, service),
        map(
            "host",
            Endpoints.destination(org, service),
            "trafficPolicy",
            map(
                "connectionPool",
                map(
                    "tcp",
                    map(
                        "maxConnections",
                        MAX_CONNECTIONS,
                        "connectTimeout",
                        "5s",
                        "tcpKeepalive",
                        map("time", "300s", "interval", "30s"))),
                "outlierDetection",
                map(
                    "consecutive5xxErrors",
                    CONSECUTIVE_FAILURES,
                    "interval",
                    "10s",
                    "baseEjectionTime",
                    "30s",
                    "maxEjectionPercent",
                    50))));
  }

  /** The service's certificate, for its public name, into the Secret ClickHouse mounts. */
  private static Object certificate(PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    return custom(
        ClusterConfigs.CERT_MANAGER_API,
        "Certificate",
        Naming.namespace(org.name()),
        Naming.installationService(service.name()),
        Labels.service(spec, org, service),
        map(
            "secretName",
            Naming.certificateSecret(service.name()),
            "secretTemplate",
            map("labels", Labels.service(spec, org, service)),
            "dnsNames",
            List.of(Endpoints.host(spec, org, service)),
            "issuerRef",
            map(
                "group",
                "cert-manager.io",
                "kind",
                "ClusterIssuer",
                "name",
                Endpoints.CLUSTER_ISSUER),
            "privateKey",
            map("algorithm", "ECDSA", "size", 256, "rotationPolicy", "Always")));
  }

  /**
   * Who reaches a service's ClickHouse pods, and on which ports, as ztunnel sees it (identities and
   * namespaces): the gateway on the public TLS ports, the operator on HTTP and native, monitoring
   * on metrics, and the organisation's own workloads (the service's replicas and shards among them)
   * on HTTP, native and interserver.
   */
  private static Object clickHousePolicy(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    List<Object> rules = new ArrayList<>();
    rules.add(
        rule(
            "principals",
            List.of(Mesh.gatewayPrincipal()),
            List.of(Ports.CLICKHOUSE_NATIVE_TLS, Ports.CLICKHOUSE_HTTPS)));
    rules.add(
        rule(
            "namespaces",
            List.of(Namespaces.CLICKHOUSE_OPERATOR),
            List.of(Ports.CLICKHOUSE_HTTP, Ports.CLICKHOUSE_NATIVE)));
    rules.add(
        rule("namespaces", List.of(Namespaces.MONITORING), List.of(Ports.CLICKHOUSE_METRICS)));
    rules.add(
        rule(
            "namespaces",
            List.of(Naming.namespace(org.name())),
            List.of(Ports.CLICKHOUSE_HTTP, Ports.CLICKHOUSE_NATIVE, Ports.CLICKHOUSE_INTERSERVER)));
    return custom(
        ClusterConfigs.SECURITY_API,
        "AuthorizationPolicy",
        Naming.namespace(org.name()),
        "clickhouse-" + service.name(),
        Labels.service(spec, org, service),
        map(
            "selector",
            map("matchLabels", TenantNetworkPolicies.clickHousePods(service)),
            "action",
            "ALLOW",
            "rules",
            rules));
  }

  /** The coordinator's pods: the organisation's workloads on its ports, monitoring on metrics. */
  private static Object coordinatorPolicy(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    List<Integer> ports =
        service.coordinator() == Coordinator.KEEPER
            ? List.of(Ports.KEEPER_CLIENT, Ports.KEEPER_RAFT)
            : List.of(Ports.ZOOKEEPER_CLIENT, Ports.ZOOKEEPER_PEER, Ports.ZOOKEEPER_ELECTION);
    return custom(
        ClusterConfigs.SECURITY_API,
        "AuthorizationPolicy",
        Naming.namespace(org.name()),
        "coordinator-" + service.name(),
        Labels.service(spec, org, service),
        map(
            "selector",
            map("matchLabels", TenantNetworkPolicies.coordinatorPods(service)),
            "action",
            "ALLOW",
            "rules",
            List.of(
                rule("namespaces", List.of(Naming.namespace(org.name())), ports),
                rule("namespaces", List.of(Namespaces.MONITORING), Ports.METRICS))));
  }

  private static Map<String, Object> rule(String field, List<String> sources, List<Integer> ports) {
    return map(
        "from",
        List.of(map("source", map(field, sources))),
        "to",
        List.of(map("operation", map("ports", ports.stream().map(String::valueOf).toList()))));
  }
}
