package io.clickplane.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.testing.Fleets;
import io.clickplane.gitops.testing.Trees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reuse of unchanged organisations' trees by their inputs key (renderer fingerprint, platform
 * snapshot, organisation snapshot).
 *
 * <p>The tests show whether a publish looked at an organisation's files by handing it a tree whose
 * files there are tampered with while the spec snapshot is not: reuse keeps the published files, a
 * full comparison publishes the tampered ones. A real renderer never produces such a tree; here it
 * makes reuse observable.
 */
class ReusePublishTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  static final byte[] BUILD_A = "renderer build A".getBytes(StandardCharsets.UTF_8);
  static final byte[] BUILD_B = "renderer build B".getBytes(StandardCharsets.UTF_8);
  static final String TAMPERED = "tenants/dev/globex/namespace.yaml";

  @TempDir Path dir;

  private final PlatformSpec dev = Fleets.dev();

  private PublishResult publish(
      LocalFluxRepository repo, PlatformSpec spec, ManifestSet tree, byte[] build, boolean full)
      throws Exception {
    return publish(repo, spec, tree, build, full, ChangeGuard.NONE);
  }

  private PublishResult publish(
      LocalFluxRepository repo,
      PlatformSpec spec,
      ManifestSet tree,
      byte[] build,
      boolean full,
      ChangeGuard guard)
      throws Exception {
    return Publish.to(repo)
        .rendered(spec, tree)
        .renderer(build)
        .full(full)
        .guard(guard)
        .mode(Publish.Mode.DIRECT)
        .clock(CLOCK)
        .call();
  }

  /** {@code tree} with one file of the globex organisation changed; its snapshot is unchanged. */
  private static ManifestSet tampered(ManifestSet tree) {
    ManifestSet.Builder b = ManifestSet.builder();
    tree.files()
        .forEach(
            (p, bytes) -> {
              if (!p.equals(TAMPERED)) {
                b.add(p, bytes);
              }
            });
    b.add(TAMPERED, tree.text(TAMPERED) + "# tampered\n");
    return b.build();
  }

  private LocalFluxRepository published(PlatformSpec spec, byte[] build) throws Exception {
    LocalFluxRepository repo = LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main");
    publish(repo, spec, Fleets.tree(spec), build, false);
    return repo;
  }

  @Test
  void anUnchangedOrganisationIsKeptByIdWithoutLookingAtItsFiles() throws Exception {
    try (LocalFluxRepository repo = published(dev, BUILD_A)) {
      PlatformSpec changed = Fleets.withRetention(dev, "acme", "events", 30);
      ManifestSet next = Fleets.tree(changed);
      PublishResult result = publish(repo, changed, tampered(next), BUILD_A, false);
      // the one-service change is published; globex's files were not read (reused by id)
      assertThat(result.summary().changes())
          .extracting(FileChange::path)
          .containsExactly(
              ".clickplane/dev/organisations/acme.yaml", "tenants/dev/acme/events/configmap.yaml");
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(next));
    }
  }

  @Test
  void onlyOrganisationsWhoseInputsChangedAreRendered() throws Exception {
    try (LocalFluxRepository repo = published(dev, BUILD_A)) {
      PlatformSpec changed = Fleets.withRetention(dev, "acme", "events", 30);
      ManifestSet full = Fleets.tree(changed);
      List<Map<String, List<String>>> calls = new ArrayList<>();
      PublishResult result =
          Publish.to(repo)
              .rendering(
                  changed,
                  (snapshot, kept) -> {
                    calls.add(kept);
                    assertThat(snapshot)
                        .containsOnlyKeys(
                            full.paths().stream()
                                .filter(p -> p.startsWith(".clickplane/"))
                                .toList());
                    return full.filter(
                        p -> kept.keySet().stream().noneMatch(d -> p.startsWith(d + "/")));
                  })
              .renderer(BUILD_A)
              .mode(Publish.Mode.DIRECT)
              .clock(CLOCK)
              .call();
      // acme's inputs changed; globex and initech were kept as published, with their own files
      assertThat(calls).hasSize(1);
      assertThat(calls.get(0)).containsOnlyKeys("tenants/dev/globex", "tenants/dev/initech");
      assertThat(calls.get(0).get("tenants/dev/globex"))
          .isEqualTo(
              full.paths().stream()
                  .filter(p -> p.startsWith("tenants/dev/globex/"))
                  .map(p -> p.substring("tenants/dev/globex/".length()))
                  .filter(n -> !n.contains("/") && !n.equals("kustomization.yaml"))
                  .toList());
      assertThat(result.summary().changes())
          .extracting(FileChange::path)
          .containsExactly(
              ".clickplane/dev/organisations/acme.yaml", "tenants/dev/acme/events/configmap.yaml");
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(full));

      // --full renders everything
      calls.clear();
      Publish.to(repo)
          .rendering(
              changed,
              (snapshot, kept) -> {
                calls.add(kept);
                return full;
              })
          .renderer(BUILD_A)
          .full(true)
          .mode(Publish.Mode.DIRECT)
          .call();
      assertThat(calls).containsExactly(Map.of());
    }
  }

  @Test
  void fullComparesEveryFile() throws Exception {
    try (LocalFluxRepository repo = published(dev, BUILD_A)) {
      ManifestSet next = tampered(Fleets.tree(dev));
      PublishResult result = publish(repo, dev, next, BUILD_A, true);
      assertThat(result.summary().changes()).extracting(FileChange::path).containsExactly(TAMPERED);
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(next));
    }
  }

  @Test
  void noReuseWithoutAFingerprintOrWithAnotherOne() throws Exception {
    try (LocalFluxRepository repo = published(dev, BUILD_A)) {
      ManifestSet next = tampered(Fleets.tree(dev));
      assertThat(publish(repo, dev, next, BUILD_B, false).summary().changes())
          .extracting(FileChange::path)
          .containsExactly(TAMPERED);
    }
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("other.git"), "main")) {
      publish(repo, dev, Fleets.tree(dev), BUILD_A, false);
      ManifestSet next = tampered(Fleets.tree(dev));
      assertThat(publish(repo, dev, next, null, false).summary().changes())
          .extracting(FileChange::path)
          .containsExactly(TAMPERED);
    }
  }

  @Test
  void noReuseWhenThePlatformLevelSpecDiffers() throws Exception {
    try (LocalFluxRepository repo = published(dev, BUILD_A)) {
      PlatformSpec moved = withDomain(dev, "other.example.com");
      ManifestSet next = tampered(Fleets.tree(moved));
      publish(repo, moved, next, BUILD_A, false);
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(next));
    }
  }

  @Test
  void noReuseOfAnOrganisationWhoseSpecDiffers() throws Exception {
    try (LocalFluxRepository repo = published(dev, BUILD_A)) {
      PlatformSpec changed = Fleets.withRetention(dev, "globex", "clicks", 3);
      ManifestSet next = tampered(Fleets.tree(changed));
      PublishResult result = publish(repo, changed, next, BUILD_A, false);
      assertThat(result.summary().changes())
          .extracting(FileChange::path)
          .contains(TAMPERED, ".clickplane/dev/organisations/globex.yaml");
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(next));
    }
  }

  @Test
  void aHandEditedOrganisationIsComparedInFullAndRestored() throws Exception {
    try (LocalFluxRepository repo = published(dev, BUILD_A)) {
      // someone changes globex's published files by other means (no fingerprint: memo untouched)
      publish(repo, dev, tampered(Fleets.tree(dev)), null, true);
      assertThat(Trees.files(repo.objects(), "main").get(TAMPERED)).endsWith("# tampered\n");
      PublishResult result = publish(repo, dev, Fleets.tree(dev), BUILD_A, false);
      assertThat(result.summary().changes()).extracting(FileChange::path).containsExactly(TAMPERED);
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(Fleets.tree(dev)));
    }
  }

  @Test
  void removedServicesAndOrganisationsAreStillDeleted() throws Exception {
    try (LocalFluxRepository repo = published(dev, BUILD_A)) {
      PlatformSpec fewer = Fleets.withoutService(dev, "acme", "events");
      List<OrganisationSpec> orgs = new ArrayList<>(fewer.organisations());
      orgs.removeIf(o -> o.name().equals("initech"));
      fewer = fewer.withOrganisations(orgs);
      ManifestSet next = Fleets.tree(fewer);
      PublishResult result = publish(repo, fewer, next, BUILD_A, false);
      assertThat(result.summary().changes())
          .extracting(FileChange::path)
          .contains(
              "tenants/dev/acme/events/configmap.yaml",
              "tenants/dev/initech/namespace.yaml",
              ".clickplane/dev/organisations/initech.yaml");
      assertThat(result.summary().changes())
          .filteredOn(c -> c.path().startsWith("tenants/dev/initech/"))
          .allMatch(c -> c.kind() == FileChange.Kind.DELETED)
          .isNotEmpty();
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(next));
    }
  }

  @Test
  void aOneServiceChangeKeepsEveryOtherBlobAndTheGuardSeesTheWholePreviousSpec() throws Exception {
    try (LocalFluxRepository repo = published(dev, BUILD_A)) {
      Map<String, ObjectId> before = Trees.blobs(repo.objects(), "main");
      PlatformSpec changed = Fleets.withRetention(dev, "acme", "events", 30);
      List<PlatformSpec> seen = new ArrayList<>();
      ChangeGuard recording =
          (previous, next) -> {
            seen.add(previous);
            return List.of();
          };
      publish(repo, changed, Fleets.tree(changed), BUILD_A, false, recording);
      assertThat(seen).containsExactly(dev);
      Map<String, ObjectId> after = new HashMap<>(Trees.blobs(repo.objects(), "main"));
      after
          .keySet()
          .removeAll(
              List.of(
                  ".clickplane/dev/organisations/acme.yaml",
                  "tenants/dev/acme/events/configmap.yaml"));
      Map<String, ObjectId> kept = new HashMap<>(before);
      kept.keySet().retainAll(after.keySet());
      assertThat(after).isEqualTo(kept).hasSize(before.size() - 2);
    }
  }

  @Test
  void theGuardReadsAnOlderSingleFileSnapshot() throws Exception {
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("old.git"), "main")) {
      // a repository published before the snapshot was split: one spec.yaml with organisations
      ManifestSet.Builder old = ManifestSet.builder();
      Fleets.tree(dev)
          .files()
          .forEach(
              (p, bytes) -> {
                if (!p.startsWith(".clickplane/")) {
                  old.add(p, bytes);
                }
              });
      old.add(
          io.clickplane.core.config.CanonicalSpec.snapshotPath("dev"),
          io.clickplane.core.config.CanonicalSpec.write(dev));
      ManifestSet oldTree = old.build();
      Publish.to(repo).rendered(dev, oldTree).mode(Publish.Mode.DIRECT).clock(CLOCK).call();
      List<PlatformSpec> seen = new ArrayList<>();
      PlatformSpec changed = Fleets.withRetention(dev, "acme", "events", 30);
      publish(
          repo,
          changed,
          Fleets.tree(changed),
          BUILD_A,
          false,
          (previous, next) -> {
            seen.add(previous);
            return List.of();
          });
      assertThat(seen).containsExactly(dev);
    }
  }

  @Test
  void aRenderedFileOutsideTheEnvironmentsDirectoriesIsRefused() throws Exception {
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("x.git"), "main")) {
      for (String stray : List.of("README.md", "tenants/prod/x.yaml", "tenants/dev0/x.yaml")) {
        ManifestSet.Builder b = ManifestSet.builder();
        Fleets.tree(dev).files().forEach(b::add);
        b.add(stray, "x\n");
        ManifestSet tree = b.build();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> publish(repo, dev, tree, BUILD_A, false))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(stray + " is outside the directories environment dev owns");
      }
      assertThat(repo.tip("main")).isEmpty();
    }
  }

  private static PlatformSpec withDomain(PlatformSpec s, String domain) {
    return new PlatformSpec(
        s.environment(),
        s.region(),
        domain,
        s.bucketPrefix(),
        s.network(),
        s.eks(),
        s.gitops(),
        s.organisations());
  }
}
