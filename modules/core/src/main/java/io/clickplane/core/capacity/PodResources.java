package io.clickplane.core.capacity;

/**
 * Resource requests of the pods the platform renders besides ClickHouse itself (whose requests are
 * the service's {@code resources}). The renderer writes these figures and the capacity model counts
 * them, so both read them from here.
 */
public final class PodResources {
  /** CPU request of a ZooKeeper member's container. */
  public static final String ZOOKEEPER_CPU = "250m";

  /** Memory request (and limit) of a ZooKeeper member's container. */
  public static final String ZOOKEEPER_MEMORY = "1Gi";

  /** CPU request of a ClickHouse Keeper member's container. */
  public static final String KEEPER_CPU = "500m";

  /** Memory request (and limit) of a ClickHouse Keeper member's container. */
  public static final String KEEPER_MEMORY = "1Gi";

  /** Size of each ZooKeeper or Keeper member's volume (gp3 at baseline). */
  public static final String COORDINATOR_VOLUME_SIZE = "10Gi";

  /**
   * CPU request (and limit) of the idle {@code clickhouse-log} container the Altinity operator
   * keeps in every ClickHouse pod with a log volume (declared by the platform so it meets Pod
   * Security {@code restricted}).
   */
  public static final String CLICKHOUSE_LOG_CPU = "10m";

  /** Memory request (and limit) of the {@code clickhouse-log} container. */
  public static final String CLICKHOUSE_LOG_MEMORY = "16Mi";

  private PodResources() {}
}
