package io.clickplane.istio;

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
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The organisation namespace's NetworkPolicies, in agreement with the AuthorizationPolicies of
 * {@link TenantEndpoints}: everything is denied, then admitted per destination workload and source.
 *
 * <p>Traffic between two ambient pods travels on Istio's HBONE port ({@link Ports#HBONE}), so that
 * is the port NetworkPolicy sees for every meshed source; each rule also names the application
 * ports the source may use (what ztunnel checks, and what a source outside the mesh would use,
 * which {@code STRICT} mutual TLS then refuses). Sources are narrowed by namespace and pod here;
 * ports are enforced by the AuthorizationPolicies.
 */
final class TenantNetworkPolicies {
  private TenantNetworkPolicies() {}

  /** Labels selecting a service's ClickHouse pods (set by the Altinity operator). */
  static Map<String, String> clickHousePods(ServiceSpec service) {
    return Map.of(Naming.CLICKHOUSE_INSTALLATION_LABEL, Naming.installation(service.name()));
  }

  /** Labels selecting a service's coordinator pods (ZooKeeper or Keeper). */
  static Map<String, String> coordinatorPods(ServiceSpec service) {
    return service.coordinator() == Coordinator.KEEPER
        ? Map.of(Naming.KEEPER_INSTALLATION_LABEL, Naming.keeper(service.name()))
        : Map.of(Naming.ZOOKEEPER_APP_LABEL, Naming.zookeeper(service.name()));
  }

  static void render(PlatformSpec spec, OrganisationSpec org, ManifestSet.Builder tree) {
    String dir = FluxPaths.organisation(spec.environment(), org.name()) + "/";
    String ns = Naming.namespace(org.name());
    tree.add(dir + "networkpolicy-default-deny.yaml", Yaml.write(defaultDeny(spec, org, ns)));
    tree.add(dir + "networkpolicy-egress.yaml", Yaml.write(egress(spec, org, ns)));
    tree.add(dir + "networkpolicy-kubelet-probes.yaml", Yaml.write(probes(spec, org, ns)));
    for (ServiceSpec service : org.services()) {
      tree.add(
          dir + "networkpolicy-clickhouse-" + service.name() + ".yaml",
          Yaml.write(clickHouse(spec, org, service)));
      tree.add(
          dir + "networkpolicy-coordinator-" + service.name() + ".yaml",
          Yaml.write(coordinator(spec, org, service)));
    }
  }

