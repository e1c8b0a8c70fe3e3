package io.clickplane.stacks.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.core.testing.Repo;
import io.clickplane.istio.testing.Reachability;
import io.clickplane.istio.testing.Reachability.Workload;
import io.clickplane.stacks.render.Fleet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rendered dev fleet and the pods it would run: namespaces with the labels the tree gives them,
 * ClickHouse pods with the labels the Altinity operator sets, coordinator pods with the labels of
 * their rendered StatefulSet, and the platform's other workloads.
 */
final class DevFleet {
  final PlatformSpec spec;
  final ManifestSet tree;
  final List<JsonNode> documents = new ArrayList<>();
  final Map<String, Map<String, String>> namespaces = new TreeMap<>();
  final Map<String, List<Workload>> clickHouse = new TreeMap<>();
  final Map<String, List<Workload>> coordinators = new TreeMap<>();
  final Map<String, Workload> jobs = new TreeMap<>();
  final Workload operator;
  final Workload gateway;
  final Workload prometheus;
  private int nextIp = 10;

  DevFleet() throws Exception {
    spec = StackConfig.load(Repo.stackFile("dev"));
    tree = Fleet.render(spec);
    for (String path : tree.paths()) {
      if (path.endsWith(".yaml") && !path.startsWith(".clickplane/")) {
        documents.addAll(CrdSchemas.documents(tree.text(path)));
      }
    }
    for (JsonNode doc : documents) {
      if (doc.path("kind").asText().equals("Namespace")) {
        Map<String, String> labels = new TreeMap<>();
        doc.at("/metadata/labels")
            .fields()
            .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        String name = doc.at("/metadata/name").asText();
        labels.put("kubernetes.io/metadata.name", name);
        namespaces.put(name, labels);
      }
    }
    namespaces.put("kube-system", Map.of("kubernetes.io/metadata.name", "kube-system"));
    // The monitoring namespace comes from the monitoring module; it must be enrolled in ambient
    // for Prometheus to scrape under STRICT mutual TLS (docs/endpoints.md).
    namespaces.putIfAbsent(Namespaces.MONITORING, monitoringNamespace());

    for (OrganisationSpec org : spec.organisations()) {
      String ns = Naming.namespace(org.name());
      for (ServiceSpec service : org.services()) {
        String key = org.name() + "/" + service.name();
        List<Workload> pods = new ArrayList<>();
        for (int s = 0; s < service.shards(); s++) {
          for (int r = 0; r < service.replicas(); r++) {
            Map<String, String> labels = new HashMap<>();
            labels.put("clickhouse.altinity.com/app", "chop");
            labels.put("clickhouse.altinity.com/chi", Naming.installation(service.name()));
            labels.put("clickhouse.altinity.com/cluster", Naming.CLUSTER);
            labels.put("clickhouse.altinity.com/shard", Naming.shard(s));
            labels.put("clickhouse.altinity.com/replica", Naming.replica(r));
            pods.add(pod(ns, Naming.replicaPod(service.name(), s, r), labels, "default"));
          }
        }
        clickHouse.put(key, pods);
        coordinators.put(key, coordinatorPods(org, service));
      }
      jobs.put(
          org.name(),
          pod(ns, "backup-job", Map.of("app", "clickhouse-backup"), "clickhouse-backup"));
    }
    operator =
        pod(
            Namespaces.CLICKHOUSE_OPERATOR,
            "clickhouse-operator",
            Map.of("app", "clickhouse-operator"),
            "clickhouse-operator");
    gateway =
        new Workload(
            Namespaces.ISTIO_INGRESS,
            "istio-ingressgateway",
            Map.of("app", "istio-ingressgateway", "istio", "ingressgateway"),
            ip(),
            Mesh.GATEWAY_NAME,
            Reachability.Mesh.GATEWAY);
    prometheus =
        pod(Namespaces.MONITORING, "prometheus", Map.of("app", "prometheus"), "prometheus");
  }

  static Map<String, String> monitoringNamespace() {
    Map<String, String> labels = new TreeMap<>(Mesh.ambient());
    labels.put("kubernetes.io/metadata.name", Namespaces.MONITORING);
    return labels;
  }

  Reachability reachability() {
    return new Reachability(documents, namespaces);
  }

  private List<Workload> coordinatorPods(OrganisationSpec org, ServiceSpec service) {
    String ns = Naming.namespace(org.name());
    List<Workload> pods = new ArrayList<>();
    if (service.coordinator() == Coordinator.KEEPER) {
      for (int i = 0; i < service.coordinatorNodes(); i++) {
        pods.add(
            pod(
                ns,
                Naming.keeper(service.name()) + "-" + i,
                Map.of(
                    Naming.KEEPER_INSTALLATION_LABEL,
                    Naming.keeper(service.name()),
                    "clickhouse-keeper.altinity.com/app",
                    "chop"),
                "default"));
      }
      return pods;
    }
    String path =
        "tenants/dev/" + org.name() + "/" + service.name() + "/zookeeper-statefulset.yaml";
    JsonNode statefulSet = CrdSchemas.documents(tree.text(path)).get(0);
    Map<String, String> labels = new TreeMap<>();
    statefulSet
        .at("/spec/template/metadata/labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    for (int i = 0; i < statefulSet.at("/spec/replicas").asInt(); i++) {
      pods.add(pod(ns, Naming.zookeeper(service.name()) + "-" + i, labels, "default"));
    }
    return pods;
  }

  private Workload pod(String ns, String name, Map<String, String> labels, String account) {
    boolean ambient =
        Mesh.AMBIENT.equals(namespaces.getOrDefault(ns, Map.of()).get(Mesh.DATAPLANE_MODE_LABEL));
    return new Workload(
        ns,
        name,
        labels,
        ip(),
        account,
        ambient ? Reachability.Mesh.AMBIENT : Reachability.Mesh.NONE);
  }

  private String ip() {
    int n = nextIp++;
    return "10.40." + (n / 250) + "." + (n % 250 + 1);
  }
}
