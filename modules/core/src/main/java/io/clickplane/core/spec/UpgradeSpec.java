package io.clickplane.core.spec;

import java.util.Objects;

/**
 * How a service takes new ClickHouse versions, and an upgrade in progress.
 *
 * @param canary the ClickHouse version that one replica of every shard runs ahead of the rest;
 *     empty when no canary is running. Promotion is the explicit second step: {@code version} set
 *     to the canary's version and {@code canary} removed.
 * @param channel how early the service takes a new release line
 * @param window when disruptive changes may happen to the service (its own {@code
 *     maintenance.window}, else its organisation's, else the environment's)
 */
public record UpgradeSpec(String canary, UpgradeChannel channel, MaintenanceWindow window) {
  /** No upgrade in progress, the regular channel, the default window. */
  public static final UpgradeSpec NONE = new UpgradeSpec("");

  public UpgradeSpec {
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(window, "window");
  }

  /** A canary (or none, {@code ""}) in the regular channel and the default window. */
  public UpgradeSpec(String canary) {
    this(canary, UpgradeChannel.REGULAR, MaintenanceWindow.DEFAULT);
  }

  /** True while a canary version is declared. */
  public boolean hasCanary() {
    return !canary.isEmpty();
  }

  /** A copy with {@code canary} replaced. */
  public UpgradeSpec withCanary(String value) {
    return new UpgradeSpec(value, channel, window);
  }
}
