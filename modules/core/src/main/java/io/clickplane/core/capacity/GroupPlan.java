package io.clickplane.core.capacity;

import io.clickplane.core.spec.NodeGroupSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node group in the plan: what a node offers, the pods the group must hold and the nodes that
 * takes.
 *
 * @param group the node group of the stack
 * @param index its position in {@code clickplane:eks.nodeGroups}, or -1 for a Karpenter pool's
 *     nodes
 * @param pool the Karpenter NodePool ({@code clickhouse} or {@code platform}), empty for a managed
 *     node group; the ClickHouse pool shows one entry per plan in use, named {@code
 *     clickhouse/<plan>}
 * @param allocatable what one node offers pods, when the instance type is known
 * @param daemonCpuMillis CPU the node daemons take on each node
 * @param daemonMemoryMib memory the node daemons take on each node
 * @param nodes the nodes at rest, each with its pods and what is left
 */
public record GroupPlan(
    NodeGroupSpec group,
    int index,
    String pool,
    Optional<NodeAllocatable> allocatable,
    long daemonCpuMillis,
    long daemonMemoryMib,
    List<NodeUse> nodes) {
  public GroupPlan {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(allocatable, "allocatable");
    nodes = List.copyOf(nodes);
  }

  /** One node and the pods placed on it. */
  public record NodeUse(List<PodDemand> pods, long freeCpuMillis, long freeMemoryMib) {
    public NodeUse {
      pods = List.copyOf(pods);
    }
  }

  /** Whether Karpenter provides these nodes (a NodePool) rather than a managed node group. */
  public boolean karpenter() {
    return !pool.isEmpty();
  }

  /** Nodes needed when every pod runs. */
  public int atRest() {
    return nodes.size();
  }

  /**
   * Nodes needed while one node is replaced (a node group upgrade or a scale-down drains one node
   * at a time, and its pods need a node to move to first).
   */
  public int atPeak() {
    return nodes.isEmpty() ? 0 : nodes.size() + 1;
  }

  /** Every pod of the group, in placement order. */
  public List<PodDemand> pods() {
    return nodes.stream().flatMap(n -> n.pods().stream()).toList();
  }

  /** CPU each node offers its pods after the node daemons. */
  public long podCpuMillis() {
    return allocatable.map(a -> a.cpuMillis() - daemonCpuMillis).orElse(0L);
  }

  /** Memory each node offers its pods after the node daemons. */
  public long podMemoryMib() {
    return allocatable.map(a -> a.memoryMib() - daemonMemoryMib).orElse(0L);
  }
}
