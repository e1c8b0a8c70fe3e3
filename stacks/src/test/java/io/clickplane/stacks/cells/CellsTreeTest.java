package io.clickplane.stacks.cells;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.stacks.render.Fleet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flux tree of an environment in three cells ({@link ThreeCells}): each cell's entry point and
 * everything it reaches builds and validates, every file is reconciled by exactly one cell, an
 * organisation only by its own, and a change to one organisation leaves the other cells' files as
 * they were.
 */
class CellsTreeTest {
  private static PlatformSpec spec;
  private static ManifestSet tree;
  private static final Map<String, CellTree> CELLS = new TreeMap<>();

  @BeforeAll
  static void render() {
    spec = ThreeCells.spec();
    tree = Fleet.render(spec);
    for (String cell : spec.cellNames()) {
      CELLS.put(cell, CellTree.walk(tree, FluxPaths.clusters("dev", cell)));
    }
  }

  @Test
  void eachCellReachesItsOwnDirectoriesAndTheHomeCellKeycloak() {
    for (Map.Entry<String, CellTree> e : CELLS.entrySet()) {
      String cell = e.getKey();
      CellTree walk = e.getValue();
      assertThat(walk.problems).as(cell).isEmpty();
      List<String> expected =
          new ArrayList<>(
              List.of(
                  "clusters/dev/" + cell,
                  "infrastructure/dev/" + cell + "/controllers",
                  "infrastructure/dev/" + cell + "/configs",
                  "infrastructure/dev/" + cell + "/tenants"));
      for (OrganisationSpec org : spec.organisations()) {
        if (org.cell().equals(cell)) {
          expected.add("tenants/dev/" + org.name());
        }
      }
      if (cell.equals("eu1")) {
        expected.add("infrastructure/dev/eu1/keycloak");
      }
      assertThat(walk.fluxPaths).as(cell).containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(tree.paths())
        .noneMatch(p -> p.startsWith("infrastructure/dev/eu2/keycloak/"))
        .noneMatch(p -> p.equals("clusters/dev/eu3/keycloak.yaml"))
        .contains("clusters/dev/eu1/keycloak.yaml", "infrastructure/dev/eu1/keycloak/keycloak.yaml")
        .noneMatch(p -> p.startsWith("infrastructure/dev/controllers/"))
        .noneMatch(p -> p.startsWith("tenants/dev/") && p.split("/").length == 3);
    // A Flux bootstrapped before the environment listed cells reads clusters/dev: the home cell.
    assertThat(tree.text("clusters/dev/kustomization.yaml"))
        .contains("- eu1\n")
        .doesNotContain("eu2");
  }

  @Test
  void everyFileIsReconciledByExactlyOneCellAndEachOrganisationByItsOwn() {
    Map<String, List<String>> owners = new TreeMap<>();
    CELLS.forEach(
        (cell, walk) ->
            walk.files.forEach(f -> owners.computeIfAbsent(f, x -> new ArrayList<>()).add(cell)));
    List<String> manifests =
        tree.paths().stream()
            .filter(p -> !p.startsWith(".clickplane/") && !p.endsWith("/kustomization.yaml"))
            .toList();
    assertThat(manifests).isNotEmpty();
    for (String path : manifests) {
      assertThat(owners.get(path)).as(path + " is applied by exactly one cell").hasSize(1);
    }
    for (OrganisationSpec org : spec.organisations()) {
      String dir = "tenants/dev/" + org.name() + "/";
      List<String> cells = new ArrayList<>();
      CELLS.forEach(
          (cell, walk) -> {
            if (walk.files.stream().anyMatch(f -> f.startsWith(dir))) {
              cells.add(cell);
            }
          });
      assertThat(cells).as(org.name()).containsExactly(org.cell());
      // the organisation's own files are listed by exactly one aggregation: its cell's
      List<String> listedBy = new ArrayList<>();
      for (String cell : spec.cellNames()) {
        if (tree.text(FluxPaths.cellTenants("dev", cell) + "/kustomization.yaml")
            .contains("/" + dir + "namespace.yaml")) {
          listedBy.add(cell);
        }
      }
      assertThat(listedBy).as(org.name()).containsExactly(org.cell());
    }
  }

  @Test
  void everyCustomResourceOfEveryCellValidatesStrictly() {
    CrdSchemas crds = CrdSchemas.shared();
    for (Map.Entry<String, CellTree> e : CELLS.entrySet()) {
      List<String> problems = new ArrayList<>();
      TreeSet<String> kinds = new TreeSet<>();
      for (JsonNode doc : e.getValue().documents) {
        String api = doc.path("apiVersion").asText();
        String kind = doc.path("kind").asText();
        if (!api.contains(".") || api.contains(".k8s.io/")) {
          continue;
        }
        assertThat(crds.knows(api, kind)).as(api + " " + kind + " has a CRD").isTrue();
        kinds.add(kind);
        crds.problems(doc)
            .forEach(p -> problems.add(kind + " " + doc.at("/metadata/name").asText() + ": " + p));
      }
      assertThat(problems).as(e.getKey()).isEmpty();
      assertThat(kinds)
          .as(e.getKey())
          .contains(
              "ClickHouseInstallation",
              "HelmRelease",
              "Kustomization",
              "NodePool",
              "EC2NodeClass",
              "Gateway",
              "Certificate");
    }
  }

  @Test
  void kubectlKustomizeBuildsEveryPathEveryCellReads(@TempDir Path dir) throws Exception {
    for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
    }
    for (Map.Entry<String, CellTree> e : CELLS.entrySet()) {
      String cell = e.getKey();
      for (String path : e.getValue().fluxPaths) {
        boolean aggregation = path.equals(FluxPaths.cellTenants("dev", cell));
        String out = kustomize(dir.resolve(path), aggregation);
        if (aggregation) {
          assertThat(out)
              .containsPattern("(?m)^kind: Namespace$")
              .containsPattern("(?m)^kind: RoleBinding$")
              .doesNotContainPattern("(?m)^kind: ClickHouseInstallation$");
          for (OrganisationSpec org : spec.organisations()) {
            assertThat(out.contains("name: " + org.name() + "\n"))
                .as(path + " creates namespace " + org.name())
                .isEqualTo(org.cell().equals(cell));
          }
        }
        if (path.startsWith("tenants/dev/")) {
          assertThat(out).containsPattern("(?m)^kind: ClickHouseInstallation$");
        }
      }
    }
    // what a Flux bootstrapped before cells reads
    assertThat(kustomize(dir.resolve("clusters/dev"), false))
        .contains("path: ./infrastructure/dev/eu1/controllers")
        .doesNotContain("eu2");
  }

