package io.clickplane.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.testing.Fleets;
import io.clickplane.gitops.testing.GitCli;
import io.clickplane.gitops.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a publish refuses or repairs before writing: a missing spec snapshot (and {@code --adopt}),
 * a target branch checked out in a work tree, the local repository created by two publishers at
 * once, temporary packs a killed publish left behind.
 */
class SafePublishTest {
  @TempDir Path dir;

  private final PlatformSpec dev = Fleets.dev();

  private static PublishResult publish(
      FluxRepository repo, PlatformSpec spec, Publish.Mode mode, boolean adopt) throws Exception {
    return Publish.to(repo)
        .rendered(spec, Fleets.tree(spec))
        .mode(mode)
        .adopt(adopt)
        .clock(PublishTest.CLOCK)
        .call();
  }

  /** Publishes dev, then removes {@code .clickplane/dev/} on main with the git command line. */
  private Path publishedWithoutSnapshot() throws Exception {
    Path bare = dir.resolve("flux.git");
    try (LocalFluxRepository repo = LocalFluxRepository.openOrCreateBare(bare, "main")) {
      publish(repo, dev, Publish.Mode.DIRECT, false);
    }
    Path work = dir.resolve("work");
    GitCli.git(dir, "clone", "--quiet", bare.toString(), work.toString());
    GitCli.git(work, "rm", "-r", "--quiet", ".clickplane/dev");
    GitCli.git(
        work, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "rm");
    GitCli.git(work, "push", "--quiet", "origin", "main");
    return bare;
  }

  @Test
  void aPublishedEnvironmentWithoutItsSnapshotIsRefusedWritingNothing() throws Exception {
    Path bare = publishedWithoutSnapshot();
    String before = GitCli.git(bare, "for-each-ref");
    PlatformSpec changed = Fleets.withRetention(dev, "acme", "events", 30);
    for (Publish.Mode mode : Publish.Mode.values()) {
      try (LocalFluxRepository repo = LocalFluxRepository.open(bare)) {
        assertThatThrownBy(() -> publish(repo, changed, mode, false))
            .isInstanceOf(PublishRefusedException.class)
            .hasMessageContaining("has a published environment tenants/dev/ but no spec snapshot")
            .hasMessageContaining("main:.clickplane/dev/")
            .hasMessageContaining("publish with --adopt");
      }
    }
    // the same spec as published is refused too: without a snapshot nothing is checked silently
    try (LocalFluxRepository repo = LocalFluxRepository.open(bare)) {
      assertThatThrownBy(() -> publish(repo, dev, Publish.Mode.DIRECT, false))
          .isInstanceOf(PublishRefusedException.class);
    }
    assertThat(GitCli.git(bare, "for-each-ref")).isEqualTo(before);
  }

  @Test
  void adoptTakesOverOnlyWhatThisStackRendersAndMayAddServices() throws Exception {
    Path bare = publishedWithoutSnapshot();
    String before = GitCli.git(bare, "for-each-ref");
    PlatformSpec changed = Fleets.withRetention(dev, "acme", "events", 30);
    PlatformSpec removed = Fleets.withoutService(dev, "globex", "clicks");
    try (LocalFluxRepository repo = LocalFluxRepository.open(bare)) {
      assertThatThrownBy(() -> publish(repo, changed, Publish.Mode.DIRECT, true))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessageContaining("--adopt: the published tree on branch main has no spec snapshot")
          .hasMessageContaining(
              "tenants/dev/acme/events/configmap.yaml is published with other content than this"
                  + " stack file renders");
      assertThatThrownBy(() -> publish(repo, removed, Publish.Mode.DIRECT, true))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessageContaining(
              "tenants/dev/globex/clicks/ is published, and this stack file has no such"
                  + " organisation or service");
      assertThat(GitCli.git(bare, "for-each-ref")).isEqualTo(before);

      PlatformSpec added = withExtraService(dev, "acme", "extra");
      PublishResult adopted = publish(repo, added, Publish.Mode.DIRECT, true);
      assertThat(adopted.status()).isEqualTo(PublishResult.Status.PUBLISHED);
      assertThat(Trees.files(repo.objects(), "main")).isEqualTo(Trees.text(Fleets.tree(added)));
      // the snapshot is back: the guards run again, and --adopt is not needed any more
      assertThat(publish(repo, changed, Publish.Mode.DIRECT, false).status())
          .isEqualTo(PublishResult.Status.PUBLISHED);
    }
  }

  private static PlatformSpec withExtraService(PlatformSpec spec, String org, String name) {
    List<io.clickplane.core.spec.OrganisationSpec> orgs = new ArrayList<>();
    for (io.clickplane.core.spec.OrganisationSpec o : spec.organisations()) {
      List<io.clickplane.core.spec.ServiceSpec> services = new ArrayList<>(o.services());
      if (o.name().equals(org)) {
        services.add(Fleets.renamed(o.services().get(0), name));
      }
      orgs.add(o.withServices(services));
    }
    return spec.withOrganisations(orgs);
  }

