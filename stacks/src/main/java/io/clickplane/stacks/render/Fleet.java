package io.clickplane.stacks.render;

import io.clickplane.backup.guard.RestoreGuard;
import io.clickplane.backup.render.BackupRenderer;
import io.clickplane.backup.render.ClickHouseAccess;
import io.clickplane.clickhouse.ClickHouseChangeGuards;
import io.clickplane.clickhouse.ClickHouseDefaults;
import io.clickplane.clickhouse.ClickHouseRenderer;
import io.clickplane.clickhouse.ExternalSecrets;
import io.clickplane.clickhouse.nodes.KarpenterNodePools;
import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.guard.CellMoveGuard;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.release.EndOfSupport;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.layout.FluxLayout;
import io.clickplane.gitops.publish.ClasspathFingerprint;
import io.clickplane.istio.IstioRenderer;
import io.clickplane.keycloak.flux.KeycloakManifests;
import io.clickplane.monitoring.MonitoringRenderer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The whole rendered tree of an environment: every module's manifests, plus the canonical spec
 * snapshot ({@link SpecSnapshot}) that the change guards compare the next publish against. A pure
 * function of the spec.
 *
 * <p>Contract every module keeps: an organisation's directory {@code tenants/<env>/<org>/} is a
 * pure function of the platform-level spec (everything but the organisations) and that
 * organisation, services included; never of another organisation. Publishing relies on it to reuse
 * unchanged organisations' trees ({@code FleetTest} checks it for the whole tree, {@code
 * RenderModuleTest} for each module of {@link #MODULES}).
 *
 * <p>With cells ({@code clickplane:cells}), every cell renders the modules for itself, on {@link
 * PlatformSpec#forCell}: its organisations' directories (which stay at {@code tenants/<env>/<org>/}
 * whatever the cell) and its own cluster-wide directories ({@code clusters/<env>/<cell>}, {@code
 * infrastructure/<env>/<cell>}); a {@link RenderModule.Cells#HOME_CELL} module only in the first
 * cell. See docs/cells.md.
 */
public final class Fleet {
  /**
   * How backup and restore jobs reach a service's ClickHouse (the ClickHouse module's names). Their
   * image is the server's own pinned patch release, never a floating line tag.
   */
  static final ClickHouseAccess CLICKHOUSE_ACCESS =
      new ClickHouseAccess(
          service -> ClickHouseDefaults.serverImage(service.version()),
          ClickHouseDefaults.ADMIN_USER,
          ClickHouseDefaults::credentialsSecret,
          ClickHouseDefaults.ADMIN_PASSWORD_KEY);

  private Fleet() {}

  public static ManifestSet render(PlatformSpec spec) {
    return render(spec, SpecSnapshot.write(spec), Map.of());
  }

  /**
   * Every module of the tree, in rendering order: one line each. To add a module, add a line here:
   * {@link RenderModule#organisationLocal} when it keeps the contract above and writes nothing
   * outside the organisation directories that depends on the organisations, {@link
   * RenderModule#fleetWide} otherwise (or while that is not known), and {@link
   * RenderModule#withGuard} when it refuses changes that would lose data. {@code RenderModuleTest}
   * checks every entry on its own: same spec, same bytes; the declared scope holds on the dev, prod
   * and a generated fleet; the fast YAML writer never falls back.
   */
  static final List<RenderModule> MODULES =
      List.of(
          RenderModule.organisationLocal("flux-layout", FluxLayout::render),
          RenderModule.organisationLocal("clickhouse", ClickHouseRenderer::render)
              .withGuard(new ClickHouseChangeGuards()),
          // Karpenter's EC2NodeClasses and NodePools: a ClickHouse pool per maintenance window
          // of the services of every organisation.
          RenderModule.fleetWide("karpenter", KarpenterNodePools::render),
          RenderModule.organisationLocal("external-secrets", ExternalSecrets::render),
          RenderModule.organisationLocal(
                  "backup", spec -> BackupRenderer.render(spec, CLICKHOUSE_ACCESS))
              .withGuard(new RestoreGuard()),
          // One realm per environment: Keycloak's instance runs in the home cell only.
          RenderModule.organisationLocal("keycloak", KeycloakManifests::render).inHomeCellOnly(),
          RenderModule.organisationLocal("monitoring", MonitoringRenderer::render),
          RenderModule.organisationLocal("istio-organisations", IstioRenderer::organisations),
          // Writes ingress allow-lists and load balancers per service under infrastructure/<env>;
          // ExternalDNS's owner id differs per cell, the home cell keeping the environment's.
          RenderModule.fleetWide(
              "istio-cluster", (spec, home) -> IstioRenderer.cluster(spec, home)));

  /** The modules of the tree, in rendering order. */
  public static List<RenderModule> modules() {
    return MODULES;
  }

  /**
   * The tree without the directories of the organisations in {@code kept}, which stay as they were
   * published; a publish renders only the organisations whose inputs changed ({@link
   * io.clickplane.gitops.publish.Publish.Renderer}).
   *
   * <p>Rests on a second contract (also checked by {@code FleetTest}): every file outside the
   * organisation directories is the same as in the whole tree, except the generated {@code
   * kustomization.yaml} files, which list the kept organisations' files by the names given.
   *
   * @param snapshot {@code SpecSnapshot.write(spec)}
   * @param kept organisation directory ({@code tenants/<env>/<org>}) → names of its own files
   */
  public static ManifestSet render(
      PlatformSpec spec, Map<String, String> snapshot, Map<String, List<String>> kept) {
    ManifestSet.Builder tree = ManifestSet.builder();
    snapshot.forEach(tree::add);
    // With cells, each cell renders the modules for itself (its organisations, its cluster-wide
    // directories); the home cell, the first listed, also renders what exists once.
    List<PlatformSpec> cells = spec.perCell();
    for (int i = 0; i < cells.size(); i++) {
      renderCell(cells.get(i), i == 0, kept, tree);
    }
    // Every directory Flux reads gets its kustomization.yaml once all parts are in.
    return FluxLayout.complete(spec, tree.build(), kept);
  }

  /** Every module's files for one cell ({@code cell}: the environment itself without cells). */
  private static void renderCell(
      PlatformSpec cell, boolean home, Map<String, List<String>> kept, ManifestSet.Builder tree) {
    PlatformSpec rendered = cell;
    if (!kept.isEmpty()) {
      List<OrganisationSpec> orgs = new ArrayList<>();
      for (OrganisationSpec org : cell.organisations()) {
        if (!kept.containsKey(FluxPaths.organisation(cell.environment(), org.name()))) {
          orgs.add(org);
        }
      }
      rendered = cell.withOrganisations(orgs);
    }
    for (RenderModule module : MODULES) {
      if (module.scope() == RenderModule.Scope.ORGANISATION_LOCAL) {
        tree.addAll(module.render(rendered, home));
      } else {
        ManifestSet files = module.render(cell, home);
        tree.addAll(kept.isEmpty() ? files : files.filter(p -> !underKept(p, kept)));
      }
    }
  }

  /**
   * Whether {@code path} lies in one of the {@code kept} directories: one look-up per ancestor
   * directory of the path rather than one prefix test per kept organisation.
   */
  private static boolean underKept(String path, Map<String, List<String>> kept) {
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (kept.containsKey(path.substring(0, slash))) {
        return true;
      }
    }
    return false;
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
   * snapshot with (an empty fleet before the first publish). A new service on a ClickHouse line
   * past its end of support is refused as of today (UTC).
   */
  public static ChangeGuard guards() {
    return guards(() -> LocalDate.now(ZoneOffset.UTC));
  }

  /**
   * {@link #guards()} as of the day {@code today} gives (tests fix it): every module's guard, the
   * refusal of an organisation's move to another cell ({@link CellMoveGuard}), then the refusal of
   * a new service on a ClickHouse line past its end of support.
   */
  public static ChangeGuard guards(Supplier<LocalDate> today) {
    ChangeGuard all = ChangeGuard.NONE;
    for (RenderModule module : MODULES) {
      if (module.guard() != ChangeGuard.NONE) {
        all = all.and(module.guard());
      }
    }
    return all.and(new CellMoveGuard()).and(EndOfSupport.guard(today));
  }
}
