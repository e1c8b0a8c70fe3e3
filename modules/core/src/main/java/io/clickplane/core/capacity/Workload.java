package io.clickplane.core.capacity;

/** The kinds of pod the platform runs for a service. */
public enum Workload {
  /** A ClickHouse server replica. */
  CLICKHOUSE,
  /** A ZooKeeper ensemble member. */
  ZOOKEEPER,
  /** A ClickHouse Keeper member. */
  KEEPER
}