  @Test
  void aBranchCheckedOutInAWorkTreeIsNotMoved() throws Exception {
    Path work = dir.resolve("checkout");
    Files.createDirectories(work);
    GitCli.git(work, "init", "--quiet", "--initial-branch=main");
    // unborn main: creating it would leave the work tree's empty index behind it
    try (LocalFluxRepository repo = LocalFluxRepository.open(work)) {
      assertThatThrownBy(() -> publish(repo, dev, Publish.Mode.BRANCH, false))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessageContaining("branch main is checked out in the work tree of " + work)
          .hasMessageContaining("receive.denyCurrentBranch");
      assertThat(repo.tip("main")).isEmpty();
    }
    Files.writeString(work.resolve("README.md"), "owner's file\n");
    GitCli.git(work, "add", "README.md");
    GitCli.git(
        work, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "own");
    String head = GitCli.git(work, "rev-parse", "main").trim();
    try (LocalFluxRepository repo = LocalFluxRepository.open(work)) {
      assertThatThrownBy(() -> publish(repo, dev, Publish.Mode.DIRECT, false))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessageContaining("branch main is checked out");
      // a change branch leaves the checked-out branch alone
      PublishResult branch = publish(repo, dev, Publish.Mode.BRANCH, false);
      assertThat(branch.branch()).startsWith("clickplane/dev/");
    }
    assertThat(GitCli.git(work, "rev-parse", "main").trim()).isEqualTo(head);
    assertThat(GitCli.git(work, "status", "--porcelain")).isEmpty();

    // a linked work tree of a bare repository counts as well
    Path bare = dir.resolve("linked.git");
    try (LocalFluxRepository repo = LocalFluxRepository.openOrCreateBare(bare, "main")) {
      publish(repo, dev, Publish.Mode.DIRECT, false);
    }
    GitCli.git(bare, "worktree", "add", "--quiet", dir.resolve("linked").toString(), "main");
    try (LocalFluxRepository repo = LocalFluxRepository.open(bare)) {
      assertThatThrownBy(
              () ->
                  publish(
                      repo,
                      Fleets.withRetention(dev, "acme", "events", 30),
                      Publish.Mode.DIRECT,
                      false))
          .isInstanceOf(PublishRefusedException.class)
          .hasMessageContaining("branch main is checked out");
    }
  }

  @Test
  void twoFirstPublishesToOneNewRepositoryBothSucceed() throws Exception {
    int publishers = 4;
    int rounds = 5;
    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    try {
      for (int round = 0; round < rounds; round++) {
        Path bare = dir.resolve("round-" + round).resolve("flux.git");
        CyclicBarrier start = new CyclicBarrier(publishers);
        List<Future<PublishResult>> runs = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
          runs.add(
              pool.submit(
                  () -> {
                    start.await(30, TimeUnit.SECONDS);
                    try (LocalFluxRepository repo =
                        LocalFluxRepository.openOrCreateBare(bare, "main")) {
                      return publish(repo, dev, Publish.Mode.BRANCH, false);
                    }
                  }));
        }
        List<PublishResult.Status> statuses = new ArrayList<>();
        for (Future<PublishResult> run : runs) {
          statuses.add(run.get(60, TimeUnit.SECONDS).status());
        }
        assertThat(statuses)
            .containsOnly(PublishResult.Status.PUBLISHED, PublishResult.Status.UP_TO_DATE)
            .containsOnlyOnce(PublishResult.Status.PUBLISHED);
        assertThat(GitCli.git(bare, "rev-list", "--count", "main").trim()).isEqualTo("1");
        try (java.util.stream.Stream<Path> left = Files.list(bare.getParent())) {
          assertThat(left.map(p -> p.getFileName().toString())).containsExactly("flux.git");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void staleTemporaryPacksOfAKilledPublishAreRemovedAndLiveOnesKept() throws Exception {
    Path bare = dir.resolve("flux.git");
    try (LocalFluxRepository repo = LocalFluxRepository.openOrCreateBare(bare, "main")) {
      publish(repo, dev, Publish.Mode.DIRECT, false);
    }
    Path objects = bare.resolve("objects");
    Path stalePack = Files.write(objects.resolve("insert_123.pack"), new byte[] {'P', 'A'});
    Path staleIdx = Files.write(objects.resolve("insert_123.idx"), new byte[] {1});
    Path live = Files.write(objects.resolve("insert_456.pack"), new byte[] {'P', 'A'});
    Path other = Files.write(objects.resolve("keep_me.pack"), new byte[] {1});
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    for (Path p : List.of(stalePack, staleIdx, other)) {
      Files.setLastModifiedTime(p, old);
    }
    ObjectId tip;
    try (LocalFluxRepository repo = LocalFluxRepository.open(bare)) {
      tip = repo.tip("main").orElseThrow();
      assertThat(
              publish(
                      repo,
                      Fleets.withRetention(dev, "acme", "events", 30),
                      Publish.Mode.DIRECT,
                      false)
                  .status())
          .isEqualTo(PublishResult.Status.PUBLISHED);
    }
    assertThat(stalePack).doesNotExist();
    assertThat(staleIdx).doesNotExist();
    assertThat(live).exists();
    assertThat(other).exists();
    assertThat(GitCli.git(bare, "fsck", "--no-progress")).isEmpty();
    assertThat(GitCli.git(bare, "rev-parse", "main~1").trim()).isEqualTo(tip.name());
    Map<String, String> files = Trees.files(LocalFluxRepository.open(bare).objects(), "main");
    assertThat(files).containsKey("tenants/dev/acme/events/configmap.yaml");
  }
}