  /**
   * {@code kubectl kustomize DIR}; with {@code outsideRoot} as Flux's kustomize-controller builds:
   * files outside a kustomization's own directory may be loaded (fluxcd/pkg
   * kustomize/kustomize_generator.go, BuildKustomization: LoadRestrictionsNone, inside the source's
   * root), which only each cell's tenants aggregation needs; every other directory builds with
   * kubectl's default restriction too.
   */
  private static String kustomize(Path dir, boolean outsideRoot) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl", "kustomize"));
    if (outsideRoot) {
      command.addAll(List.of("--load-restrictor", "LoadRestrictionsNone"));
    }
    command.add(dir.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(dir + ":\n" + out).isZero();
    return out;
  }

  @Test
  void eachCellsExternalDnsHasItsOwnOwnerIdTheHomeCellTheEnvironments() {
    Map<String, String> owners = new TreeMap<>();
    for (String cell : spec.cellNames()) {
      String release =
          tree.text("infrastructure/dev/" + cell + "/controllers/external-dns/helmrelease.yaml");
      String owner = release.replaceAll("(?s).*txtOwnerId: ([^\\n]+)\\n.*", "$1");
      owners.put(cell, owner);
    }
    assertThat(owners)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "eu1",
                "clickplane-dev",
                "eu2",
                "clickplane-dev--eu2",
                "eu3",
                "clickplane-dev--eu3"));
  }

  @Test
  void eachCellsNodeClassesTagTheirNodesWithTheirOwnClustersNames() {
    for (String cell : spec.cellNames()) {
      String prefix = "clickplane-dev--" + cell;
      String nodeClass =
          tree.text(
              "infrastructure/dev/" + cell + "/configs/karpenter/ec2nodeclass-clickhouse.yaml");
      assertThat(nodeClass)
          .as(cell)
          .contains("Name: " + prefix + "-clickhouse")
          .contains("karpenter.sh/discovery: " + prefix);
    }
  }

  @Test
  void aOneOrganisationChangeLeavesEveryOtherCellsFilesByteIdentical() {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      if (org.name().equals("globex")) {
        ServiceSpec clicks = org.services().get(0);
        org = org.withServices(List.of(clicks, clicks.withName("clicks2")));
      }
      orgs.add(org);
    }
    ManifestSet after = Fleet.render(spec.withOrganisations(orgs));
    List<String> changed = changed(tree, after);
    assertThat(changed)
        .contains("tenants/dev/globex/clicks2/kustomization.yaml")
        .anyMatch(p -> p.startsWith("infrastructure/dev/eu2/configs/istio-ingress/"));
    assertThat(changed)
        .allMatch(
            p ->
                p.startsWith("tenants/dev/globex/")
                    || p.startsWith("infrastructure/dev/eu2/")
                    || p.startsWith("clusters/dev/eu2/")
                    || p.startsWith(".clickplane/dev/organisations/globex.yaml"),
            "inside globex's cell");
  }

  @Test
  void aMoveChangesTheTwoCellsAndNotTheOrganisationsDirectoryName() {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      orgs.add(org.name().equals("initech") ? org.withCell("eu2") : org);
    }
    ManifestSet after = Fleet.render(spec.withOrganisations(orgs));
    List<String> changed = changed(tree, after);
    assertThat(changed)
        .contains(
            "infrastructure/dev/eu2/tenants/kustomization.yaml",
            "infrastructure/dev/eu3/tenants/kustomization.yaml")
        .allMatch(
            p ->
                p.startsWith("tenants/dev/initech/")
                    || p.startsWith("infrastructure/dev/eu2/")
                    || p.startsWith("infrastructure/dev/eu3/")
                    || p.equals(".clickplane/dev/organisations/initech.yaml"));
    assertThat(after.paths().stream().filter(p -> p.startsWith("tenants/dev/initech/")))
        .containsExactlyElementsOf(
            tree.paths().stream().filter(p -> p.startsWith("tenants/dev/initech/")).toList());
    assertThat(CellTree.walk(after, "clusters/dev/eu2").fluxPaths).contains("tenants/dev/initech");
    assertThat(CellTree.walk(after, "clusters/dev/eu3").fluxPaths)
        .noneMatch(p -> p.startsWith("tenants/"));
    assertThat(after.text("infrastructure/dev/eu3/tenants/kustomization.yaml"))
        .contains("resources: []");
  }

  @Test
  void organisationsKeptAsPublishedLeaveEveryOtherFileAsInTheWholeTree() {
    Map<String, String> snapshot = SpecSnapshot.write(spec);
    for (OrganisationSpec org : spec.organisations()) {
      String dir = FluxPaths.organisation("dev", org.name());
      List<String> own = new ArrayList<>();
      for (String p : tree.paths()) {
        String rest = p.startsWith(dir + "/") ? p.substring(dir.length() + 1) : null;
        if (rest != null && rest.indexOf('/') < 0 && !rest.equals("kustomization.yaml")) {
          own.add(rest);
        }
      }
      ManifestSet without = Fleet.render(spec, snapshot, Map.of(dir, own));
      assertThat(without.paths()).noneMatch(p -> p.startsWith(dir + "/"));
      assertThat(without).isEqualTo(tree.filter(p -> !p.startsWith(dir + "/")));
    }
  }

  private static List<String> changed(ManifestSet before, ManifestSet after) {
    TreeSet<String> paths = new TreeSet<>(before.paths());
    paths.addAll(after.paths());
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      byte[] a = before.files().get(p);
      byte[] b = after.files().get(p);
      if (a == null || b == null || !java.util.Arrays.equals(a, b)) {
        out.add(p);
      }
    }
    return out;
  }
}
