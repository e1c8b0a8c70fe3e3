package io.clickplane.core.capacity;

import java.util.Objects;
import java.util.Optional;

/**
 * One pod the fleet needs placed, with what it asks of a node.
 *
 * @param id stable name, e.g. {@code acme/events clickhouse 0-1}
 * @param owner {@code <org>/<service>}, or {@code platform} for a controller
 * @param workload the service workload, or empty for a platform controller
 * @param cpuMillis CPU requested by all its containers
 * @param memoryMib memory requested by all its containers
 * @param spreadKey pods with the same key never share a node (empty: no such rule)
 * @param breakdown what the requests are made of, e.g. {@code 4 clickhouse + 100m istio-proxy}
 */
public record PodDemand(
    String id,
    String owner,
    Optional<Workload> workload,
    long cpuMillis,
    long memoryMib,
    Optional<String> spreadKey,
    String breakdown) {
  public PodDemand {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(spreadKey, "spreadKey");
    Objects.requireNonNull(breakdown, "breakdown");
  }
}
