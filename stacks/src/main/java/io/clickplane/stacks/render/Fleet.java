package io.clickplane.stacks.render;

import io.clickplane.clickhouse.ClickHouseChangeGuards;
import io.clickplane.clickhouse.ClickHouseRenderer;
import io.clickplane.core.config.CanonicalSpec;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.layout.FluxLayout;

/**
 * The whole rendered tree of an environment: every module's manifests, plus the canonical spec
 * snapshot that the change guards compare the next publish against. A pure function of the spec.
 */
public final class Fleet {
  private Fleet() {}

  public static ManifestSet render(PlatformSpec spec) {
    ManifestSet.Builder tree = ManifestSet.builder();
    tree.add(CanonicalSpec.snapshotPath(spec.environment()), CanonicalSpec.write(spec));
    tree.addAll(FluxLayout.render(spec));
    tree.addAll(ClickHouseRenderer.render(spec));
    // Every directory Flux reads gets its kustomization.yaml once all parts are in.
    return FluxLayout.complete(spec, tree.build());
  }

  /**
   * Every module's change guards: what the next render or publish is checked against the published
   * snapshot with.
   */
  public static ChangeGuard guards() {
    return ChangeGuard.NONE.and(new ClickHouseChangeGuards());
  }
}
