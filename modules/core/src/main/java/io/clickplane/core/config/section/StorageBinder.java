package io.clickplane.core.config.section;

import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageClassName;
import io.clickplane.core.spec.StorageSpec;
import java.util.Optional;

/**
 * A service's {@code storage}. EBS limits, from the Amazon EBS User Guide ("Amazon EBS volume
 * types", "General Purpose SSD volumes", "Provisioned IOPS SSD volumes",
 * https://docs.aws.amazon.com/ebs/latest/userguide/): gp3: 1 GiB to 16 TiB, 3,000 to 16,000 IOPS
 * and at most 500 IOPS per GiB beyond the 3,000 baseline, 125 to 1,000 MiB/s and at most 0.25 MiB/s
 * per provisioned IOPS; io2 Block Express: 4 GiB to 64 TiB, 100 to 256,000 IOPS and at most 1,000
 * IOPS per GiB, throughput following the IOPS (not set separately). A volume whose figures break
 * these is refused by EBS at creation or by ModifyVolume later, so the stack file is refused first.
 */
final class StorageBinder {
  public static final String DEFAULT_STORAGE_SIZE = "100Gi";
  public static final String DEFAULT_LOG_SIZE = "10Gi";
  public static final int GP3_BASE_IOPS = 3000;
  public static final int GP3_BASE_THROUGHPUT = 125;

  static final Key<StorageClassName> CLASS =
      Key.oneOf("class", StorageClassName.class, StorageClassName.GP3)
          .doc("`gp3` \\| `io2`", "EBS volume type (a StorageClass of the same name).")
          .writes(StorageSpec::storageClass);
  static final Key<String> SIZE =
      Key.bound("size", DEFAULT_STORAGE_SIZE)
          .doc("quantity, 1Gi..16Ti (gp3) / 4Gi..64Ti (io2)", "Size of each data disk.")
          .writes(StorageSpec::size);
  static final Key<Integer> DISKS =
      Key.integer("disks", 1, 1, 8)
          .doc("integer 1..8", "Data disks per replica, under one storage policy.")
          .writes(StorageSpec::disks);
  static final Key<Integer> IOPS =
      Key.bound("iops", GP3_BASE_IOPS)
          .doc(
              "integer",
              "gp3: 3000..16000 and, above 3000, at most 500 per GiB. io2: 100..256000 and at most"
                  + " 1000 per GiB. Applied to the volumes by the EBS CSI volume modifier, at"
                  + " creation and on every change"
                  + " ([capacity.md](capacity.md#storage-that-follows-the-stack)).")
          .writes(StorageSpec::iops);
  static final Key<Integer> THROUGHPUT =
      Key.bound("throughput", GP3_BASE_THROUGHPUT)
          .doc(
              "integer MiB/s",
              "gp3 only: 125..1000 and at most IOPS/4. Setting it for io2 is an error.")
          .writes(
              (StorageSpec s) -> s.storageClass() == StorageClassName.GP3 ? s.throughput() : null);
  static final Key<String> LOG_SIZE =
      Key.string(
              "logSize",
              DEFAULT_LOG_SIZE,
              v ->
                  Quantity.check(
                      v,
                      "a storage quantity such as 10Gi",
                      Quantity.gib(1),
                      Quantity.gib(1024),
                      "1Gi",
                      "1Ti"))
          .doc("quantity 1Gi..1Ti", "Volume for server logs, always gp3 at its baseline.")
          .writes(StorageSpec::logSize);

  static final Key<String> MAX_SIZE =
      Key.<String>bound("maxSize")
          .defaultDoc("absent: EBS's limit")
          .doc(
              "quantity, from `storage.size` to 16Ti (gp3) / 64Ti (io2)",
              "The largest `storage.size` that `storage propose` grows the data disks to. See"
                  + " [storage](storage.md).")
          .writes((StorageSpec s) -> s.maxSize().orElse(null));

  static final Key<StorageSpec> STORAGE =
      Key.<StorageSpec>nested(
              "storage",
              KeyTable.of("storage", CLASS, SIZE, DISKS, IOPS, THROUGHPUT, LOG_SIZE, MAX_SIZE))
          .writes(ServiceSpec::storage);

