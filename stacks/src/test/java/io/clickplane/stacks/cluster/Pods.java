package io.clickplane.stacks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The pods of the workloads the tree writes itself (StatefulSets, Deployments, Jobs, CronJobs):
 * their templates as the controllers copy them (kubernetes/kubernetes pkg/controller: a
 * StatefulSet's pods are {@code <name>-<ordinal>}, a Job's and a CronJob's carry the template
 * unchanged).
 */
final class Pods {
  private Pods() {}

  static List<ModelPod> of(JsonNode doc) {
    String kind = doc.path("kind").asText();
    String ns = doc.at("/metadata/namespace").asText("default");
    String name = doc.at("/metadata/name").asText();
    String owner = kind + "/" + ns + "/" + name;
    List<ModelPod> pods = new ArrayList<>();
    switch (kind) {
      case "StatefulSet" -> {
        JsonNode template = doc.at("/spec/template");
        int replicas = doc.at("/spec/replicas").asInt(1);
        for (int i = 0; i < replicas; i++) {
          pods.add(pod(ns, name + "-" + i, template, kind + " " + ns + "/" + name, owner));
        }
      }
      case "Deployment", "Job" ->
          pods.add(
              pod(
                  ns,
                  name + "-pod",
                  doc.at("/spec/template"),
                  kind + " " + ns + "/" + name,
                  owner));
      case "CronJob" ->
          pods.add(
              pod(
                  ns,
                  name + "-pod",
                  doc.at("/spec/jobTemplate/spec/template"),
                  kind + " " + ns + "/" + name,
                  owner));
      default -> {}
    }
    return pods;
  }

  static ModelPod pod(String ns, String name, JsonNode template, String origin, String owner) {
    Map<String, String> labels = strings(template.at("/metadata/labels"));
    JsonNode spec = template.path("spec").deepCopy();
    return new ModelPod(
        ns,
        name,
        labels,
        spec.path("serviceAccountName").asText("default"),
        spec,
        containerPorts(spec),
        origin,
        owner);
  }

  static SortedMap<Integer, String> containerPorts(JsonNode spec) {
    SortedMap<Integer, String> ports = new TreeMap<>();
    for (JsonNode c : spec.path("containers")) {
      for (JsonNode p : c.path("ports")) {
        ports.put(p.path("containerPort").asInt(), p.path("name").asText(""));
      }
    }
    return ports;
  }

  static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
