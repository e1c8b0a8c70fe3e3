package io.clickplane.core.spec;

import java.util.Objects;

/**
 * Block storage of each ClickHouse replica.
 *
 * @param storageClass the EBS volume type
 * @param size size of each data disk, a Kubernetes quantity
 * @param disks number of data disks per replica, all under one storage policy
 * @param iops provisioned IOPS of each disk
 * @param throughput provisioned throughput in MiB/s of each disk (gp3 only; 0 for io2)
 * @param logSize size of the volume that holds ClickHouse's server logs
 */
public record StorageSpec(
    StorageClassName storageClass,
    String size,
    int disks,
    int iops,
    int throughput,
    String logSize) {
  public StorageSpec {
    Objects.requireNonNull(storageClass, "storageClass");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(logSize, "logSize");
    if (disks < 1) {
      throw new IllegalArgumentException("disks must be at least 1");
    }
  }

  /** Total bytes of data disks per replica. */
  public long dataBytesPerReplica() {
    return Quantities.bytes(size) * disks;
  }
}
