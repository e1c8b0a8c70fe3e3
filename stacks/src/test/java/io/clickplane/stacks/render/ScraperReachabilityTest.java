package io.clickplane.stacks.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.istio.testing.Reachability;
import io.clickplane.istio.testing.Reachability.Workload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over the whole rendered dev tree (NetworkPolicies, PeerAuthentications, AuthorizationPolicies),
 * Prometheus in namespace {@code monitoring} reaches every service's metrics ports and none of its
 * other ports; a pod of another namespace does not reach the metrics ports.
 */
class ScraperReachabilityTest {
  private static PlatformSpec spec;
  private static List<JsonNode> documents;
  private static Reachability reachability;
  private static Map<String, Map<String, String>> namespaces;

  @BeforeAll
  static void render() throws Exception {
    spec = StackConfig.load(Repo.stackFile("dev"));
    ManifestSet tree = Fleet.render(spec);
    documents = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
      if (e.getKey().endsWith(".yaml") && !e.getKey().startsWith(".clickplane/")) {
        documents.addAll(parse(new String(e.getValue(), StandardCharsets.UTF_8)));
      }
    }
    namespaces = new HashMap<>();
    for (JsonNode doc : documents) {
      if (doc.path("kind").asText().equals("Namespace")) {
        String name = doc.at("/metadata/name").asText();
        Map<String, String> labels = labels(doc.at("/metadata/labels"));
        // the API server adds this label to every namespace
        labels.put("kubernetes.io/metadata.name", name);
        namespaces.put(name, labels);
      }
    }
    for (String name : List.of("kube-system", "default")) {
      namespaces.putIfAbsent(name, Map.of("kubernetes.io/metadata.name", name));
    }
    reachability = new Reachability(documents, namespaces);
  }

  private static List<JsonNode> parse(String yaml) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          out.add(doc);
        }
      }
    }
    return out;
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
    return out;
  }

  /** A pod of {@code namespace}, in the ambient mesh if its namespace is enrolled. */
  private static Workload pod(
      String namespace, String name, Map<String, String> labels, String serviceAccount, String ip) {
    boolean ambient =
        Mesh.AMBIENT.equals(
            namespaces.getOrDefault(namespace, Map.of()).get(Mesh.DATAPLANE_MODE_LABEL));
    return new Workload(
        namespace,
        name,
        labels,
        ip,
        serviceAccount,
        ambient ? Reachability.Mesh.AMBIENT : Reachability.Mesh.NONE);
  }

  private static Workload prometheus() {
    return pod(
        Namespaces.MONITORING,
        "prometheus-kube-prometheus-stack-prometheus-0",
        Map.of("app.kubernetes.io/name", "prometheus"),
        "kube-prometheus-stack-prometheus",
        "10.1.0.10");
  }

  private static Map<String, String> serviceLabels(OrganisationSpec org, ServiceSpec service) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
    labels.put(Naming.LABEL_ENVIRONMENT, spec.environment());
    labels.put(Naming.LABEL_ORGANISATION, org.name());
    labels.put(Naming.LABEL_SERVICE, service.name());
    return labels;
  }

  private static Workload clickhouse(OrganisationSpec org, ServiceSpec service) {
    Map<String, String> labels = serviceLabels(org, service);
    labels.put(Naming.CLICKHOUSE_INSTALLATION_LABEL, Naming.installation(service.name()));
    labels.put("clickhouse.altinity.com/app", "chop");
    return pod(
        Naming.namespace(org.name()),
        Naming.replicaPod(service.name(), 0, 0),
        labels,
        Naming.BACKUP_SERVICE_ACCOUNT,
        "10.2.0.10");
  }

  private static Workload coordinator(OrganisationSpec org, ServiceSpec service) {
    Map<String, String> labels = serviceLabels(org, service);
    if (service.coordinator() == Coordinator.KEEPER) {
      labels.put(Naming.KEEPER_INSTALLATION_LABEL, Naming.keeper(service.name()));
    } else {
      labels.put(Naming.ZOOKEEPER_APP_LABEL, Naming.zookeeper(service.name()));
    }
    return pod(Naming.namespace(org.name()), "coordinator-0", labels, "default", "10.2.0.20");
  }

  @Test
  void theScraperReachesEveryMetricsPortAndNothingElse() {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        Workload ch = clickhouse(org, service);
        Map<Integer, Boolean> expected = new TreeMap<>();
        expected.put(Ports.CLICKHOUSE_METRICS, true);
        for (int port :
            List.of(
                Ports.CLICKHOUSE_HTTP,
                Ports.CLICKHOUSE_NATIVE,
                Ports.CLICKHOUSE_INTERSERVER,
                Ports.CLICKHOUSE_NATIVE_TLS,
                Ports.CLICKHOUSE_HTTPS)) {
          expected.put(port, false);
        }
        checked += check(ch, expected, wrong);

        Workload coordinator = coordinator(org, service);
        Map<Integer, Boolean> coordinatorPorts = new TreeMap<>();
        if (service.coordinator() == Coordinator.KEEPER) {
          coordinatorPorts.put(Ports.KEEPER_METRICS, true);
          coordinatorPorts.put(Ports.KEEPER_CLIENT, false);
          coordinatorPorts.put(Ports.KEEPER_RAFT, false);
        } else {
          coordinatorPorts.put(Ports.ZOOKEEPER_METRICS, true);
          coordinatorPorts.put(Ports.ZOOKEEPER_CLIENT, false);
          coordinatorPorts.put(Ports.ZOOKEEPER_PEER, false);
          coordinatorPorts.put(Ports.ZOOKEEPER_ELECTION, false);
          coordinatorPorts.put(Ports.ZOOKEEPER_ADMIN, false);
        }
        checked += check(coordinator, coordinatorPorts, wrong);
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(checked).isGreaterThan(20);
  }

  @Test
  void theScraperReachesTheOperatorsExportersAndCertManager() {
    Workload operator =
        pod(
            Namespaces.CLICKHOUSE_OPERATOR,
            "clickhouse-operator-0",
            Map.of("app.kubernetes.io/name", "altinity-clickhouse-operator"),
            "clickhouse-operator",
            "10.1.1.10");
    Workload certManager =
        pod(
            Namespaces.CERT_MANAGER,
            "cert-manager-0",
            Map.of(
                "app.kubernetes.io/name",
                "cert-manager",
                "app.kubernetes.io/component",
                "controller"),
            "cert-manager",
            "10.1.2.10");
    List<String> wrong = new ArrayList<>();
    check(
        operator,
        Map.of(Ports.OPERATOR_CLICKHOUSE_EXPORTER, true, Ports.OPERATOR_METRICS, true),
        wrong);
    check(certManager, Map.of(Ports.CERT_MANAGER_METRICS, true), wrong);
    assertThat(wrong).isEmpty();
  }

  @Test
  void onlyTheMonitoringNamespaceReachesTheMetricsPorts() {
    OrganisationSpec first = spec.organisations().get(0);
    OrganisationSpec second = spec.organisations().get(1);
    Workload stranger =
        pod(
            Naming.namespace(second.name()),
            "intruder",
            Map.of("app", "intruder"),
            "default",
            "10.3.0.10");
    ServiceSpec service = first.services().get(0);
    assertThat(
            reachability
                .connect(stranger, clickhouse(first, service), Ports.CLICKHOUSE_METRICS)
                .allowed())
        .isFalse();
    assertThat(
            reachability
                .connect(stranger, coordinator(first, service), Ports.ZOOKEEPER_METRICS)
                .allowed())
        .isFalse();
  }

  private static int check(Workload target, Map<Integer, Boolean> expected, List<String> wrong) {
    for (Map.Entry<Integer, Boolean> e : expected.entrySet()) {
      Reachability.Verdict verdict = reachability.connect(prometheus(), target, e.getKey());
      if (verdict.allowed() != e.getValue()) {
        wrong.add(
            target.namespace()
                + "/"
                + target.name()
                + " "
                + target.labels()
                + " port "
                + e.getKey()
                + ": expected "
                + (e.getValue() ? "reachable" : "unreachable")
                + ", "
                + verdict.reason());
      }
    }
    return expected.size();
  }
}
