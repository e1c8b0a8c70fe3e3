package io.clickplane.clickhouse;

import io.clickplane.core.naming.Naming;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;

/**
 * One PodDisruptionBudget per shard of an installation: a voluntary disruption (node drain,
 * upgrade) may take one replica of a shard down at a time, while other shards are drained in
 * parallel.
 */
final class ShardDisruptionBudgets {
  private ShardDisruptionBudgets() {}

  static PodDisruptionBudget of(ServiceContext ctx, int shard) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(
            Manifests.metadata(ctx, ClickHouseDefaults.shardDisruptionBudget(ctx.name(), shard)))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(
            Map.of(
                ClickHouseDefaults.OPERATOR_CHI_LABEL, Naming.installation(ctx.name()),
                ClickHouseDefaults.OPERATOR_SHARD_LABEL, Naming.shard(shard)))
        .endSelector()
        .endSpec()
        .build();
  }
}
