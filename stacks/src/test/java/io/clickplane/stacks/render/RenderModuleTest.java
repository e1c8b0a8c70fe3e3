package io.clickplane.stacks.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.FastYaml;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.UpgradeSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.core.testing.SyntheticFleet;
import io.clickplane.stacks.cells.ThreeCells;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each entry of {@link Fleet#modules()} on its own, over the dev and prod stacks, a generated
 * 1,000-service fleet, the dev stack with a maintenance window per organisation and one cell of an
 * environment in cells: the same spec renders to the same bytes; an organisation-local module's
 * organisation directory depends on the platform-level spec and that organisation only, and its
 * files outside the organisation directories on no organisation; a fleet-wide module is declared so
 * for a reason (some file outside the organisation directories depends on an organisation); and no
 * document leaves the fast YAML path.
 */
class RenderModuleTest {
  /** Each fleet by name, loaded afresh on every call (so purity is checked across equal specs). */
  private static final Map<String, Supplier<PlatformSpec>> FLEETS = new LinkedHashMap<>();

  static {
    FLEETS.put("dev", () -> load("dev"));
    FLEETS.put("prod", () -> load("prod"));
    FLEETS.put("generated-1000", () -> SyntheticFleet.of(load("dev"), 1000, 25));
    FLEETS.put("dev-windows", () -> withWindows(load("dev")));
    // one cell of an environment in cells, as Fleet renders each cell
    FLEETS.put("cells-eu2", () -> ThreeCells.spec().forCell("eu2"));
  }

  /**
   * The dev stack with a maintenance window of its own for each organisation's services: the
   * Karpenter module's ClickHouse pools (one per window) then depend on the organisations.
   */
  private static PlatformSpec withWindows(PlatformSpec spec) {
    List<String> windows = List.of("sat 22:00-02:00", "mon-fri 01:00-03:00", "wed 03:00-04:00");
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      MaintenanceWindow w = MaintenanceWindow.parse(windows.get(orgs.size() % windows.size()));
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : org.services()) {
        services.add(s.withUpgrade(new UpgradeSpec("", s.upgrade().channel(), w)));
      }
      orgs.add(org.withServices(services));
    }
    return spec.withOrganisations(orgs);
  }

  static List<RenderModule> modules() {
    return Fleet.modules();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void eachModuleKeepsItsDeclaredContract(RenderModule module) {
    long fallbacks = FastYaml.fallbacks();
    int files = 0;
    boolean dependsOnOrganisations = false;
    for (Map.Entry<String, Supplier<PlatformSpec>> fleet : FLEETS.entrySet()) {
      PlatformSpec spec = fleet.getValue().get();
      String env = spec.environment();
      ManifestSet whole = module.render(spec);
      assertThat(module.render(fleet.getValue().get()))
          .as("%s on %s: the same spec renders to the same bytes", module, fleet.getKey())
          .isEqualTo(whole);
      files += whole.size();

      List<String> orgDirs =
          spec.organisations().stream()
              .map(o -> FluxPaths.organisation(env, o.name()) + "/")
              .toList();
      Predicate<String> outsideOrganisations = p -> orgDirs.stream().noneMatch(p::startsWith);
      for (OrganisationSpec org : sample(spec.organisations())) {
        String dir = FluxPaths.organisation(env, org.name()) + "/";
        List<OrganisationSpec> others = new ArrayList<>(spec.organisations());
        others.remove(org);
        ManifestSet without = module.render(spec.withOrganisations(others));
        boolean same =
            without.filter(outsideOrganisations).equals(whole.filter(outsideOrganisations));
        dependsOnOrganisations |= !same;
        if (module.scope() == RenderModule.Scope.ORGANISATION_LOCAL) {
          ManifestSet alone = module.render(spec.withOrganisations(List.of(org)));
          assertThat(alone.filter(p -> p.startsWith(dir)))
              .as("%s on %s: %s rendered alone or in the fleet", module, fleet.getKey(), dir)
              .isEqualTo(whole.filter(p -> p.startsWith(dir)));
          assertThat(without.filter(p -> p.startsWith(dir)).size())
              .as("%s on %s: files under %s without that organisation", module, fleet.getKey(), dir)
              .isZero();
          assertThat(same)
              .as(
                  "%s on %s: the files outside the organisation directories do not change when %s"
                      + " is left out (else declare the module fleet-wide)",
                  module, fleet.getKey(), org.name())
              .isTrue();
        }
      }
    }
    assertThat(files).as("%s renders something", module).isPositive();
    if (module.scope() == RenderModule.Scope.FLEET_WIDE) {
      assertThat(dependsOnOrganisations)
          .as(
              "%s is declared fleet-wide, but its files outside the organisation directories depend"
                  + " on no organisation: declare it organisation-local, so a publish renders it"
                  + " for the changed organisations only",
              module)
          .isTrue();
    }
    assertThat(FastYaml.fallbacks() - fallbacks)
        .as("%s: documents handed to the reference YAML writer", module)
        .isZero();
  }

  /** Every organisation of a small fleet; the first and the last of a large one. */
  private static List<OrganisationSpec> sample(List<OrganisationSpec> organisations) {
    return organisations.size() <= 10
        ? organisations
        : List.of(organisations.get(0), organisations.get(organisations.size() - 1));
  }

  private static PlatformSpec load(String stack) {
    try {
      return StackConfig.load(Repo.stackFile(stack));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
