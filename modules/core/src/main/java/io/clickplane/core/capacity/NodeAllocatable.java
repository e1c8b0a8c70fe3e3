package io.clickplane.core.capacity;

/**
 * What one node of an instance type offers pods, as the EKS-optimised AMI configures the kubelet of
 * a managed node group, with the VPC CNI in prefix delegation mode (see {@code
 * AddonConfiguration.vpcCni} in modules/eks).
 *
 * <p>Sources (awslabs/amazon-eks-ami): the AL2 bootstrap script {@code
 * templates/al2/runtime/bootstrap.sh} and the AL2023 node agent {@code
 * nodeadm/internal/kubelet/config.go} compute the same figures:
 *
 * <ul>
 *   <li>{@code kubeReserved.cpu}: 6% of the first core, 1% of the second, 0.5% of the third and
 *       fourth, 0.25% of every core above four ({@code get_cpu_millicores_to_reserve}, ranges 0,
 *       1000, 2000, 4000 millicores at 600, 100, 50, 25 hundredths of a percent);
 *   <li>{@code kubeReserved.memory}: {@code 11 * maxPods + 255} MiB ({@code
 *       get_memory_mebibytes_to_reserve}); the AMI feeds it the classic ENI pod count ({@code
 *       eni-max-pods.txt}, {@code GetClassicMaxPods}), a kubelet started with the larger prefix
 *       delegation count reserves more. The model takes the larger of the two counts, so it never
 *       promises more memory than a node has;
 *   <li>{@code evictionHard}: {@code memory.available < 100Mi} (plus disk thresholds, which do not
 *       touch CPU or memory);
 *   <li>{@code systemReserved}: none; nodeadm only names the {@code /system} cgroup.
 * </ul>
 *
 * <p>Pods per node with prefix delegation: {@code templates/al2/runtime/max-pods-calculator.sh},
 * {@code ENIs * ((IPv4 per ENI - 1) * 16) + 2}, capped at 110 for instance types with at most 30
 * vCPUs and at 250 above; this is the {@code maxPods} EKS gives a managed node group's kubelet.
 *
 * <p>The kubelet's memory capacity is what the kernel reports ({@code MemTotal}), which is less
 * than the EC2 figure; the model subtracts {@link #VM_MEMORY_OVERHEAD_PERCENT} of the EC2 figure
 * for it, the estimate Karpenter uses by default ({@code vmMemoryOverheadPercent: 0.075}).
 *
 * @param instanceType the instance type
 * @param capacityCpuMillis vCPUs × 1000
 * @param capacityMemoryMib the EC2 memory, less the VM overhead estimate
 * @param vmOverheadMib the VM overhead estimate subtracted from the EC2 memory
 * @param kubeReservedCpuMillis CPU reserved for the kubelet and container runtime
 * @param kubeReservedMemoryMib memory reserved for the kubelet and container runtime
 * @param evictionHardMib memory the kubelet keeps free by evicting pods
 * @param systemReservedCpuMillis CPU reserved for the operating system (none on the EKS AMI)
 * @param systemReservedMemoryMib memory reserved for the operating system (none on the EKS AMI)
 * @param maxPods pods the kubelet admits
 */
