package io.clickplane.backup.catalogue;

import io.clickplane.backup.drill.DrillRecord;
import io.clickplane.backup.plan.BackupManifest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the bucket holds for one backup directory {@code <service>/<id>/}: the platform's manifest
 * (if any), whether ClickHouse's descriptor {@code .backup} is there, and the objects' keys and
 * total size.
 *
 * @param id the directory name (a backup id)
 * @param manifest the manifest, when present and readable
 * @param manifestProblem why a manifest object could not be read, when it could not
 * @param descriptorPresent true when every descriptor the backup needs exists: {@code
 *     <service>/<id>/.backup}, or, in the per-shard layout its manifest records, {@code
 *     <service>/<id>/shard-<n>/.backup} of every shard
 * @param keys every object key under the directory
 * @param storedBytes total size of those objects
 * @param drill the record of the last restore drill of this backup, when there is one
 * @param drillProblem why a drill record could not be read, when it could not
 */
public record StoredBackup(
    String id,
    Optional<BackupManifest> manifest,
    Optional<String> manifestProblem,
    boolean descriptorPresent,
    List<String> keys,
    long storedBytes,
    Optional<DrillRecord> drill,
    Optional<String> drillProblem) {
  public StoredBackup {
    Objects.requireNonNull(id, "id");
    keys = List.copyOf(keys);
  }

  /** A backup that no drill has restored. */
  public StoredBackup(
      String id,
      Optional<BackupManifest> manifest,
      Optional<String> manifestProblem,
      boolean descriptorPresent,
      List<String> keys,
      long storedBytes) {
    this(
        id,
        manifest,
        manifestProblem,
        descriptorPresent,
        keys,
        storedBytes,
        Optional.empty(),
        Optional.empty());
  }
}
