package io.clickplane.stacks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.istio.testing.Reachability;
import io.clickplane.istio.testing.Reachability.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connections the cluster needs, read from the model rather than from our port constants: the
 * members of each ensemble between themselves (Keeper's Raft port as the operator names it, {@code
 * raft}; ZooKeeper's peer and election ports), the replicas and shards of each installation
 * (interserver and native), the operator to every ClickHouse host (HTTP and native, its queries and
 * schema propagation: Altinity/clickhouse-operator release-0.25.6 pkg/model/chi/schemer), each
 * ClickHouse host to the coordinator its installation names, every scrape target, the ingress
 * gateway to the hosts its routes name, and each Job to the ClickHouse it connects to.
 */
final class RequiredFlows {
  /** One connection: who, to whom, on which port, and why it is needed. */
  record Flow(ModelPod from, ModelPod to, int port, String why) {
    @Override
    public String toString() {
      return from + " -> " + to + ":" + port + " (" + why + ")";
    }
  }

  private static final Pattern HOST_AND_PORT =
      Pattern.compile("--host\\s+\"?([a-z0-9.-]+)\"?\\s+--port\\s+\"?(\\d+)");

  private RequiredFlows() {}

  static List<Flow> of(ClusterModel model, List<String> problems) {
    List<Flow> flows = new ArrayList<>();
    Map<String, List<ModelPod>> byOwner = new LinkedHashMap<>();
    for (ModelPod pod : model.pods) {
      byOwner.computeIfAbsent(pod.owner(), k -> new ArrayList<>()).add(pod);
    }
    for (List<ModelPod> members : byOwner.values()) {
      for (ModelPod a : members) {
        for (ModelPod b : members) {
          if (a == b) {
            continue;
          }
          for (String port : List.of("raft", "tcp-peer", "tcp-election", "interserver", "tcp")) {
            if (b.port(port).isPresent()) {
              flows.add(new Flow(a, b, b.port(port).getAsInt(), "ensemble/replica port " + port));
            }
          }
        }
      }
    }
    for (JsonNode chi : model.documents("ClickHouseInstallation")) {
      List<ModelPod> hosts = byOwner.getOrDefault(owner(chi), List.of());
      for (ModelPod host : hosts) {
        for (String port : List.of("http", "tcp")) {
          host.port(port)
              .ifPresent(p -> flows.add(new Flow(model.operator, host, p, "operator " + port)));
        }
        for (JsonNode node : chi.at("/spec/configuration/zookeeper/nodes")) {
          String name = node.path("host").asText();
          List<ModelPod> coordinator = resolve(model, chi.at("/metadata/namespace").asText(), name);
          if (coordinator.isEmpty()) {
            problems.add(owner(chi) + ": coordinator host " + name + " resolves to no pod");
          }
          for (ModelPod member : coordinator) {
            flows.add(new Flow(host, member, node.path("port").asInt(), "coordinator client"));
          }
        }
      }
    }
    ScrapeTargets.Result scrape = ScrapeTargets.of(model);
    for (ScrapeTargets.Target t : scrape.targets()) {
      flows.add(new Flow(model.prometheus, t.pod(), t.port(), "scrape by " + t.monitor()));
    }
    for (JsonNode vs : model.documents("VirtualService")) {
      String ns = vs.at("/metadata/namespace").asText();
      for (JsonNode route : vs.at("/spec/tls")) {
        for (JsonNode r : route.path("route")) {
          String host = r.at("/destination/host").asText();
          int port = r.at("/destination/port/number").asInt();
          List<ModelPod> pods = resolve(model, ns, host);
          if (pods.isEmpty()) {
            problems.add(
                "VirtualService "
                    + ns
                    + "/"
                    + vs.at("/metadata/name").asText()
                    + ": "
                    + host
                    + " resolves to no pod");
          }
          for (ModelPod pod : pods) {
            flows.add(new Flow(model.gateway, pod, port, "route of " + host));
          }
        }
      }
    }
    for (ModelPod job : model.pods) {
      for (JsonNode c : job.spec().path("containers")) {
        Map<String, String> env = new LinkedHashMap<>();
        c.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        List<String[]> endpoints = new ArrayList<>();
        if (env.containsKey("CLICKHOUSE_HOST") && env.containsKey("CLICKHOUSE_PORT")) {
          endpoints.add(new String[] {env.get("CLICKHOUSE_HOST"), env.get("CLICKHOUSE_PORT")});
        }
        Matcher m = HOST_AND_PORT.matcher(c.path("command").toString());
        while (m.find()) {
          endpoints.add(new String[] {m.group(1), m.group(2)});
        }
        for (String[] e : endpoints) {
          List<ModelPod> pods = resolve(model, job.namespace(), e[0]);
          if (pods.isEmpty()) {
            problems.add(job + ": " + e[0] + " resolves to no pod");
          }
          for (ModelPod pod : pods) {
            flows.add(
                new Flow(job, pod, Integer.parseInt(e[1]), "client " + c.path("name").asText()));
          }
        }
      }
    }
    return flows;
  }

