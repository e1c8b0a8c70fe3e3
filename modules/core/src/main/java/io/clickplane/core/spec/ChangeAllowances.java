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
 */
public record ChangeAllowances(
    boolean diskShrink,
    boolean shardRemoval,
    boolean replicaReduction,
    boolean coordinatorSwitch,
    boolean versionDowngrade) {

  /** Nothing allowed: the default. */
  public static final ChangeAllowances NONE =
      new ChangeAllowances(false, false, false, false, false);
}
