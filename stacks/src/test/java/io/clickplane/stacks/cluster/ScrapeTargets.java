package io.clickplane.stacks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Prometheus would scrape, as prometheus-operator turns PodMonitors and ServiceMonitors into
 * scrape configurations (prometheus-operator/prometheus-operator pkg/prometheus/ promcfg.go, v0.85:
 * a PodMonitor endpoint's {@code port} keeps targets whose container port has that name, {@code
 * portNumber} those whose container port has that number; a ServiceMonitor's {@code port} names a
 * Service port, {@code targetPort} a target port, and the targets are the Service's endpoints; an
 * {@code __address__} relabeling then sets the address scraped).
 */
final class ScrapeTargets {
  /** One target: the pod and the port Prometheus connects to. */
  record Target(String monitor, ModelPod pod, int port) {}

  /** The targets, and every endpoint that would find none on a pod it selects. */
  record Result(List<Target> targets, List<String> problems) {}

  private ScrapeTargets() {}

  static Result of(ClusterModel model) {
    List<Target> targets = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (JsonNode monitor : model.documents("PodMonitor")) {
      String id = "PodMonitor " + monitor.at("/metadata/namespace").asText() + "/" + name(monitor);
      List<ModelPod> pods = new ArrayList<>();
      for (String ns : namespaces(model, monitor)) {
        pods.addAll(model.select(ns, matchLabels(monitor.at("/spec/selector"), id)));
      }
      if (pods.isEmpty()) {
        problems.add(id + " selects no pod");
      }
      for (JsonNode endpoint : monitor.at("/spec/podMetricsEndpoints")) {
        for (ModelPod pod : pods) {
          Integer port = null;
          if (endpoint.has("port")) {
            String portName = endpoint.path("port").asText();
            if (pod.port(portName).isPresent()) {
              port = pod.port(portName).getAsInt();
            } else {
              problems.add(
                  id
                      + ": port \""
                      + portName
                      + "\" is not a container port of "
                      + pod
                      + " (it has "
                      + named(pod)
                      + ")");
            }
          } else if (endpoint.has("portNumber")) {
            int number = endpoint.path("portNumber").asInt();
            if (pod.declaredPorts().contains(number)) {
              port = number;
            } else {
              problems.add(id + ": portNumber " + number + " is not a container port of " + pod);
            }
          } else {
            problems.add(id + ": an endpoint without port or portNumber is not modelled");
          }
          if (port != null) {
            targets.add(new Target(id, pod, rewritten(endpoint, port)));
          }
        }
      }
    }
    List<JsonNode> services = new ArrayList<>(model.documents("Service"));
    services.addAll(model.chartServices);
    for (JsonNode monitor : model.documents("ServiceMonitor")) {
      String id =
          "ServiceMonitor " + monitor.at("/metadata/namespace").asText() + "/" + name(monitor);
      Map<String, String> selector = matchLabels(monitor.at("/spec/selector"), id);
      List<String> namespaces = namespaces(model, monitor);
      List<JsonNode> selected = new ArrayList<>();
      for (JsonNode svc : services) {
        if (namespaces.contains(svc.at("/metadata/namespace").asText())
            && Pods.strings(svc.at("/metadata/labels"))
                .entrySet()
                .containsAll(selector.entrySet())) {
          selected.add(svc);
        }
      }
      if (selected.isEmpty()) {
        problems.add(id + " selects no Service");
      }
      for (JsonNode endpoint : monitor.at("/spec/endpoints")) {
        for (JsonNode svc : selected) {
          JsonNode servicePort = null;
          for (JsonNode p : svc.at("/spec/ports")) {
            boolean byName =
                endpoint.has("port")
                    && p.path("name").asText().equals(endpoint.path("port").asText());
            boolean byTarget =
                endpoint.has("targetPort")
                    && p.path("targetPort")
                        .asText(p.path("port").asText())
                        .equals(endpoint.path("targetPort").asText());
            if (byName || byTarget) {
              servicePort = p;
            }
          }
          if (servicePort == null) {
            problems.add(id + ": no port of Service " + name(svc) + " matches " + endpoint);
            continue;
          }
          String ns = svc.at("/metadata/namespace").asText();
          JsonNode target =
              servicePort.has("targetPort")
                  ? servicePort.get("targetPort")
                  : servicePort.get("port");
          for (ModelPod pod : model.select(ns, Pods.strings(svc.at("/spec/selector")))) {
            if (target.isInt()) {
              targets.add(new Target(id, pod, rewritten(endpoint, target.asInt())));
            } else if (pod.port(target.asText()).isPresent()) {
              targets.add(
                  new Target(id, pod, rewritten(endpoint, pod.port(target.asText()).getAsInt())));
            } else {
              problems.add(
                  id + ": target port " + target.asText() + " is not a container port of " + pod);
            }
          }
        }
      }
    }
    return new Result(targets, problems);
  }

  /**
   * The port an {@code __address__} relabeling of the form {@code $1:<port>} sets, else {@code
   * port}.
   */
  private static int rewritten(JsonNode endpoint, int port) {
    for (JsonNode r : endpoint.path("relabelings")) {
      if (r.path("targetLabel").asText().equals("__address__")) {
        String replacement = r.path("replacement").asText();
        return Integer.parseInt(replacement.substring(replacement.lastIndexOf(':') + 1));
      }
    }
    return port;
  }

  private static List<String> namespaces(ClusterModel model, JsonNode monitor) {
    JsonNode selector = monitor.at("/spec/namespaceSelector");
    if (selector.path("any").asBoolean(false)) {
      return List.copyOf(model.namespaces.keySet());
    }
    if (selector.has("matchNames")) {
      List<String> out = new ArrayList<>();
      selector.get("matchNames").forEach(n -> out.add(n.asText()));
      return out;
    }
    return List.of(monitor.at("/metadata/namespace").asText());
  }

  private static Map<String, String> matchLabels(JsonNode selector, String id) {
    if (selector.has("matchExpressions")) {
      throw new AssertionError(id + ": matchExpressions are not modelled");
    }
    return Pods.strings(selector.path("matchLabels"));
  }

  private static String named(ModelPod pod) {
    return pod.ports().values().stream().filter(n -> !n.isEmpty()).toList().toString();
  }

  private static String name(JsonNode doc) {
    return doc.at("/metadata/name").asText();
  }
}
