package io.clickplane.istio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.core.testing.Repo;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The endpoint layer as rendered for the repository's stacks, checked object by object. */
class RenderedEndpointsTest {
  private static PlatformSpec dev;
  private static ManifestSet tree;

  @BeforeAll
  static void render() throws Exception {
    dev = StackConfig.load(Repo.stackFile("dev"));
    tree = IstioRenderer.render(dev);
  }

  private static JsonNode read(String path) throws Exception {
    assertThat(tree.paths()).contains(path);
    return Yaml.mapper().readTree(tree.text(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyCustomResourceValidatesStrictlyAgainstItsCrd(String stack) throws Exception {
    ManifestSet rendered = IstioRenderer.render(StackConfig.load(Repo.stackFile(stack)));
    CrdSchemas crds = CrdSchemas.shared();
    List<String> problems = new ArrayList<>();
    Set<String> kinds = new TreeSet<>();
    for (String path : rendered.paths()) {
      for (JsonNode doc : CrdSchemas.documents(rendered.text(path))) {
        String api = doc.path("apiVersion").asText();
        if (!api.contains(".")) {
          continue; // core and networking.k8s.io objects are checked through fabric8 below
        }
        if (api.startsWith("networking.k8s.io/")) {
          continue;
        }
        kinds.add(api + " " + doc.path("kind").asText());
        assertThat(crds.knows(api, doc.path("kind").asText())).as(path).isTrue();
        crds.problems(doc).forEach(p -> problems.add(path + ": " + p));
      }
    }
    assertThat(problems).isEmpty();
    assertThat(kinds)
        .contains(
            "cert-manager.io/v1 Certificate",
            "cert-manager.io/v1 ClusterIssuer",
            "helm.toolkit.fluxcd.io/v2 HelmRelease",
            "networking.istio.io/v1 DestinationRule",
            "networking.istio.io/v1 Gateway",
            "networking.istio.io/v1 VirtualService",
            "security.istio.io/v1 AuthorizationPolicy",
            "security.istio.io/v1 PeerAuthentication",
            "source.toolkit.fluxcd.io/v1 HelmRepository");
  }

  @Test
  void coreObjectsParseBackThroughFabric8() throws Exception {
    int policies = 0;
    for (String path : tree.paths()) {
      JsonNode doc = CrdSchemas.documents(tree.text(path)).get(0);
      if (doc.path("kind").asText().equals("NetworkPolicy")) {
        NetworkPolicy np = Yaml.mapper().readValue(tree.text(path), NetworkPolicy.class);
        assertThat(np.getMetadata().getNamespace()).isNotEmpty();
        policies++;
      }
      if (doc.path("kind").asText().equals("Service")) {
        Service s = Yaml.mapper().readValue(tree.text(path), Service.class);
        assertThat(s.getSpec().getType()).isEqualTo("LoadBalancer");
      }
    }
    assertThat(policies).isEqualTo(3 * 3 + 2 * dev.serviceCount());
  }

  @Test
  void theMeshIsAmbientAndTheGatewayReadsProxyProtocolBehindAnNlb() throws Exception {
    String dir = "infrastructure/dev/controllers/istio/";
    assertThat(read(dir + "helmrelease-istiod.yaml").at("/spec/values/profile").asText())
        .isEqualTo("ambient");
    assertThat(read(dir + "helmrelease-cni.yaml").at("/spec/values/profile").asText())
        .isEqualTo("ambient");
    assertThat(read(dir + "helmrelease-ztunnel.yaml").at("/spec/chart/spec/chart").asText())
        .isEqualTo("ztunnel");
    JsonNode gateway = read(dir + "helmrelease-gateway.yaml").at("/spec/values");
    assertThat(gateway.path("name").asText()).isEqualTo("istio-ingressgateway");
    assertThat(gateway.at("/podAnnotations/proxy.istio.io~1config").asText())
        .isEqualTo("{\"gatewayTopology\":{\"proxyProtocol\":{}}}");
    JsonNode annotations = gateway.at("/service/annotations");
    String p = "service.beta.kubernetes.io/aws-load-balancer-";
    assertThat(annotations.path(p + "type").asText()).isEqualTo("external");
    assertThat(annotations.path(p + "nlb-target-type").asText()).isEqualTo("ip");
    assertThat(annotations.path(p + "scheme").asText()).isEqualTo("internet-facing");
    assertThat(annotations.path(p + "proxy-protocol").asText()).isEqualTo("*");
    assertThat(annotations.path(p + "healthcheck-port").asText()).isEqualTo("15021");
    List<Integer> ports = new ArrayList<>();
    gateway.at("/service/ports").forEach(n -> ports.add(n.path("port").asInt()));
    assertThat(ports).containsExactly(15021, 443, 9440, 8443);
    assertThat(
            read("infrastructure/dev/configs/istio/peerauthentication-strict.yaml")
                .at("/spec/mtls/mode")
                .asText())
        .isEqualTo("STRICT");
  }

  @Test
  void theMeshsNodeAgentsRequestWhatTheCapacityModelCounts() throws Exception {
    String dir = "infrastructure/dev/controllers/istio/";
    JsonNode ztunnel = read(dir + "helmrelease-ztunnel.yaml").at("/spec/values/resources/requests");
    assertThat(ztunnel.path("cpu").asText())
        .isEqualTo(io.clickplane.core.capacity.Overheads.ZTUNNEL.cpuMillis() + "m");
    assertThat(ztunnel.path("memory").asText())
        .isEqualTo(io.clickplane.core.capacity.Overheads.ZTUNNEL.memoryMib() + "Mi");
    JsonNode cni = read(dir + "helmrelease-cni.yaml").at("/spec/values/cni/resources/requests");
    assertThat(cni.path("cpu").asText())
        .isEqualTo(io.clickplane.core.capacity.Overheads.ISTIO_CNI.cpuMillis() + "m");
    assertThat(cni.path("memory").asText())
        .isEqualTo(io.clickplane.core.capacity.Overheads.ISTIO_CNI.memoryMib() + "Mi");
  }

  @Test
  void controllersGetTheirRolesFromPulumiThroughFluxSubstitution() throws Exception {
    assertThat(
            read("infrastructure/dev/controllers/cert-manager/helmrelease.yaml")
                .at("/spec/values/serviceAccount/annotations/eks.amazonaws.com~1role-arn")
                .asText())
        .isEqualTo("${clickplane_cert_manager_role_arn}");
    JsonNode externalDns = read("infrastructure/dev/controllers/external-dns/helmrelease.yaml");
    assertThat(
            externalDns
                .at("/spec/values/serviceAccount/annotations/eks.amazonaws.com~1role-arn")
                .asText())
        .isEqualTo("${clickplane_external_dns_role_arn}");
    assertThat(externalDns.at("/spec/values/sources").toString())
        .isEqualTo("[\"istio-gateway\",\"service\"]");
    assertThat(externalDns.at("/spec/values/domainFilters/0").asText()).isEqualTo(dev.domain());
    JsonNode issuer = read("infrastructure/dev/configs/cert-manager/clusterissuer.yaml");
    assertThat(issuer.at("/spec/acme/server").asText()).isEqualTo(dev.dns().acmeServer());
    assertThat(issuer.at("/spec/acme/solvers/0/dns01/route53/region").asText())
        .isEqualTo(dev.region());
    assertThat(issuer.at("/spec/acme/solvers/0/dns01/route53").has("accessKeyID"))
        .as("ambient credentials (IRSA), no keys")
        .isFalse();
  }

  @Test
  void anAllowListIsADenyAtTheGatewayForItsServerName() throws Exception {
    JsonNode policy = read("infrastructure/dev/configs/istio-ingress/allow-list-acme-events.yaml");
    assertThat(policy.at("/metadata/namespace").asText()).isEqualTo("istio-ingress");
    assertThat(policy.at("/spec/action").asText()).isEqualTo("DENY");
    assertThat(policy.at("/spec/selector/matchLabels/istio").asText()).isEqualTo("ingressgateway");
    assertThat(policy.at("/spec/rules/0/from/0/source/notRemoteIpBlocks").toString())
        .isEqualTo("[\"203.0.113.0/24\",\"198.51.100.17/32\"]");
    assertThat(policy.at("/spec/rules/0/when/0/key").asText()).isEqualTo("connection.sni");
    assertThat(policy.at("/spec/rules/0/when/0/values/0").asText())
        .isEqualTo("events.acme." + dev.domain());
    assertThat(tree.paths()).noneMatch(p -> p.contains("allow-list-acme-scratch"));
  }

  @Test
  void aDedicatedLoadBalancerFrontsTheGatewayForItsHostOnly() throws Exception {
    JsonNode service = read("infrastructure/dev/configs/istio-ingress/nlb-globex-clicks.yaml");
    assertThat(service.at("/spec/type").asText()).isEqualTo("LoadBalancer");
    assertThat(service.at("/spec/selector").toString())
        .isEqualTo("{\"app\":\"istio-ingressgateway\"}");
    assertThat(
            service.at("/metadata/annotations/external-dns.alpha.kubernetes.io~1hostname").asText())
        .isEqualTo("clicks.globex." + dev.domain());
    JsonNode dedicated = read("tenants/dev/globex/gateway-dedicated.yaml");
    assertThat(
            dedicated
                .at("/metadata/annotations/external-dns.alpha.kubernetes.io~1controller")
                .asText())
        .isNotEqualTo("dns-controller");
    assertThat(tree.paths()).doesNotContain("tenants/dev/globex/gateway.yaml");
    // The shared Gateways' selector is not contained in the dedicated Service's selector, so
    // ExternalDNS never gives their hosts this NLB's address.
    JsonNode shared = read("tenants/dev/acme/gateway.yaml");
    shared
        .at("/spec/selector")
        .fields()
        .forEachRemaining(
            e ->
                assertThat(service.at("/spec/selector").path(e.getKey()).asText())
                    .isNotEqualTo(e.getValue().asText()));
  }

  @Test
  void routesPassTlsThroughBySniToTheServicesClickHouse() throws Exception {
    JsonNode gateway = read("tenants/dev/acme/gateway.yaml");
    for (JsonNode server : gateway.at("/spec/servers")) {
      assertThat(server.at("/tls/mode").asText()).isEqualTo("PASSTHROUGH");
      assertThat(server.at("/port/protocol").asText()).isEqualTo("TLS");
    }
    JsonNode vs = read("tenants/dev/acme/events/virtualservice.yaml");
    assertThat(vs.at("/spec/gateways/0").asText()).isEqualTo("acme/endpoints");
    for (JsonNode route : vs.at("/spec/tls")) {
      int port = route.at("/match/0/port").asInt();
      assertThat(route.at("/route/0/destination/port/number").asInt()).isEqualTo(port);
      assertThat(route.at("/route/0/destination/host").asText())
          .isEqualTo("clickhouse-events.acme.svc.cluster.local");
    }
    JsonNode dr = read("tenants/dev/acme/events/destinationrule.yaml");
    assertThat(dr.at("/spec/trafficPolicy/connectionPool/tcp/maxConnections").asInt()).isPositive();
    assertThat(dr.at("/spec/trafficPolicy/connectionPool/tcp/connectTimeout").asText())
        .isEqualTo("5s");
    assertThat(dr.at("/spec/trafficPolicy/outlierDetection/consecutive5xxErrors").asInt())
        .isEqualTo(5);
    JsonNode certificate = read("tenants/dev/acme/events/certificate.yaml");
    assertThat(certificate.at("/spec/secretName").asText()).isEqualTo("clickhouse-events-tls");
    assertThat(certificate.at("/spec/issuerRef/kind").asText()).isEqualTo("ClusterIssuer");
  }

  @Test
  void anOrganisationsFilesDependOnlyOnItself() {
    PlatformSpec alone = dev.withOrganisations(List.of(dev.organisations().get(0)));
    ManifestSet single = IstioRenderer.render(alone);
    OrganisationSpec first = dev.organisations().get(0);
    String prefix = "tenants/dev/" + first.name() + "/";
    Map<String, byte[]> full = new java.util.TreeMap<>();
    Map<String, byte[]> one = new java.util.TreeMap<>();
    tree.files()
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix)) full.put(k, v);
            });
    single
        .files()
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix)) one.put(k, v);
            });
    assertThat(one.keySet()).isEqualTo(full.keySet()).isNotEmpty();
    one.forEach((k, v) -> assertThat(v).as(k).isEqualTo(full.get(k)));
  }

  @Test
  void renderingIsDeterministic() throws Exception {
    assertThat(IstioRenderer.render(StackConfig.load(Repo.stackFile("dev")))).isEqualTo(tree);
  }
}
