package io.clickplane.core.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * Block storage of each ClickHouse replica.
 *
 * @param storageClass the EBS volume type
 * @param size size of each data disk, a Kubernetes quantity
 * @param disks number of data disks per replica, all under one storage policy
 * @param iops provisioned IOPS of each disk
 * @param throughput provisioned throughput in MiB/s of each disk (gp3 only; 0 for io2)
 * @param logSize size of the volume that holds ClickHouse's server logs
 * @param maxSize the largest {@code size} that {@code storage propose} may grow the data disks to;
 *     empty for the EBS limit of the class
 */
public record StorageSpec(
    StorageClassName storageClass,
    String size,
    int disks,
    int iops,
    int throughput,
    String logSize,
    Optional<String> maxSize) {
  /** EBS's largest gp3 volume, 16 TiB (Amazon EBS User Guide, "Amazon EBS volume types"). */
  public static final long GP3_MAX_BYTES = 16L << 40;

  /** EBS's largest io2 Block Express volume, 64 TiB (same source). */
  public static final long IO2_MAX_BYTES = 64L << 40;

  public StorageSpec {
    Objects.requireNonNull(storageClass, "storageClass");
    Objects.requireNonNull(maxSize, "maxSize");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(logSize, "logSize");
    if (disks < 1) {
      throw new IllegalArgumentException("disks must be at least 1");
    }
  }

  /** Block storage with no {@code maxSize} of its own. */
  public StorageSpec(
      StorageClassName storageClass,
      String size,
      int disks,
      int iops,
      int throughput,
      String logSize) {
    this(storageClass, size, disks, iops, throughput, logSize, Optional.empty());
  }

  /** The largest size a data disk may grow to: {@code maxSize}, else the class's EBS limit. */
  public long maxBytes() {
    long ebs = storageClass == StorageClassName.IO2 ? IO2_MAX_BYTES : GP3_MAX_BYTES;
    return maxSize.map(Quantities::bytes).map(b -> Math.min(b, ebs)).orElse(ebs);
  }

  /** A copy with {@code size} replaced. */
  public StorageSpec withSize(String value) {
    return new StorageSpec(storageClass, value, disks, iops, throughput, logSize, maxSize);
  }

  /** Total bytes of data disks per replica. */
  public long dataBytesPerReplica() {
    return Quantities.bytes(size) * disks;
  }
}
