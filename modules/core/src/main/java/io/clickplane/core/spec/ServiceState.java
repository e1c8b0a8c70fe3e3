package io.clickplane.core.spec;

import java.util.Locale;

/**
 * Whether a service runs. A stopped service keeps its volumes, users, schema and backups; its
 * ClickHouse and coordinator pods are gone, its endpoint is withdrawn and its backups paused.
 */
public enum ServiceState {
  RUNNING,
  STOPPED;

  /** The name used in stack files: {@code running}, {@code stopped}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
