package io.clickplane.core.spec;

import java.util.Locale;

/**
 * What coordinates replication for a service: a ZooKeeper ensemble (default) or ClickHouse Keeper.
 */
public enum Coordinator {
  ZOOKEEPER,
  KEEPER;

  /** The name used in stack files: {@code zookeeper}, {@code keeper}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
