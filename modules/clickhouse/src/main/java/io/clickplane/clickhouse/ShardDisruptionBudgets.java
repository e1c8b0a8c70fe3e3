package io.clickplane.clickhouse;

import io.clickplane.core.naming.Naming;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import java.util.Map;

/**
 * One PodDisruptionBudget per shard of an installation: a voluntary disruption (node drain,
 * upgrade) may take one replica of a shard down at a time, while other shards are drained in
 * parallel.
 */
final class ShardDisruptionBudgets {
  private ShardDisruptionBudgets() {}

  static PodDisruptionBudget of(ServiceContext ctx, int shard) {
    PodDisruptionBudgetSpec spec = new PodDisruptionBudgetSpec();
    spec.setMaxUnavailable(new IntOrString(1));
    spec.setSelector(
        Manifests.matching(
            Map.of(
                ClickHouseDefaults.OPERATOR_CHI_LABEL, Naming.installation(ctx.name()),
                ClickHouseDefaults.OPERATOR_SHARD_LABEL, Naming.shard(shard))));
    PodDisruptionBudget budget = new PodDisruptionBudget();
    budget.setMetadata(
        Manifests.metadata(ctx, ClickHouseDefaults.shardDisruptionBudget(ctx.name(), shard)));
    budget.setSpec(spec);
    return budget;
  }
}