  private StorageBinder() {}

  /** The storage of service {@code s}, or null when it does not bind. */
  static StorageSpec bind(Fields s) {
    Fields o = s.object(STORAGE);
    StorageClassName cls = CLASS.read(o);
    boolean io2 = cls == StorageClassName.IO2;
    String size =
        o.string(
            SIZE.name(),
            DEFAULT_STORAGE_SIZE,
            v ->
                Quantity.check(
                    v,
                    "a storage quantity such as 500Gi",
                    Quantity.gib(io2 ? 4 : 1),
                    Quantity.gib(io2 ? 65536 : 16384),
                    io2 ? "4Gi" : "1Gi",
                    io2 ? "64Ti" : "16Ti"));
    Integer disks = DISKS.read(o);
    String logSize = LOG_SIZE.read(o);
    String maxSize = cls == null ? null : o.string(MAX_SIZE.name(), "", v -> maxSize(v, cls, size));
    Integer iops;
    Integer throughput;
    if (io2) {
      iops = o.integer(IOPS.name(), 3000, 100, 256000);
      throughput = 0;
      if (o.has(THROUGHPUT.name())) {
        throughput =
            o.refuse(
                o.path(THROUGHPUT.name()),
                "applies to class gp3 only; io2 throughput follows its IOPS");
      }
      if (iops != null && size != null && Quantities.isQuantity(size)) {
        long gibs = Quantities.gibibytesCeil(size);
        if ((long) iops > gibs * 1000) {
          iops =
              o.refuse(
                  o.path(IOPS.name()),
                  "io2 allows at most 1000 IOPS per GiB: "
                      + (gibs * 1000)
                      + " for "
                      + size
                      + " (got "
                      + iops
                      + ")");
        }
      }
    } else {
      iops = o.integer(IOPS.name(), GP3_BASE_IOPS, 3000, 16000);
      throughput = o.integer(THROUGHPUT.name(), GP3_BASE_THROUGHPUT, 125, 1000);
      if (iops != null && iops > GP3_BASE_IOPS && size != null && Quantities.isQuantity(size)) {
        long gibs = Quantities.gibibytesCeil(size);
        if ((long) iops > gibs * 500) {
          iops =
              o.refuse(
                  o.path(IOPS.name()),
                  "gp3 allows at most 500 IOPS per GiB above its 3000 baseline: "
                      + Math.max(GP3_BASE_IOPS, gibs * 500)
                      + " for "
                      + size
                      + " (got "
                      + iops
                      + ")");
        }
      }
      if (iops != null && throughput != null && throughput * 4 > iops) {
        throughput =
            o.refuse(
                o.path(THROUGHPUT.name()),
                "gp3 allows at most 0.25 MiB/s per provisioned IOPS: "
                    + (iops / 4)
                    + " for "
                    + iops
                    + " IOPS (got "
                    + throughput
                    + ")");
      }
    }
    return o.ok()
        ? new StorageSpec(
            cls,
            size,
            disks,
            iops,
            throughput,
            logSize,
            maxSize.isEmpty() ? Optional.empty() : Optional.of(maxSize))
        : null;
  }

  /** {@code storage.maxSize}: a quantity from the disk's size up to the class's EBS limit. */
  private static Optional<String> maxSize(String value, StorageClassName cls, String size) {
    if (!Quantities.isQuantity(value)) {
      return Optional.of("must be a storage quantity such as 2Ti (got \"" + value + "\")");
    }
    boolean io2 = cls == StorageClassName.IO2;
    long bytes = Quantities.bytes(value);
    if (bytes > (io2 ? StorageSpec.IO2_MAX_BYTES : StorageSpec.GP3_MAX_BYTES)) {
      return Optional.of(
          "must be at most "
              + (io2 ? "64Ti" : "16Ti")
              + ", EBS's largest "
              + cls.configName()
              + " volume (got \""
              + value
              + "\")");
    }
    if (size != null && Quantities.isQuantity(size) && bytes < Quantities.bytes(size)) {
      return Optional.of("must be at least storage.size, " + size + " (got \"" + value + "\")");
    }
    return Optional.empty();
  }
}
