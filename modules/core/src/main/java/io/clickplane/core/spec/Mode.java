package io.clickplane.core.spec;

import java.util.Locale;

/** How a ClickHouse service is laid out: the three deployment modes of the reference platforms. */
public enum Mode {
  /** One shard with one replica. */
  SINGLE,
  /** One shard with N replicas (3 by default). */
  REPLICATED,
  /** N ≥ 2 shards with N replicas each. */
  SHARDED;

  /** The name used in stack files: {@code single}, {@code replicated}, {@code sharded}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
