package io.clickplane.core.capacity;

import java.util.Objects;

/**
 * The facts of one EC2 instance type the capacity model needs.
 *
 * @param name the instance type, e.g. {@code m6i.2xlarge}
 * @param vcpus default vCPUs
 * @param memoryMib memory in MiB, as EC2 states it ({@code MemoryInfo.SizeInMiB})
 * @param networkInterfaces maximum network interfaces of the default network card
 * @param ipv4PerInterface IPv4 addresses per interface
 * @param architecture {@code x86_64} or {@code arm64}
 * @param ebs the instance's EBS limits
 */
public record InstanceType(
    String name,
    int vcpus,
    long memoryMib,
    int networkInterfaces,
    int ipv4PerInterface,
    String architecture,
    Ebs ebs) {
  /**
   * What the instance gives its EBS volumes.
   *
   * @param attachments volume attachments the instance has (shared with its network interfaces and
   *     root volume on the Nitro families with a shared limit)
   * @param baselineMbps EBS bandwidth the instance sustains, in megabits per second
   * @param maximumMbps EBS bandwidth it reaches at most (bursting), in megabits per second
   * @param baselineIops IOPS the instance sustains (16 KiB I/O)
   * @param maximumIops IOPS it reaches at most (bursting)
   */
  public record Ebs(
      int attachments, long baselineMbps, long maximumMbps, long baselineIops, long maximumIops) {
    /** Maximum bandwidth in MiB/s, the unit of a volume's provisioned throughput. */
    public long maximumMibPerSecond() {
      return maximumMbps * 1_000_000L / 8 / (1024L * 1024L);
    }
  }

  public InstanceType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(ebs, "ebs");
    if (vcpus < 1 || memoryMib < 1 || networkInterfaces < 1 || ipv4PerInterface < 2) {
      throw new IllegalArgumentException("implausible instance type " + name);
    }
  }

  /** The family, e.g. {@code m6i} for {@code m6i.2xlarge}. */
  public String family() {
    return name.substring(0, name.indexOf('.'));
  }
}
