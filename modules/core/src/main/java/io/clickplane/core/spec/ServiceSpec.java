package io.clickplane.core.spec;

import java.util.Objects;

/**
 * One ClickHouse service of an organisation: one {@code ClickHouseInstallation}, its coordinator,
 * its routes and its backups.
 *
 * @param name DNS-1123 label, unique within its organisation
 * @param mode deployment mode
 * @param shards number of shards (1 unless sharded)
 * @param replicas replicas per shard (1 for single)
 * @param version ClickHouse version, {@code major.minor} or a full {@code major.minor.patch.build}
 * @param resources CPU and memory per pod
 * @param storage block storage per replica
 * @param backup backup schedule and retention
 * @param deletionProtection true while the service must not be removed
 * @param coordinator ZooKeeper (default) or ClickHouse Keeper
 * @param allow destructive changes allowed explicitly
 */
public record ServiceSpec(
    String name,
    Mode mode,
    int shards,
    int replicas,
    String version,
    Resources resources,
    StorageSpec storage,
    BackupSpec backup,
    boolean deletionProtection,
    Coordinator coordinator,
    ChangeAllowances allow) {

  public ServiceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(backup, "backup");
    Objects.requireNonNull(coordinator, "coordinator");
    Objects.requireNonNull(allow, "allow");
    if (shards < 1 || replicas < 1) {
      throw new IllegalArgumentException("shards and replicas must be at least 1");
    }
  }

  /** The ClickHouse major version, e.g. 24 for {@code "24.8"}. */
  public int majorVersion() {
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }

  /** The ClickHouse {@code major.minor} version, e.g. {@code 24.8} for {@code "24.8.6.70"}. */
  public String minorVersion() {
    String[] parts = version.split("\\.");
    return parts[0] + "." + parts[1];
  }

  /** Number of coordinator nodes: 1 for single, 3 otherwise. */
  public int coordinatorNodes() {
    return mode == Mode.SINGLE ? 1 : 3;
  }

  /** The same service under another name. */
  public ServiceSpec withName(String value) {
    return new ServiceSpec(
        value,
        mode,
        shards,
        replicas,
        version,
        resources,
        storage,
        backup,
        deletionProtection,
        coordinator,
        allow);
  }

  public ServiceSpec withDeletionProtection(boolean value) {
    return new ServiceSpec(
        name,
        mode,
        shards,
        replicas,
        version,
        resources,
        storage,
        backup,
        value,
        coordinator,
        allow);
  }

  public ServiceSpec withAllow(ChangeAllowances value) {
    return new ServiceSpec(
        name,
        mode,
        shards,
        replicas,
        version,
        resources,
        storage,
        backup,
        deletionProtection,
        coordinator,
        value);
  }
}
