package io.clickplane.istio;

import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.capacity.Overheads;
import io.clickplane.core.flux.ClusterValues;
import io.clickplane.core.flux.FluxObjects;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.PlatformSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The controllers of the endpoint layer, as Flux Helm releases: Istio in ambient mode (base →
 * istiod → CNI node agent → ztunnel, and the ingress gateway), cert-manager and ExternalDNS, the
 * last two with IRSA ServiceAccounts whose role ARNs Flux substitutes from {@link ClusterValues}.
 */
final class Controllers {
  /** ServiceAccount of cert-manager's controller (the chart names it after the release). */
  static final String CERT_MANAGER_SERVICE_ACCOUNT =
      io.clickplane.istio.aws.EndpointDns.CERT_MANAGER_SERVICE_ACCOUNT;

  /** ServiceAccount of ExternalDNS (the chart names it after the release). */
  static final String EXTERNAL_DNS_SERVICE_ACCOUNT =
      io.clickplane.istio.aws.EndpointDns.EXTERNAL_DNS_SERVICE_ACCOUNT;

  /** AWS Load Balancer Controller annotations shared by the gateway's NLB and dedicated NLBs. */
  static Map<String, String> loadBalancerAnnotations() {
    Map<String, String> a = new TreeMap<>();
    String p = "service.beta.kubernetes.io/aws-load-balancer-";
    a.put(p + "type", "external");
    a.put(p + "nlb-target-type", "ip");
    a.put(p + "scheme", "internet-facing");
    // PROXY protocol v2 on every target group: the gateway reads the header (gatewayTopology
    // below), so policies see the client's address, not the NLB's.
    a.put(p + "proxy-protocol", "*");
    a.put(p + "healthcheck-protocol", "HTTP");
    a.put(p + "healthcheck-port", Integer.toString(Ports.ISTIO_GATEWAY_STATUS));
    a.put(p + "healthcheck-path", "/healthz/ready");
    return a;
  }

  /** Proxy environment variable letting Envoy's status port read a PROXY protocol header. */
  static final String ENVOY_STATUS_PORT_PROXY_PROTOCOL = "ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL";

  /** The gateway's HorizontalPodAutoscaler ceiling. */
  static final int GATEWAY_MAX_REPLICAS = 5;

  /** Pod annotation making the gateway's listeners expect a PROXY protocol header. */
  static final String PROXY_PROTOCOL_CONFIG = "{\"gatewayTopology\":{\"proxyProtocol\":{}}}";

  private Controllers() {}

  static void render(PlatformSpec spec, String dnsOwner, ManifestSet.Builder tree) {
    istio(spec, tree);
    certManager(spec, tree);
    externalDns(spec, dnsOwner, tree);
  }

  private static void istio(PlatformSpec spec, ManifestSet.Builder tree) {
    Map<String, String> labels = Labels.environment(spec);
    String dir = FluxPaths.controllers(spec) + "/istio/";
    String ns = Namespaces.ISTIO;
    tree.add(dir + "namespace-istio-system.yaml", Yaml.write(FluxObjects.namespace(ns, labels)));
    // The gateway is an Envoy of its own (injected from the gateway template); it is not enrolled
    // in ambient and reaches ambient pods over HBONE.
    Map<String, String> ingress = new TreeMap<>(labels);
    ingress.put("istio-injection", "enabled");
    tree.add(
        dir + "namespace-istio-ingress.yaml",
        Yaml.write(FluxObjects.namespace(Namespaces.ISTIO_INGRESS, ingress)));
    tree.add(
        dir + "helmrepository.yaml",
        Yaml.write(FluxObjects.helmRepository(ns, "istio", Versions.ISTIO_REPOSITORY, labels)));
    tree.add(
        dir + "helmrelease-base.yaml",
        Yaml.write(
            release(
                spec, ns, "istio-base", "base", null, null, map("defaultRevision", "default"))));
    tree.add(
        dir + "helmrelease-istiod.yaml",
        Yaml.write(
            release(
                spec,
                ns,
                "istiod",
                "istiod",
                "istio-base",
                null,
                map("profile", "ambient", "meshConfig", map("accessLogFile", "/dev/stdout")))));
    tree.add(
        dir + "helmrelease-cni.yaml",
        Yaml.write(
            release(
                spec,
                ns,
                "istio-cni",
                "cni",
                "istiod",
                null,
                map(
                    "profile",
                    "ambient",
                    "cni",
                    map("resources", requests(Overheads.ISTIO_CNI))))));
    tree.add(
        dir + "helmrelease-ztunnel.yaml",
        Yaml.write(
            release(
                spec,
                ns,
                "ztunnel",
                "ztunnel",
                "istio-cni",
                null,
                map("resources", requests(Overheads.ZTUNNEL)))));
    tree.add(
        dir + "helmrelease-gateway.yaml",
        Yaml.write(
            release(
                spec,
                ns,
                Mesh.GATEWAY_NAME,
                "gateway",
                "istiod",
                Namespaces.ISTIO_INGRESS,
                gatewayValues())));
  }

