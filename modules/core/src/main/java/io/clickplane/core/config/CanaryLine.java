package io.clickplane.core.config;

import io.clickplane.core.spec.ChangeAllowances;
import io.clickplane.core.spec.ReleaseOrder;
import io.clickplane.core.spec.UpgradeSpec;
import java.util.Optional;

/**
 * A canary runs on replica 0 of every shard: a canary on a lower release line than the service's
 * version downgrades those replicas, which needs {@code allow.versionDowngrade} like any other
 * downgrade. Checked in validation, since it needs no published state to be refused.
 */
public final class CanaryLine {
  private CanaryLine() {}

  public static Optional<String> check(
      String version, UpgradeSpec upgrade, ChangeAllowances allow) {
    if (!upgrade.hasCanary()
        || !ReleaseOrder.isDowngrade(version, upgrade.canary())
        || allow.versionDowngrade()) {
      return Optional.empty();
    }
    return Optional.of(
        "canary "
            + upgrade.canary()
            + " is on a lower release line than the service's version "
            + version
            + ": replica 0 of every shard would be downgraded; a canary runs a newer version, or"
            + " set allow.versionDowngrade: true to downgrade on purpose");
  }
}
