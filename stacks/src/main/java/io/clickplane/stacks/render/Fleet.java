package io.clickplane.stacks.render;

import io.clickplane.backup.guard.RestoreGuard;
import io.clickplane.backup.render.BackupRenderer;
import io.clickplane.backup.render.ClickHouseAccess;
import io.clickplane.clickhouse.ClickHouseChangeGuards;
import io.clickplane.clickhouse.ClickHouseDefaults;
import io.clickplane.clickhouse.ClickHouseRenderer;
import io.clickplane.clickhouse.ExternalSecrets;
import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.layout.FluxLayout;
import io.clickplane.gitops.publish.ClasspathFingerprint;
import io.clickplane.istio.IstioRenderer;
import io.clickplane.keycloak.flux.KeycloakManifests;
import io.clickplane.monitoring.MonitoringRenderer;

/**
 * The whole rendered tree of an environment: every module's manifests, plus the canonical spec
 * snapshot ({@link SpecSnapshot}) that the change guards compare the next publish against. A pure
 * function of the spec.
 *
 * <p>Contract every module keeps: an organisation's directory {@code tenants/<env>/<org>/} is a
 * pure function of the platform-level spec (everything but the organisations) and that
 * organisation, services included; never of another organisation. Publishing relies on it to reuse
 * unchanged organisations' trees ({@code FleetTest} checks it).
 */
public final class Fleet {
  /** How backup and restore jobs reach a service's ClickHouse (the ClickHouse module's names). */
  static final ClickHouseAccess CLICKHOUSE_ACCESS =
      new ClickHouseAccess(
          service -> ClickHouseDefaults.CLICKHOUSE_IMAGE + ":" + service.version(),
          ClickHouseDefaults.ADMIN_USER,
          ClickHouseDefaults::credentialsSecret,
          ClickHouseDefaults.ADMIN_PASSWORD_KEY);

  private Fleet() {}

  public static ManifestSet render(PlatformSpec spec) {
    ManifestSet.Builder tree = ManifestSet.builder();
    SpecSnapshot.write(spec).forEach(tree::add);
    tree.addAll(FluxLayout.render(spec));
    tree.addAll(ClickHouseRenderer.render(spec));
    tree.addAll(ExternalSecrets.render(spec));
    tree.addAll(BackupRenderer.render(spec, CLICKHOUSE_ACCESS));
    tree.addAll(KeycloakManifests.render(spec));
    tree.addAll(IstioRenderer.render(spec));
    tree.addAll(MonitoringRenderer.render(spec));
    // Every directory Flux reads gets its kustomization.yaml once all parts are in.
    return FluxLayout.complete(spec, tree.build());
  }

  /**
   * The fingerprint of the renderer in this JVM (clickplane's classes and resources, the
   * dependencies, the Java runtime): the part of a publish's reuse key that makes a different build
   * never reuse another's output.
   */
  public static byte[] fingerprint() {
    return ClasspathFingerprint.current();
  }

  /**
   * Every module's change guards: what the next render or publish is checked against the published
   * snapshot with.
   */
  public static ChangeGuard guards() {
    return ChangeGuard.NONE.and(new ClickHouseChangeGuards()).and(new RestoreGuard());
  }
}