  /**
   * The gateway chart's values (istio/istio 1.27.3 {@code manifests/charts/gateway/values.yaml},
   * {@code values.schema.json} and {@code templates/}: deployment, hpa, poddisruptionbudget).
   */
  static Map<String, Object> gatewayValues() {
    return map(
        // Flux names the Helm release <targetNamespace>-<name>; the chart derives the Deployment,
        // ServiceAccount and pod labels (app, istio) from this instead.
        "name",
        Mesh.GATEWAY_NAME,
        "podAnnotations",
        map("proxy.istio.io/config", PROXY_PROTOCOL_CONFIG),
        // The NLB's health checks carry the PROXY header too; Envoy's status port (15021) reads
        // it only with this set on the proxy (istio pilot/pkg/features/experimental.go; the
        // bootstrap's status listener then accepts requests with and without the header, so
        // kubelet's probes keep working). The chart writes env into the istio-proxy container.
        "env",
        map(ENVOY_STATUS_PORT_PROXY_PROTOCOL, "true"),
        // Every endpoint and Keycloak go through these pods: never fewer than two, spread over
        // zones and nodes, and voluntary evictions one at a time.
        "autoscaling",
        map(
            "enabled",
            true,
            "minReplicas",
            Mesh.GATEWAY_MIN_REPLICAS,
            "maxReplicas",
            GATEWAY_MAX_REPLICAS,
            "targetCPUUtilizationPercentage",
            80),
        "topologySpreadConstraints",
        List.of(
            spread("topology.kubernetes.io/zone", "DoNotSchedule"),
            spread("kubernetes.io/hostname", "ScheduleAnyway")),
        "podDisruptionBudget",
        map("maxUnavailable", 1),
        "service",
        map(
            "type",
            "LoadBalancer",
            "annotations",
            loadBalancerAnnotations(),
            "ports",
            List.of(
                servicePort("status-port", Ports.ISTIO_GATEWAY_STATUS),
                servicePort("https", Ports.GATEWAY_HTTPS),
                servicePort("tls-native", Ports.CLICKHOUSE_NATIVE_TLS),
                servicePort("tls-https", Ports.CLICKHOUSE_HTTPS))));
  }

  /**
   * A spread constraint over the gateway's pods (the chart's selector labels, {@code
   * gateway.selectorLabels} in its {@code _helpers.tpl}), per ReplicaSet during a rollout.
   */
  private static Map<String, Object> spread(String topologyKey, String whenUnsatisfiable) {
    return map(
        "maxSkew",
        1,
        "topologyKey",
        topologyKey,
        "whenUnsatisfiable",
        whenUnsatisfiable,
        "labelSelector",
        map(
            "matchLabels",
            map(
                Mesh.GATEWAY_APP_KEY,
                Mesh.GATEWAY_NAME,
                Mesh.GATEWAY_SELECTOR_KEY,
                Mesh.GATEWAY_SELECTOR_VALUE)),
        "matchLabelKeys",
        List.of("pod-template-hash"));
  }

  /** The requests the capacity model counts for a node agent (one table, see Overheads). */
  private static Map<String, Object> requests(Overheads.NodeDaemon daemon) {
    return map(
        "requests", map("cpu", daemon.cpuMillis() + "m", "memory", daemon.memoryMib() + "Mi"));
  }

