package io.clickplane.core.spec;

import java.util.Locale;

/**
 * How early a service takes a new release line: {@code fast} services go first, {@code regular}
 * after them, {@code slow} last (see docs/upgrades.md).
 */
public enum UpgradeChannel {
  FAST,
  REGULAR,
  SLOW;

  /** The name used in stack files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
