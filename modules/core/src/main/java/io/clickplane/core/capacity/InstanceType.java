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
 */
public record InstanceType(
    String name,
    int vcpus,
    long memoryMib,
    int networkInterfaces,
    int ipv4PerInterface,
    String architecture) {
  public InstanceType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    if (vcpus < 1 || memoryMib < 1 || networkInterfaces < 1 || ipv4PerInterface < 2) {
      throw new IllegalArgumentException("implausible instance type " + name);
    }
  }
}
