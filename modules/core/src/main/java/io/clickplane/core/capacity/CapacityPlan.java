package io.clickplane.core.capacity;

import java.util.List;
import java.util.Objects;

/**
 * The fleet placed on the stack's node groups: per group the pods and nodes, and everything that
 * does not fit, each with the key to change.
 *
 * @param environment the stack's environment
 * @param cell the cell whose cluster this is, {@code ""} for an environment without cells
 * @param groups every node group, in stack order
 * @param problems what cannot run as written (empty when the fleet fits)
 */
public record CapacityPlan(
    String environment, String cell, List<GroupPlan> groups, List<CapacityProblem> problems) {
  public CapacityPlan {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(cell, "cell");
    groups = List.copyOf(groups);
    problems = List.copyOf(problems);
  }

  public boolean fits() {
    return problems.isEmpty();
  }

  /**
   * What the ClickHouse pods request against the nodes they occupy: the pods' requests, and each
   * node's instance vCPUs × 1000 and instance memory.
   */
  public record Utilisation(
      long requestedCpuMillis,
      long provisionedCpuMillis,
      long requestedMemoryMib,
      long provisionedMemoryMib) {
    /** Requested over provisioned CPU, 0 when nothing is provisioned. */
    public double cpuRatio() {
      return provisionedCpuMillis == 0 ? 0 : (double) requestedCpuMillis / provisionedCpuMillis;
    }

    /** Requested over provisioned memory, 0 when nothing is provisioned. */
    public double memoryRatio() {
      return provisionedMemoryMib == 0 ? 0 : (double) requestedMemoryMib / provisionedMemoryMib;
    }
  }

  /** The ClickHouse pool's utilisation. */
  public Utilisation utilisation() {
    long reqCpu = 0;
    long provCpu = 0;
    long reqMem = 0;
    long provMem = 0;
    for (GroupPlan g : groups) {
      if (!g.pool().equals(io.clickplane.core.plans.NodePools.CLICKHOUSE)
          || g.allocatable().isEmpty()) {
        continue;
      }
      InstanceType type = g.allocatable().get().instanceType();
      for (GroupPlan.NodeUse n : g.nodes()) {
        provCpu += type.vcpus() * 1000L;
        provMem += type.memoryMib();
        for (PodDemand p : n.pods()) {
          if (p.workload().filter(w -> w == Workload.CLICKHOUSE).isPresent()) {
            reqCpu += p.cpuMillis();
            reqMem += p.memoryMib();
          }
        }
      }
    }
    return new Utilisation(reqCpu, provCpu, reqMem, provMem);
  }
}
