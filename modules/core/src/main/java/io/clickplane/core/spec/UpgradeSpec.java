package io.clickplane.core.spec;

import java.util.Objects;

/**
 * A version upgrade in progress.
 *
 * @param canary the ClickHouse version that one replica of every shard runs ahead of the rest;
 *     empty when no canary is running. Promotion is the explicit second step: {@code version} set
 *     to the canary's version and {@code canary} removed.
 */
public record UpgradeSpec(String canary) {
  /** No upgrade in progress. */
  public static final UpgradeSpec NONE = new UpgradeSpec("");

  public UpgradeSpec {
    Objects.requireNonNull(canary, "canary");
  }

  /** True while a canary version is declared. */
  public boolean hasCanary() {
    return !canary.isEmpty();
  }
}
