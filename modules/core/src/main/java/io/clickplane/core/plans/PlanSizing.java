package io.clickplane.core.plans;

import io.clickplane.core.capacity.InstanceType;
import io.clickplane.core.capacity.InstanceTypes;
import io.clickplane.core.capacity.NodeAllocatable;
import io.clickplane.core.capacity.Overheads;
import io.clickplane.core.capacity.Workload;
import io.clickplane.core.spec.Resources;
import java.util.Comparator;
import java.util.Optional;

/**
 * What the ClickHouse container of a plan gets: one node of the plan's smallest instance type, as
 * Karpenter launches it for the ClickHouse pool ({@link #CLICKHOUSE_NODE_MAX_PODS} pods), less
 *
 * <ol>
 *   <li>the kubelet's reservations and eviction threshold ({@link NodeAllocatable#withMaxPods});
 *   <li>the DaemonSet pods on every node ({@link Overheads#PER_NODE});
 *   <li>the other containers of the ClickHouse pod ({@link Overheads#PER_POD});
 *   <li>a margin of {@link #MARGIN_PERCENT}% of the instance's vCPUs and memory, so a daemon that
 *       grows a little or a rounding in the kubelet's figures never leaves the pod Pending;
 * </ol>
 *
 * rounded down to 10 millicores and to a MiB. Requests equal limits (Guaranteed QoS).
 *
 * @param plan the plan
 * @param sizedFor its smallest instance type, the one the pod is sized for
 * @param node what one such node offers pods
 * @param daemonCpuMillis CPU of the node daemons
 * @param daemonMemoryMib memory of the node daemons
 * @param sidecarCpuMillis CPU of the pod's other containers
 * @param sidecarMemoryMib memory of the pod's other containers
 * @param marginCpuMillis the CPU margin
 * @param marginMemoryMib the memory margin
 * @param podCpuMillis the ClickHouse container's CPU
 * @param podMemoryMib the ClickHouse container's memory
 */
public record PlanSizing(
    ServicePlan plan,
    InstanceType sizedFor,
    NodeAllocatable node,
    long daemonCpuMillis,
    long daemonMemoryMib,
    long sidecarCpuMillis,
    long sidecarMemoryMib,
    long marginCpuMillis,
    long marginMemoryMib,
    long podCpuMillis,
    long podMemoryMib) {

  /**
   * Pods the kubelet of a ClickHouse node admits ({@code kubelet.maxPods} of the ClickHouse
   * EC2NodeClass): the node daemons, the ClickHouse pod and room for more daemons. Few pods keep
   * the kubelet's memory reservation ({@code 11 * maxPods + 255} MiB) small.
   */
  public static final int CLICKHOUSE_NODE_MAX_PODS = 16;

  /** The margin left unrequested on a ClickHouse node, in percent of its vCPUs and memory. */
  public static final int MARGIN_PERCENT = 1;

  /** The smallest ClickHouse container a plan may give, in millicores. */
  public static final long MIN_CPU_MILLIS = 1000;

  /** The smallest ClickHouse container a plan may give, in MiB. */
  public static final long MIN_MEMORY_MIB = 4096;

  /** The sizing of {@code plan}, or empty when an instance type is not in the catalogue. */
  public static Optional<PlanSizing> tryOf(ServicePlan plan) {
    Optional<InstanceType> smallest = Optional.empty();
    for (String name : plan.instanceTypes()) {
      Optional<InstanceType> type = InstanceTypes.find(name);
      if (type.isEmpty()) {
        return Optional.empty();
      }
      if (smallest.isEmpty() || SMALLER.compare(type.get(), smallest.get()) < 0) {
        smallest = type;
      }
    }
    return smallest.map(t -> size(plan, t));
  }

  private static final Comparator<InstanceType> SMALLER =
      Comparator.comparingInt(InstanceType::vcpus).thenComparingLong(InstanceType::memoryMib);

  private static PlanSizing size(ServicePlan plan, InstanceType type) {
    NodeAllocatable node = NodeAllocatable.withMaxPods(type, CLICKHOUSE_NODE_MAX_PODS);
    long daemonCpu = Overheads.PER_NODE.stream().mapToLong(Overheads.NodeDaemon::cpuMillis).sum();
    long daemonMem = Overheads.PER_NODE.stream().mapToLong(Overheads.NodeDaemon::memoryMib).sum();
    long sideCpu =
        Overheads.forWorkload(Workload.CLICKHOUSE).stream()
            .mapToLong(Overheads.PodOverhead::cpuMillis)
            .sum();
    long sideMem =
        Overheads.forWorkload(Workload.CLICKHOUSE).stream()
            .mapToLong(Overheads.PodOverhead::memoryMib)
            .sum();
    long marginCpu = type.vcpus() * 1000L * MARGIN_PERCENT / 100;
    long marginMem = type.memoryMib() * MARGIN_PERCENT / 100;
    long cpu = node.cpuMillis() - daemonCpu - sideCpu - marginCpu;
    long mem = node.memoryMib() - daemonMem - sideMem - marginMem;
    return new PlanSizing(
        plan,
        type,
        node,
        daemonCpu,
        daemonMem,
        sideCpu,
        sideMem,
        marginCpu,
        marginMem,
        Math.max(0, cpu / 10 * 10),
        Math.max(0, mem));
  }

  /** The container's resources as the stack and the ClickHouse pod carry them. */
  public Resources resources() {
    return new Resources(podCpuMillis + "m", podMemoryMib + "Mi", plan.name());
  }

  /** Whether the plan leaves a ClickHouse server enough after the platform's overheads. */
  public boolean bigEnough() {
    return podCpuMillis >= MIN_CPU_MILLIS && podMemoryMib >= MIN_MEMORY_MIB;
  }

  /** How the figures come about, for messages and {@code clickplane plan}. */
  public String breakdown() {
    return sizedFor.name()
        + ": "
        + node.cpuMillis()
        + "m / "
        + node.memoryMib()
        + "Mi allocatable at "
        + node.maxPods()
        + " pods, less node daemons "
        + daemonCpuMillis
        + "m / "
        + daemonMemoryMib
        + "Mi"
        + (sidecarCpuMillis + sidecarMemoryMib > 0
            ? ", pod sidecars " + sidecarCpuMillis + "m / " + sidecarMemoryMib + "Mi"
            : "")
        + ", margin "
        + marginCpuMillis
        + "m / "
        + marginMemoryMib
        + "Mi";
  }
}