public record NodeAllocatable(
    InstanceType instanceType,
    long capacityCpuMillis,
    long capacityMemoryMib,
    long vmOverheadMib,
    long kubeReservedCpuMillis,
    long kubeReservedMemoryMib,
    long evictionHardMib,
    long systemReservedCpuMillis,
    long systemReservedMemoryMib,
    int maxPods) {

  /** Share of the EC2 memory the kernel and hypervisor keep, in percent. */
  public static final double VM_MEMORY_OVERHEAD_PERCENT = 7.5;

  /** {@code evictionHard memory.available} of the EKS AMI. */
  public static final long EVICTION_HARD_MIB = 100;

  /** Pod ceiling of the max-pods calculator for instance types with at most 30 vCPUs. */
  public static final int MAX_PODS_UP_TO_30_VCPUS = 110;

  /** Pod ceiling of the max-pods calculator above 30 vCPUs. */
  public static final int MAX_PODS_ABOVE_30_VCPUS = 250;

  /** What a node of {@code type} offers pods. */
  public static NodeAllocatable of(InstanceType type) {
    long vmOverhead = (long) Math.ceil(type.memoryMib() * VM_MEMORY_OVERHEAD_PERCENT / 100.0);
    int maxPods = prefixDelegationMaxPods(type);
    int reservationPods = Math.max(maxPods, classicMaxPods(type));
    return new NodeAllocatable(
        type,
        type.vcpus() * 1000L,
        type.memoryMib() - vmOverhead,
        vmOverhead,
        kubeReservedCpuMillis(type.vcpus()),
        kubeReservedMemoryMib(reservationPods),
        EVICTION_HARD_MIB,
        0,
        0,
        maxPods);
  }

  /**
   * What a node of {@code type} offers pods when its kubelet admits {@code maxPods} pods, as
   * Karpenter configures the nodes it launches from an {@code EC2NodeClass} with {@code
   * kubelet.maxPods}: the memory reservation follows that count ({@code 11 * maxPods + 255} MiB;
   * aws/karpenter-provider-aws {@code pkg/providers/instancetype/types.go}, {@code
   * kubeReservedResources}), the CPU reservation the same ranges as the EKS AMI.
   */
  public static NodeAllocatable withMaxPods(InstanceType type, int maxPods) {
    long vmOverhead = (long) Math.ceil(type.memoryMib() * VM_MEMORY_OVERHEAD_PERCENT / 100.0);
    return new NodeAllocatable(
        type,
        type.vcpus() * 1000L,
        type.memoryMib() - vmOverhead,
        vmOverhead,
        kubeReservedCpuMillis(type.vcpus()),
        kubeReservedMemoryMib(maxPods),
        EVICTION_HARD_MIB,
        0,
        0,
        maxPods);
  }

  /** CPU left for pods, in millicores. */
  public long cpuMillis() {
    return capacityCpuMillis - kubeReservedCpuMillis - systemReservedCpuMillis;
  }

  /** Memory left for pods, in MiB. */
  public long memoryMib() {
    return capacityMemoryMib - kubeReservedMemoryMib - systemReservedMemoryMib - evictionHardMib;
  }

  /**
   * The EKS AMI's CPU reservation: 6% of the first core, 1% of the second, 0.5% of the third and
   * fourth, 0.25% of each core above four (rounded down per range, as the AMI's integer shell
   * arithmetic does).
   */
  public static long kubeReservedCpuMillis(int vcpus) {
    long total = vcpus * 1000L;
    long[] starts = {0, 1000, 2000, 4000};
    long[] ends = {1000, 2000, 4000, Long.MAX_VALUE};
    long[] hundredthsOfPercent = {600, 100, 50, 25};
    long reserved = 0;
    for (int i = 0; i < starts.length; i++) {
      if (total > starts[i]) {
        reserved += (Math.min(total, ends[i]) - starts[i]) * hundredthsOfPercent[i] / 100 / 100;
      }
    }
    return reserved;
  }

  /** The EKS AMI's memory reservation for a pod count: {@code 11 * pods + 255} MiB. */
  public static long kubeReservedMemoryMib(int pods) {
    return 11L * pods + 255;
  }

  /** Pods with secondary IPs (the AMI's {@code eni-max-pods.txt}). */
  public static int classicMaxPods(InstanceType type) {
    return type.networkInterfaces() * (type.ipv4PerInterface() - 1) + 2;
  }

  /** Pods with prefix delegation (a /28 per address slot), capped by vCPUs. */
  public static int prefixDelegationMaxPods(InstanceType type) {
    int addresses = type.networkInterfaces() * ((type.ipv4PerInterface() - 1) * 16) + 2;
    int ceiling = type.vcpus() > 30 ? MAX_PODS_ABOVE_30_VCPUS : MAX_PODS_UP_TO_30_VCPUS;
    return Math.min(addresses, ceiling);
  }
}
