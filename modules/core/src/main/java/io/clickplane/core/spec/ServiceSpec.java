package io.clickplane.core.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param databases databases the platform creates with the Replicated engine, in stack-file order
 * @param endpoint how the service's endpoint is exposed
 * @param access who may connect to the endpoint
 * @param upgrade a version upgrade in progress (canary)
 * @param restoreFrom the backup this service is created from, if any
 * @param state running, or stopped (no compute; volumes and backups kept)
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
    ChangeAllowances allow,
    List<String> databases,
    EndpointSpec endpoint,
    AccessSpec access,
    UpgradeSpec upgrade,
    Optional<RestoreSpec> restoreFrom,
    ServiceState state) {

  public ServiceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(backup, "backup");
    Objects.requireNonNull(coordinator, "coordinator");
    Objects.requireNonNull(allow, "allow");
    databases = List.copyOf(databases);
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(upgrade, "upgrade");
    Objects.requireNonNull(restoreFrom, "restoreFrom");
    Objects.requireNonNull(state, "state");
    if (shards < 1 || replicas < 1) {
      throw new IllegalArgumentException("shards and replicas must be at least 1");
    }
  }

  /**
   * A service with no declared databases, the shared endpoint, no allow-list, no upgrade in
   * progress and no restore.
   */
  public ServiceSpec(
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
    this(
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
        allow,
        List.of(),
        EndpointSpec.SHARED,
        AccessSpec.OPEN,
        UpgradeSpec.NONE,
        Optional.empty(),
        ServiceState.RUNNING);
  }

  /** Whether the service is stopped: no ClickHouse or coordinator pods, no endpoint, no backups. */
  public boolean stopped() {
    return state == ServiceState.STOPPED;
  }

  /** A copy with {@code state} replaced. */
  public ServiceSpec withState(ServiceState value) {
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
        allow,
        databases,
        endpoint,
        access,
        upgrade,
        restoreFrom,
        value);
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

  /** A copy with {@code name} replaced. */
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
        allow,
        databases,
        endpoint,
        access,
        upgrade,
        restoreFrom,
        state);
  }

  /** A copy with {@code version} replaced. */
  public ServiceSpec withVersion(String value) {
    return new ServiceSpec(
        name,
        mode,
        shards,
        replicas,
        value,
        resources,
        storage,
        backup,
        deletionProtection,
        coordinator,
        allow,
        databases,
        endpoint,
        access,
        upgrade,
        restoreFrom,
        state);
  }

  /** A copy with {@code resources} replaced. */
  public ServiceSpec withResources(Resources value) {
    return new ServiceSpec(
        name,
        mode,
        shards,
        replicas,
        version,
        value,
        storage,
        backup,
        deletionProtection,
        coordinator,
        allow,
        databases,
        endpoint,
        access,
        upgrade,
        restoreFrom,
        state);
  }

  /** A copy with {@code backup} replaced. */
  public ServiceSpec withBackup(BackupSpec value) {
    return new ServiceSpec(
        name,
        mode,
        shards,
        replicas,
        version,
        resources,
        storage,
        value,
        deletionProtection,
        coordinator,
        allow,
        databases,
        endpoint,
        access,
        upgrade,
        restoreFrom,
        state);
  }

  /** A copy with {@code deletionProtection} replaced. */
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
        allow,
        databases,
        endpoint,
        access,
        upgrade,
        restoreFrom,
        state);
  }

  /** A copy with {@code allow} replaced. */
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
        value,
        databases,
        endpoint,
        access,
        upgrade,
        restoreFrom,
        state);
  }

  /** A copy with {@code upgrade} replaced. */
  public ServiceSpec withUpgrade(UpgradeSpec value) {
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
        allow,
        databases,
        endpoint,
        access,
        value,
        restoreFrom,
        state);
  }

  /** A copy with {@code restoreFrom} replaced. */
  public ServiceSpec withRestoreFrom(Optional<RestoreSpec> value) {
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
        allow,
        databases,
        endpoint,
        access,
        upgrade,
        value,
        state);
  }
}
