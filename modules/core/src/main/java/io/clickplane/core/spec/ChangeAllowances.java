package io.clickplane.core.spec;

/**
 * Destructive or risky changes a service's owner has allowed explicitly in the stack file. Every
 * flag is false unless the configuration says otherwise; the change guards refuse any such change
 * that is not allowed here.
 *
 * @param diskShrink a data or log disk may become smaller (the volume is replaced: data is lost)
 * @param shardRemoval shards may be removed (their data is lost)
 * @param replicaReduction the number of replicas per shard may go down
 * @param coordinatorSwitch the coordinator may change between ZooKeeper and Keeper
 * @param versionDowngrade the ClickHouse major version may go down
 * @param storageClassChange the EBS volume type may change (gp3 and io2): a volume's class is
 *     immutable, so every volume is recreated empty and refilled from the other replicas (a
 *     single-replica service loses its data)
 * @param directUpgrade the ClickHouse version of a service with more than one replica per shard may
 *     change in one step, without a canary having run that version first
 * @param stopWithoutBackup the service may be stopped although the publish cannot show a fresh
 *     backup of it (see {@code docs/backups.md#stop-and-start})
 */
public record ChangeAllowances(
    boolean diskShrink,
    boolean shardRemoval,
    boolean replicaReduction,
    boolean coordinatorSwitch,
    boolean versionDowngrade,
    boolean storageClassChange,
    boolean directUpgrade,
    boolean stopWithoutBackup) {

  /** Nothing allowed: the default. */
  public static final ChangeAllowances NONE =
      new ChangeAllowances(false, false, false, false, false, false, false, false);

  /** The allowances known before {@code stopWithoutBackup}; that one stays false. */
  public ChangeAllowances(
      boolean diskShrink,
      boolean shardRemoval,
      boolean replicaReduction,
      boolean coordinatorSwitch,
      boolean versionDowngrade,
      boolean storageClassChange,
      boolean directUpgrade) {
    this(
        diskShrink,
        shardRemoval,
        replicaReduction,
        coordinatorSwitch,
        versionDowngrade,
        storageClassChange,
        directUpgrade,
        false);
  }

  /** The allowances known before {@code directUpgrade}; that one stays false. */
  public ChangeAllowances(
      boolean diskShrink,
      boolean shardRemoval,
      boolean replicaReduction,
      boolean coordinatorSwitch,
      boolean versionDowngrade,
      boolean storageClassChange) {
    this(
        diskShrink,
        shardRemoval,
        replicaReduction,
        coordinatorSwitch,
        versionDowngrade,
        storageClassChange,
        false);
  }

  /** The allowances known before {@code storageClassChange}; that one stays false. */
  public ChangeAllowances(
      boolean diskShrink,
      boolean shardRemoval,
      boolean replicaReduction,
      boolean coordinatorSwitch,
      boolean versionDowngrade) {
    this(diskShrink, shardRemoval, replicaReduction, coordinatorSwitch, versionDowngrade, false);
  }

  public ChangeAllowances withStorageClassChange(boolean value) {
    return new ChangeAllowances(
        diskShrink,
        shardRemoval,
        replicaReduction,
        coordinatorSwitch,
        versionDowngrade,
        value,
        directUpgrade,
        stopWithoutBackup);
  }

  public ChangeAllowances withDirectUpgrade(boolean value) {
    return new ChangeAllowances(
        diskShrink,
        shardRemoval,
        replicaReduction,
        coordinatorSwitch,
        versionDowngrade,
        storageClassChange,
        value,
        stopWithoutBackup);
  }

  public ChangeAllowances withStopWithoutBackup(boolean value) {
    return new ChangeAllowances(
        diskShrink,
        shardRemoval,
        replicaReduction,
        coordinatorSwitch,
        versionDowngrade,
        storageClassChange,
        directUpgrade,
        value);
  }
}
