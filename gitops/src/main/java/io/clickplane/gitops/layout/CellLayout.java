package io.clickplane.gitops.layout;

import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The generated {@code kustomization.yaml} files of an environment with cells ({@link
 * FluxLayout#complete} for a spec that lists {@code clickplane:cells}).
 *
 * <ul>
 *   <li>Each cell's directories ({@code clusters/<env>/<cell>}, {@code
 *       infrastructure/<env>/<cell>/controllers}, {@code .../configs}, and {@code .../keycloak} in
 *       the home cell) are Flux roots as an environment's are without cells.
 *   <li>Organisation directories stay at {@code tenants/<env>/<org>/} whatever their cell: each is
 *       reconciled by its own Flux Kustomization (its {@code kustomization.yaml} lists its
 *       services) and its own files are listed by its cell's aggregation {@code
 *       infrastructure/<env>/<cell>/tenants/kustomization.yaml}, which the cell's {@code tenants}
 *       Kustomization reads. So an organisation is reconciled by exactly one cell, and moving it
 *       changes two aggregations, not its directory.
 *   <li>{@code clusters/<env>/kustomization.yaml} lists the home cell's entry point only: a Flux
 *       bootstrapped before the environment listed cells reads {@code ./clusters/<env>}, and so
 *       applies the home cell's Kustomizations (the cluster it runs becomes the home cell) until it
 *       is pointed at {@code ./clusters/<env>/<cell>}.
 * </ul>
 *
 * The aggregation names files outside its own directory ({@code ../../../../tenants/<env>/...}).
 * Flux builds with kustomize's {@code LoadRestrictionsNone} inside the repository's root
 * (fluxcd/pkg kustomize/kustomize_generator.go, BuildKustomization), so it accepts these; {@code
 * kubectl kustomize --load-restrictor LoadRestrictionsNone} builds them the same way (tested).
 */
final class CellLayout {
  private CellLayout() {}

  static ManifestSet complete(
      PlatformSpec spec, ManifestSet tree, Map<String, ? extends Collection<String>> kept) {
    String env = spec.environment();
    Set<String> roots = new LinkedHashSet<>();
    for (String cell : spec.cellNames()) {
      roots.add(FluxPaths.clusters(env, cell));
      roots.add(FluxPaths.controllers(env, cell));
      roots.add(FluxPaths.configs(env, cell));
      String keycloak = FluxPaths.keycloak(env, cell);
      if (tree.paths().stream().anyMatch(p -> p.startsWith(keycloak + "/"))) {
        roots.add(keycloak);
      }
    }
    Set<String> delegated = new LinkedHashSet<>();
    for (OrganisationSpec org : spec.organisations()) {
      String dir = FluxPaths.organisation(env, org.name());
      delegated.add(dir);
      roots.add(dir);
    }
    ManifestSet.Builder out =
        ManifestSet.builder().addAll(Kustomizations.complete(tree, roots, delegated, kept));
    for (String cell : spec.cellNames()) {
      String aggregation = FluxPaths.cellTenants(env, cell);
      out.add(
          aggregation + "/" + Kustomizations.FILE,
          Kustomizations.render(ownFiles(spec, cell, aggregation, tree, kept)));
    }
    out.add(
        FluxPaths.clusters(env) + "/" + Kustomizations.FILE,
        Kustomizations.render(List.of(spec.cellNames().get(0))));
    return out.build();
  }

  /**
   * The own files of the cell's organisations (by name), relative to {@code aggregation}: the files
   * directly in each organisation directory, or the names {@code kept} gives for one left out of
   * {@code tree}.
   */
  private static List<String> ownFiles(
      PlatformSpec spec,
      String cell,
      String aggregation,
      ManifestSet tree,
      Map<String, ? extends Collection<String>> kept) {
    String up = "../".repeat(aggregation.split("/").length);
    Map<String, OrganisationSpec> byName = new TreeMap<>();
    for (OrganisationSpec org : spec.organisations()) {
      if (org.cell().equals(cell)) {
        byName.put(org.name(), org);
      }
    }
    List<String> resources = new ArrayList<>();
    for (String name : byName.keySet()) {
      String dir = FluxPaths.organisation(spec.environment(), name);
      Collection<String> names = kept.get(dir);
      List<String> files = new ArrayList<>();
      if (names != null) {
        names.stream().filter(Kustomizations::isYaml).forEach(files::add);
      } else {
        String prefix = dir + "/";
        for (String path : tree.files().subMap(prefix, dir + "0").keySet()) {
          String file = path.substring(prefix.length());
          if (file.indexOf('/') < 0 && Kustomizations.isYaml(file)) {
            files.add(file);
          }
        }
      }
      files.sort(null);
      for (String file : files) {
        resources.add(up + dir + "/" + file);
      }
    }
    return resources;
  }
}