  private static Map<String, Object> servicePort(String name, int port) {
    return map("name", name, "port", port, "protocol", "TCP", "targetPort", port);
  }

  private static void certManager(PlatformSpec spec, ManifestSet.Builder tree) {
    Map<String, String> labels = Labels.environment(spec);
    String dir = FluxPaths.controllers(spec) + "/cert-manager/";
    String ns = Namespaces.CERT_MANAGER;
    tree.add(dir + "namespace.yaml", Yaml.write(FluxObjects.namespace(ns, labels)));
    tree.add(
        dir + "helmrepository.yaml",
        Yaml.write(
            FluxObjects.helmRepository(ns, "jetstack", Versions.CERT_MANAGER_REPOSITORY, labels)));
    tree.add(
        dir + "helmrelease.yaml",
        Yaml.write(
            FluxObjects.helmRelease(
                labels,
                ns,
                "cert-manager",
                "cert-manager",
                Versions.CERT_MANAGER,
                "jetstack",
                null,
                null,
                map(
                    "crds",
                    map("enabled", true, "keep", true),
                    "serviceAccount",
                    map(
                        "name",
                        CERT_MANAGER_SERVICE_ACCOUNT,
                        "annotations",
                        map(
                            "eks.amazonaws.com/role-arn",
                            ClusterValues.reference(ClusterValues.CERT_MANAGER_ROLE_ARN))),
                    // The IRSA token file is readable by the pod's group.
                    "securityContext",
                    map("fsGroup", 1001),
                    // DNS-01 self-checks ask public resolvers, not the cluster's DNS.
                    "extraArgs",
                    List.of(
                        "--dns01-recursive-nameservers-only",
                        "--dns01-recursive-nameservers=1.1.1.1:53,8.8.8.8:53")))));
  }

  private static void externalDns(PlatformSpec spec, String owner, ManifestSet.Builder tree) {
    Map<String, String> labels = Labels.environment(spec);
    String dir = FluxPaths.controllers(spec) + "/external-dns/";
    String ns = Namespaces.EXTERNAL_DNS;
    tree.add(dir + "namespace.yaml", Yaml.write(FluxObjects.namespace(ns, labels)));
    tree.add(
        dir + "helmrepository.yaml",
        Yaml.write(
            FluxObjects.helmRepository(
                ns, "external-dns", Versions.EXTERNAL_DNS_REPOSITORY, labels)));
    tree.add(
        dir + "helmrelease.yaml",
        Yaml.write(
            FluxObjects.helmRelease(
                labels,
                ns,
                "external-dns",
                "external-dns",
                Versions.EXTERNAL_DNS,
                "external-dns",
                null,
                null,
                map(
                    "provider",
                    map("name", "aws"),
                    // Gateways publish the shared NLB's hosts; a dedicated NLB's Service names its
                    // own host (see TenantEndpoints).
                    "sources",
                    List.of("istio-gateway", "service"),
                    "domainFilters",
                    List.of(spec.domain()),
                    "policy",
                    "sync",
                    "registry",
                    "txt",
                    "txtOwnerId",
                    owner,
                    "env",
                    List.of(map("name", "AWS_DEFAULT_REGION", "value", spec.region())),
                    "extraArgs",
                    List.of("--aws-zone-type=public"),
                    "serviceAccount",
                    map(
                        "name",
                        EXTERNAL_DNS_SERVICE_ACCOUNT,
                        "annotations",
                        map(
                            "eks.amazonaws.com/role-arn",
                            ClusterValues.reference(ClusterValues.EXTERNAL_DNS_ROLE_ARN)))))));
  }

  private static Object release(
      PlatformSpec spec,
      String namespace,
      String name,
      String chart,
      String dependsOn,
      String targetNamespace,
      Map<String, Object> values) {
    return FluxObjects.helmRelease(
        Labels.environment(spec),
        namespace,
        name,
        chart,
        Versions.ISTIO,
        "istio",
        dependsOn,
        targetNamespace,
        values.isEmpty() ? null : values);
  }
}