  private static NetworkPolicyBuilder policy(
      PlatformSpec spec, OrganisationSpec org, String name, Map<String, String> labels) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(Naming.namespace(org.name()))
        .withLabels(labels)
        .endMetadata();
  }

  private static NetworkPolicy defaultDeny(PlatformSpec spec, OrganisationSpec org, String ns) {
    return policy(spec, org, "default-deny", Labels.organisation(spec, org))
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Ingress", "Egress")
        .endSpec()
        .build();
  }

  /**
   * Out of every pod: DNS; the organisation's own pods (the service's replicas, shards and
   * coordinator, the platform's jobs); HTTPS for backups to S3 (through the VPC endpoint), STS for
   * the IRSA credentials and the other AWS APIs the jobs call.
   */
  private static NetworkPolicy egress(PlatformSpec spec, OrganisationSpec org, String ns) {
    return policy(spec, org, "allow-egress", Labels.organisation(spec, org))
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Egress")
        .addNewEgress()
        .withTo(
            new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(namespace("kube-system"))
                .withPodSelector(
                    new LabelSelectorBuilder().addToMatchLabels("k8s-app", "kube-dns").build())
                .build())
        .withPorts(port("UDP", 53), tcp(53))
        .endEgress()
        .addNewEgress()
        .withTo(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build())
        .endEgress()
        .addNewEgress()
        .withTo(
            new NetworkPolicyPeerBuilder()
                .withNewIpBlock()
                .withCidr("0.0.0.0/0")
                .endIpBlock()
                .build())
        .withPorts(tcp(443))
        .endEgress()
        .endSpec()
        .build();
  }

  /** Kubelet probes reach ambient pods from the address the Istio CNI agent rewrites them to. */
  private static NetworkPolicy probes(PlatformSpec spec, OrganisationSpec org, String ns) {
    return policy(spec, org, "allow-kubelet-probes", Labels.organisation(spec, org))
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(
            new NetworkPolicyPeerBuilder()
                .withNewIpBlock()
                .withCidr(Mesh.KUBELET_PROBE_SOURCE)
                .endIpBlock()
                .build())
        .endIngress()
        .endSpec()
        .build();
  }

  private static NetworkPolicy clickHouse(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    List<NetworkPolicyIngressRule> rules = new ArrayList<>();
    rules.add(
        ingress(
            namespacePeer(Namespaces.CLICKHOUSE_OPERATOR),
            Ports.CLICKHOUSE_HTTP,
            Ports.CLICKHOUSE_NATIVE));
    rules.add(
        ingress(
            new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(namespace(Namespaces.ISTIO_INGRESS))
                .withPodSelector(
                    new LabelSelectorBuilder()
                        .addToMatchLabels(Mesh.GATEWAY_APP_KEY, Mesh.GATEWAY_NAME)
                        .build())
                .build(),
            Ports.CLICKHOUSE_NATIVE_TLS,
            Ports.CLICKHOUSE_HTTPS));
    rules.add(ingress(namespacePeer(Namespaces.MONITORING), Ports.CLICKHOUSE_METRICS));
    rules.add(
        ingress(
            new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build(),
            Ports.CLICKHOUSE_HTTP,
            Ports.CLICKHOUSE_NATIVE));
    rules.add(
        ingress(
            podPeer(clickHousePods(service)),
            Ports.CLICKHOUSE_NATIVE,
            Ports.CLICKHOUSE_INTERSERVER));
    return policy(spec, org, "clickhouse-" + service.name(), Labels.service(spec, org, service))
        .withNewSpec()
        .withPodSelector(
            new LabelSelectorBuilder().withMatchLabels(clickHousePods(service)).build())
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }

  /**
   * A service's coordinator: only the service's own ClickHouse and coordinator pods, and metrics.
   */
  private static NetworkPolicy coordinator(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    boolean keeper = service.coordinator() == Coordinator.KEEPER;
    List<NetworkPolicyIngressRule> rules = new ArrayList<>();
    int client = keeper ? Ports.KEEPER_CLIENT : Ports.ZOOKEEPER_CLIENT;
    rules.add(ingress(podPeer(clickHousePods(service)), client));
    rules.add(
        keeper
            ? ingress(podPeer(coordinatorPods(service)), client, Ports.KEEPER_RAFT)
            : ingress(
                podPeer(coordinatorPods(service)),
                client,
                Ports.ZOOKEEPER_PEER,
                Ports.ZOOKEEPER_ELECTION));
    rules.add(
        ingress(
            namespacePeer(Namespaces.MONITORING),
            Ports.METRICS.stream().mapToInt(Integer::intValue).toArray()));
    return policy(spec, org, "coordinator-" + service.name(), Labels.service(spec, org, service))
        .withNewSpec()
        .withPodSelector(
            new LabelSelectorBuilder().withMatchLabels(coordinatorPods(service)).build())
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }

  /** From {@code peer} on {@code ports}, and on HBONE (how a meshed peer's traffic arrives). */
  private static NetworkPolicyIngressRule ingress(NetworkPolicyPeer peer, int... ports) {
    Set<Integer> all = new LinkedHashSet<>();
    for (int p : ports) {
      all.add(p);
    }
    all.add(Ports.HBONE);
    return new NetworkPolicyIngressRuleBuilder()
        .withFrom(peer)
        .withPorts(all.stream().map(TenantNetworkPolicies::tcp).toList())
        .build();
  }

  private static NetworkPolicyPeer podPeer(Map<String, String> labels) {
    return new NetworkPolicyPeerBuilder()
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(labels).build())
        .build();
  }

  private static NetworkPolicyPeer namespacePeer(String namespace) {
    return new NetworkPolicyPeerBuilder().withNamespaceSelector(namespace(namespace)).build();
  }

  private static LabelSelector namespace(String name) {
    return new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/metadata.name", name).build();
  }

  private static NetworkPolicyPort tcp(int port) {
    return port("TCP", port);
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
  }
}
