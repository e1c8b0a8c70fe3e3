package io.clickplane.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.guard.RefusedChangeException;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.testing.Fleets;
import io.clickplane.gitops.testing.GitCli;
import io.clickplane.gitops.testing.Trees;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing into a local bare repository: tree contents, no-op publishes, change scope, guards,
 * branches.
 */
class PublishTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private final PlatformSpec dev = Fleets.dev();

  private PublishResult publish(LocalFluxRepository repo, PlatformSpec spec, Publish.Mode mode)
      throws Exception {
    return Publish.to(repo)
        .branch("main")
        .rendered(spec, Fleets.tree(spec))
        .mode(mode)
        .author("clickplane test", "test@clickplane.invalid")
        .clock(CLOCK)
        .call();
  }

  @Test
  void firstPublishCreatesTheBranchWithTheRenderedTreeAndAReproducibleCommit() throws Exception {
    ObjectId first;
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("a.git"), "main")) {
      PublishResult result = publish(repo, dev, Publish.Mode.BRANCH);
      assertThat(result.status()).isEqualTo(PublishResult.Status.PUBLISHED);
      assertThat(result.branch()).isEqualTo("main");
      first = result.commit().orElseThrow();
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(Fleets.tree(dev)));
      assertThat(repo.objects().exactRef(Constants.HEAD).getTarget().getName())
          .isEqualTo("refs/heads/main");
    }
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("b.git"), "main")) {
      assertThat(publish(repo, dev, Publish.Mode.DIRECT).commit()).contains(first);
    }
    // the git command line agrees: a clone holds exactly the rendered files
    Map<String, String> cloned =
        GitCli.cloneFiles(dir.resolve("a.git").toUri().toString(), "main", dir.resolve("clone"));
    assertThat(cloned).isEqualTo(Trees.text(Fleets.tree(dev)));
  }

  @Test
  void publishingTheSameInputAgainMakesNoCommit() throws Exception {
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      ObjectId tip = publish(repo, dev, Publish.Mode.DIRECT).commit().orElseThrow();
      PublishResult again = publish(repo, dev, Publish.Mode.BRANCH);
      assertThat(again.status()).isEqualTo(PublishResult.Status.UP_TO_DATE);
      assertThat(again.commit()).isEmpty();
      assertThat(repo.tip("main")).contains(tip);
      assertThat(repo.objects().getRefDatabase().getRefsByPrefix("refs/heads/")).hasSize(1);
    }
  }

  @Test
  void aOneServiceChangeTouchesOnlyThatServiceAndKeepsEveryOtherBlob() throws Exception {
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      ObjectId before = publish(repo, dev, Publish.Mode.DIRECT).commit().orElseThrow();
      Map<String, ObjectId> blobsBefore = Trees.blobs(repo.objects(), "main");
      PlatformSpec changed = Fleets.withRetention(dev, "acme", "events", 30);
      PublishResult result = publish(repo, changed, Publish.Mode.DIRECT);
      assertThat(result.summary().changes())
          .extracting(FileChange::path)
          .containsExactly(
              ".clickplane/dev/organisations/acme.yaml", "tenants/dev/acme/events/configmap.yaml");
      Map<String, ObjectId> blobsAfter = Trees.blobs(repo.objects(), "main");
      Map<String, ObjectId> kept = new HashMap<>(blobsAfter);
      kept.keySet()
          .removeAll(
              List.of(
                  ".clickplane/dev/organisations/acme.yaml",
                  "tenants/dev/acme/events/configmap.yaml"));
      Map<String, ObjectId> keptBefore = new HashMap<>(blobsBefore);
      keptBefore
          .keySet()
          .removeAll(
              List.of(
                  ".clickplane/dev/organisations/acme.yaml",
                  "tenants/dev/acme/events/configmap.yaml"));
      assertThat(kept).isEqualTo(keptBefore);
      try (RevWalk walk = new RevWalk(repo.objects())) {
        RevCommit commit = walk.parseCommit(result.commit().orElseThrow());
        assertThat(commit.getParents()).extracting(ObjectId::copy).containsExactly(before);
        assertThat(commit.getFullMessage())
            .startsWith("clickplane dev: 2 changed (acme/events, platform)\n\n")
            .contains(
                "acme/events: changed (1 modified)\n  M tenants/dev/acme/events/configmap.yaml\n");
      }
    }
  }

  @Test
  void aRemovedServiceIsDeletedInTheSameCommit() throws Exception {
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      publish(repo, dev, Publish.Mode.DIRECT);
      PlatformSpec without = Fleets.withoutService(dev, "acme", "scratch");
      PublishResult result = publish(repo, without, Publish.Mode.DIRECT);
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(Fleets.tree(without)));
      assertThat(result.summary().body()).contains("acme/scratch: removed (3 files)\n");
      assertThat(result.summary().changes())
          .filteredOn(c -> c.kind() == FileChange.Kind.DELETED)
          .extracting(FileChange::path)
          .allMatch(p -> p.startsWith("tenants/dev/acme/scratch/"));
    }
  }

  @Test
  void aRefusedChangeBuildsAndPushesNothing() throws Exception {
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      ObjectId tip = publish(repo, dev, Publish.Mode.DIRECT).commit().orElseThrow();
      PlatformSpec without = Fleets.withoutService(dev, "acme", "events");
      List<PlatformSpec> seen = new java.util.ArrayList<>();
      ChangeGuard noRemovals =
          (previous, next) -> {
            seen.add(previous);
            return previous.serviceCount() > next.serviceCount()
                ? List.of(
                    new Refusal(
                        "acme", "events", "service removed", "set deletionProtection: false first"))
                : List.of();
          };
      assertThatThrownBy(
              () ->
                  Publish.to(repo)
                      .rendered(without, Fleets.tree(without))
                      .guard(noRemovals)
                      .mode(Publish.Mode.DIRECT)
                      .clock(CLOCK)
                      .call())
          .isInstanceOf(RefusedChangeException.class)
          .hasMessageContaining("organisation acme, service events: service removed");
      assertThat(seen)
          .containsExactly(dev); // the previous spec was read back from the published snapshot
      assertThat(repo.tip("main")).contains(tip);
      assertThat(repo.objects().getRefDatabase().getRefs()).hasSize(2); // HEAD and main
    }
  }

  @Test
  void branchModePushesAChangeBranchOffTheTarget() throws Exception {
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      ObjectId tip = publish(repo, dev, Publish.Mode.DIRECT).commit().orElseThrow();
      PublishResult result =
          publish(repo, Fleets.withRetention(dev, "globex", "clicks", 40), Publish.Mode.BRANCH);
      assertThat(result.branch()).matches("clickplane/dev/[0-9a-f]{12}");
      assertThat(repo.tip("main")).contains(tip);
      try (RevWalk walk = new RevWalk(repo.objects())) {
        RevCommit pushed = walk.parseCommit(repo.tip(result.branch()).orElseThrow());
        assertThat(pushed.getParent(0).copy()).isEqualTo(tip);
        assertThat(result.branch())
            .isEqualTo("clickplane/dev/" + pushed.getTree().name().substring(0, 12));
      }
      // the same change again, later: its branch is found, nothing new is pushed
      PlatformSpec same = Fleets.withRetention(dev, "globex", "clicks", 40);
      PublishResult again =
          Publish.to(repo)
              .rendered(same, Fleets.tree(same))
              .clock(Clock.offset(CLOCK, java.time.Duration.ofHours(1)))
              .call();
      assertThat(again.status()).isEqualTo(PublishResult.Status.PENDING);
      assertThat(again.branch()).isEqualTo(result.branch());
      assertThat(again.commit()).isEqualTo(result.commit());
      assertThat(repo.objects().getRefDatabase().getRefsByPrefix("refs/heads/")).hasSize(2);
    }
  }

  @Test
  void filesOutsideTheEnvironmentAreLeftAlone() throws Exception {
    Path work = dir.resolve("work");
    java.nio.file.Files.createDirectories(work);
    GitCli.git(
        work,
        "init",
        "--quiet",
        "--bare",
        "--initial-branch=main",
        dir.resolve("r.git").toString());
    GitCli.git(work, "clone", "--quiet", dir.resolve("r.git").toString(), "w");
    Path w = work.resolve("w");
    java.nio.file.Files.writeString(w.resolve("README.md"), "# fleet\n");
    GitCli.git(w, "add", "README.md");
    GitCli.git(w, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "readme");
    GitCli.git(w, "push", "--quiet", "origin", "main");
    PlatformSpec prod = Fleets.prod();
    try (LocalFluxRepository repo = LocalFluxRepository.open(dir.resolve("r.git"))) {
      publish(repo, prod, Publish.Mode.DIRECT);
      publish(repo, dev, Publish.Mode.DIRECT);
      publish(repo, Fleets.withoutService(dev, "acme", "scratch"), Publish.Mode.DIRECT);
      Map<String, String> files = Trees.files(repo.objects(), "main");
      assertThat(files).containsEntry("README.md", "# fleet\n");
      Map<String, String> expected = new java.util.TreeMap<>(Trees.text(Fleets.tree(prod)));
      expected.putAll(Trees.text(Fleets.tree(Fleets.withoutService(dev, "acme", "scratch"))));
      expected.put("README.md", "# fleet\n");
      assertThat(files).isEqualTo(expected);
    }
  }

  @Test
  void treesAreInGitsOrderAsGitFsckChecksThem() throws Exception {
    ManifestSet.Builder tricky = ManifestSet.builder().addAll(Fleets.tree(dev));
    for (String directory : List.of("a", "ab", "é")) {
      tricky.add("tenants/dev/order/" + directory + "/x.yaml", directory + "\n");
    }
    for (String file : List.of("a-b", "a.yaml", "a0", "z")) {
      tricky.add("tenants/dev/order/" + file, file + "\n");
    }
    ManifestSet files = tricky.build();
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      Publish.to(repo).rendered(dev, files).clock(CLOCK).call();
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(files));
    }
    GitCli.git(dir, "--git-dir=" + dir.resolve("r.git"), "fsck", "--strict", "--no-dangling");
    String listed =
        GitCli.git(
            dir,
            "--git-dir=" + dir.resolve("r.git"),
            "ls-tree",
            "--name-only",
            "main:tenants/dev/order");
    assertThat(listed.lines().toList())
        .containsExactly("a-b", "a.yaml", "a", "a0", "ab", "z", "\"\\303\\251\"");
  }

  @Test
  void aPathThatIsBothAFileAndADirectoryIsRefused() throws Exception {
    ManifestSet files =
        ManifestSet.builder()
            .addAll(Fleets.tree(dev))
            .add("tenants/dev/acme/events", "x\n")
            .build();
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      assertThatThrownBy(() -> Publish.to(repo).rendered(dev, files).call())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "tenants/dev/acme/events is both a file and a directory in the rendered tree");
      assertThat(repo.tip("main")).isEmpty();
    }
  }

  @Test
  void aPublishIsSingleUse() throws Exception {
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      Publish publish = Publish.to(repo).rendered(dev, Fleets.tree(dev)).clock(CLOCK);
      publish.call();
      assertThatThrownBy(publish::call).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void diffReportsWhatAPublishWouldChangeWithAPatch() throws Exception {
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      publish(repo, dev, Publish.Mode.DIRECT);
      ObjectId tip = repo.tip("main").orElseThrow();
      PlatformSpec changed = Fleets.withRetention(dev, "acme", "events", 30);
      Diff.Result diff = Diff.of(repo).rendered(changed, Fleets.tree(changed)).patch(true).call();
      assertThat(diff.summary().changes())
          .extracting(FileChange::path)
          .containsExactly(
              ".clickplane/dev/organisations/acme.yaml", "tenants/dev/acme/events/configmap.yaml");
      assertThat(diff.patch())
          .contains(
              "diff --git a/tenants/dev/acme/events/configmap.yaml b/tenants/dev/acme/events/configmap.yaml\n"
                  + "--- a/tenants/dev/acme/events/configmap.yaml\n+++ b/tenants/dev/acme/events/configmap.yaml\n",
              "-  backup: 0 2 * * * keep 14\n+  backup: 0 2 * * * keep 30\n");
      assertThat(repo.tip("main")).contains(tip);
      ManifestSet same = Fleets.tree(dev);
      assertThat(Diff.of(repo).rendered(dev, same).call().summary().isEmpty()).isTrue();
    }
  }
}
