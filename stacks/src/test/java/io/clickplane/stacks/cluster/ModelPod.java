package io.clickplane.stacks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pod the cluster would run: from a workload in the rendered tree, from the operator's expansion
 * of an installation, or from a platform chart. {@code spec} is the pod spec as the API server
 * receives it (what Pod Security admission checks); {@code ports} is every port a process of the
 * pod listens on, by number, with the container port's name ({@code ""} for a port only a
 * configuration file opens).
 *
 * @param origin the object the pod comes from, for messages ({@code ClickHouseInstallation
 *     acme/events})
 * @param owner the object's {@code kind/namespace/name}, grouping members of one ensemble
 */
public record ModelPod(
    String namespace,
    String name,
    Map<String, String> labels,
    String serviceAccount,
    JsonNode spec,
    SortedMap<Integer, String> ports,
    String origin,
    String owner) {
  public ModelPod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
    ports = new TreeMap<>(ports);
  }

  /** The container port named {@code name}, if some container declares it. */
  public java.util.OptionalInt port(String portName) {
    for (Map.Entry<Integer, String> e : ports.entrySet()) {
      if (e.getValue().equals(portName)) {
        return java.util.OptionalInt.of(e.getKey());
      }
    }
    return java.util.OptionalInt.empty();
  }

  /** Ports some container declares (named or not), as the API server lists them. */
  public java.util.Set<Integer> declaredPorts() {
    java.util.Set<Integer> out = new java.util.TreeSet<>();
    for (JsonNode c : spec.path("containers")) {
      for (JsonNode p : c.path("ports")) {
        out.add(p.path("containerPort").asInt());
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