  /** Every needed connection that would not get through, or lands on a port nothing serves. */
  static List<String> refused(ClusterModel model) {
    List<String> out = new ArrayList<>();
    List<Flow> flows = of(model, out);
    Reachability reach = model.reachability();
    for (Flow f : flows) {
      if (!f.to().ports().containsKey(f.port())) {
        out.add(f + ": nothing in " + f.to() + " listens on " + f.port());
        continue;
      }
      Verdict v = reach.connect(model.workload(f.from()), model.workload(f.to()), f.port());
      if (!v.allowed()) {
        out.add(f + ": " + v.reason());
      }
    }
    return out;
  }

  /**
   * Cluster DNS for a host name seen from {@code namespace}: a pod of a StatefulSet through its
   * headless Service ({@code <pod>.<service>.<ns>...}), an installation's own Service ({@link
   * OperatorModel#crService}) or the Service its service template generates, or a Service of the
   * tree (its selected pods).
   */
  static List<ModelPod> resolve(ClusterModel model, String namespace, String host) {
    List<String> labels = new ArrayList<>(List.of(host.split("\\.")));
    int svcLabel = labels.indexOf("svc");
    List<String> parts = svcLabel < 0 ? labels : labels.subList(0, svcLabel);
    String first = parts.get(0);
    List<ModelPod> out = new ArrayList<>();
    if (parts.size() == 3) {
      // <pod>.<headless service>.<namespace>: the StatefulSet's pod of that name
      for (ModelPod pod : model.pods) {
        if (pod.namespace().equals(parts.get(2)) && pod.name().equals(first)) {
          out.add(pod);
        }
      }
      return out;
    }
    String ns = parts.size() == 2 ? parts.get(1) : namespace;
    for (String kind : List.of("ClickHouseInstallation", "ClickHouseKeeperInstallation")) {
      for (JsonNode installation : model.documents(kind)) {
        if (!installation.at("/metadata/namespace").asText().equals(ns)) {
          continue;
        }
        boolean named = OperatorModel.crService(installation).equals(first);
        for (JsonNode t : installation.at("/spec/templates/serviceTemplates")) {
          named |= t.path("generateName").asText().equals(first);
        }
        if (named) {
          for (ModelPod pod : model.pods) {
            if (pod.owner().equals(owner(installation))) {
              out.add(pod);
            }
          }
        }
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    // The operator's Service of one host, named as its StatefulSet (chi-<chi>-<cluster>-<shard>-
    // <replica>), selects that StatefulSet's one pod (Altinity/clickhouse-operator release-0.25.6,
    // pkg/model/chi/namer: the StatefulSet and its Service share the name pattern).
    for (ModelPod pod : model.pods) {
      if (pod.namespace().equals(ns)
          && pod.name().equals(first + "-0")
          && pod.owner().startsWith("ClickHouseInstallation")) {
        out.add(pod);
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    for (JsonNode svc : model.documents("Service")) {
      if (svc.at("/metadata/namespace").asText().equals(ns)
          && svc.at("/metadata/name").asText().equals(first)) {
        out.addAll(model.select(ns, Pods.strings(svc.at("/spec/selector"))));
      }
    }
    return out;
  }

  private static String owner(JsonNode doc) {
    return doc.path("kind").asText()
        + "/"
        + doc.at("/metadata/namespace").asText()
        + "/"
        + doc.at("/metadata/name").asText();
  }
}
