package io.clickplane.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.testing.Fleets;
import io.clickplane.gitops.testing.GitCli;
import io.clickplane.gitops.testing.GitDaemon;
import io.clickplane.gitops.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishers of different stack files racing with {@code --direct} on one {@code git daemon}: a
 * retry lands only when it neither reverts nor overwrites what another publisher changed after it
 * read the branch. Every publisher has read the branch before any pushes (each waits at a barrier
 * before its first push), so the race is the same on every run.
 */
class ConcurrentPublishTest {
  @TempDir static Path dir;
  private static GitDaemon daemon;
  private static int repositories;

  private final PlatformSpec dev = Fleets.dev();

  @BeforeAll
  static void startDaemon() throws Exception {
    Files.createDirectories(dir.resolve("served"));
    daemon = GitDaemon.start(dir.resolve("served"));
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    daemon.close();
  }

  /** A new bare repository on the daemon, with {@code spec} published on main; its URL. */
  private static String served(PlatformSpec spec) throws Exception {
    String name = "flux-" + (++repositories) + ".git";
    GitCli.git(dir.resolve("served"), "init", "--quiet", "--bare", "--initial-branch=main", name);
    String url = daemon.url(name);
    try (RemoteFluxRepository repo =
        RemoteFluxRepository.open(url, dir.resolve("seed-" + name), null)) {
      Publish.to(repo).rendered(spec, Fleets.tree(spec)).mode(Publish.Mode.DIRECT).call();
    }
    return url;
  }

  /** A remote repository whose first push waits until {@code before} is released. */
  private static final class Held implements FluxRepository {
    private final RemoteFluxRepository remote;
    private final Runnable before;
    private boolean held;

    Held(RemoteFluxRepository remote, Runnable before) {
      this.remote = remote;
      this.before = before;
    }

    @Override
    public Repository objects() {
      return remote.objects();
    }

    @Override
    public Optional<ObjectId> tip(String branch) throws java.io.IOException {
      return remote.tip(branch);
    }

    @Override
    public RefMove update(String branch, ObjectId expected, ObjectId commit)
        throws java.io.IOException {
      if (!held) {
        held = true;
        before.run();
      }
      return remote.update(branch, expected, commit);
    }

    @Override
    public String describe() {
      return remote.describe();
    }

    @Override
    public void close() {
      remote.close();
    }
  }

  /** A publish's outcome: its result, or the refusal's message. */
  private record Outcome(PublishResult result, String refusal) {}

  private static Outcome publish(String url, Path cache, PlatformSpec spec, Runnable before)
      throws Exception {
    try (Held repo = new Held(RemoteFluxRepository.open(url, cache, null), before)) {
      return new Outcome(
          Publish.to(repo)
              .rendered(spec, Fleets.tree(spec))
              .mode(Publish.Mode.DIRECT)
              .clock(PublishTest.CLOCK)
              .maxAttempts(10)
              .call(),
          null);
    } catch (PublishRefusedException e) {
      return new Outcome(null, e.getMessage());
    }
  }

  private static List<Outcome> race(String url, List<PlatformSpec> specs) throws Exception {
    CyclicBarrier everyoneRead = new CyclicBarrier(specs.size());
    ExecutorService pool = Executors.newFixedThreadPool(specs.size());
    try {
      List<Future<Outcome>> runs = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        PlatformSpec spec = specs.get(i);
        Path cache = dir.resolve("cache-" + repositories + "-" + i + ".git");
        runs.add(
            pool.submit(
                () ->
                    publish(
                        url,
                        cache,
                        spec,
                        () -> {
                          try {
                            everyoneRead.await(60, TimeUnit.SECONDS);
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                        })));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> run : runs) {
        try {
          out.add(run.get(120, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          throw new AssertionError(e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fourPublishersOfFourDifferentChangesOneLandsTheOthersAreRefusedNamingIt() throws Exception {
    String url = served(dev);
    Path bare = dir.resolve("served").resolve("flux-" + repositories + ".git");
    String before = GitCli.git(bare, "rev-parse", "main").trim();
    List<PlatformSpec> specs =
        List.of(
            Fleets.withRetention(dev, "acme", "events", 30),
            Fleets.withRetention(dev, "initech", "reports", 31),
            Fleets.withRetention(dev, "globex", "clicks", 32),
            Fleets.withRetention(dev, "acme", "events", 33));
    List<Outcome> outcomes = race(url, specs);

    List<Integer> landed = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i).result() != null) {
        landed.add(i);
      }
    }
    assertThat(landed).hasSize(1);
    int winner = landed.get(0);
    assertThat(outcomes.get(winner).result().status()).isEqualTo(PublishResult.Status.PUBLISHED);
    String commit = outcomes.get(winner).result().commit().orElseThrow().name();
    String[] unit = {
      "organisation acme, service events",
      "organisation initech, service reports",
      "organisation globex, service clicks",
      "organisation acme, service events"
    };
    for (int i = 0; i < outcomes.size(); i++) {
      if (i == winner) {
        continue;
      }
      boolean sameService = unit[i].equals(unit[winner]);
      assertThat(outcomes.get(i).refusal())
          .as("publisher %d against winner %d", i, winner)
          .contains(
              unit[winner]
                  + ": changed on branch main by commit "
                  + commit.substring(0, 12)
                  + " (\"clickplane dev:")
          .contains("after this publish read the branch at " + before.substring(0, 12))
          .contains(
              sameService
                  ? "this stack file changes it too, differently (a conflict)"
                  : "this stack file still has it as it was before, so publishing would revert"
                      + " that change");
    }
    // nothing but the winner's commit was pushed, and the branch holds exactly its tree
    assertThat(GitCli.git(bare, "rev-list", "--count", before + "..main").trim()).isEqualTo("1");
    assertThat(GitCli.cloneFiles(url, "main", dir.resolve("clone-" + repositories)))
        .isEqualTo(Trees.text(Fleets.tree(specs.get(winner))));
  }

  @Test
  void theSecondOfTwoPublishersBuildingTheIdenticalCommitIsUpToDateNotPublished() throws Exception {
    // Same change, same tip, same clock: both build the same commit id. The second has read the
    // branch and waits at its push while the first publishes; its push then finds the branch
    // already at that very commit, which the git server reports as up to date.
    String url = served(dev);
    Path bare = dir.resolve("served").resolve("flux-" + repositories + ".git");
    String before = GitCli.git(bare, "rev-parse", "main").trim();
    PlatformSpec change = Fleets.withRetention(dev, "acme", "events", 30);
    CountDownLatch secondRead = new CountDownLatch(1);
    CountDownLatch firstDone = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Outcome> second =
          pool.submit(
              () ->
                  publish(
                      url,
                      dir.resolve("cache-" + repositories + "-second.git"),
                      change,
                      () -> {
                        secondRead.countDown();
                        try {
                          assertThat(firstDone.await(60, TimeUnit.SECONDS)).isTrue();
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                      }));
      assertThat(secondRead.await(60, TimeUnit.SECONDS)).isTrue();
      Outcome first =
          publish(url, dir.resolve("cache-" + repositories + "-first.git"), change, () -> {});
      firstDone.countDown();
      Outcome other = second.get(120, TimeUnit.SECONDS);
      assertThat(first.result().status()).isEqualTo(PublishResult.Status.PUBLISHED);
      assertThat(other.refusal()).isNull();
      assertThat(other.result().status())
          .as("the branch already held the commit it built: it published nothing")
          .isEqualTo(PublishResult.Status.UP_TO_DATE);
      assertThat(other.result().holding()).isEqualTo(first.result().commit());
    } finally {
      pool.shutdownNow();
    }
    assertThat(GitCli.git(bare, "rev-list", "--count", before + "..main").trim()).isEqualTo("1");
  }

  @Test
  void theSameChangeIsUpToDateAndChangesElsewhereRebaseAndLand() throws Exception {
    PlatformSpec prod = Fleets.prod();
    String url = served(dev);
    try (RemoteFluxRepository seed =
        RemoteFluxRepository.open(url, dir.resolve("seed-prod-" + repositories), null)) {
      Publish.to(seed).rendered(prod, Fleets.tree(prod)).mode(Publish.Mode.DIRECT).call();
    }
    Path bare = dir.resolve("served").resolve("flux-" + repositories + ".git");
    String before = GitCli.git(bare, "rev-parse", "main").trim();
    PlatformSpec devChange = Fleets.withRetention(dev, "acme", "events", 30);
    PlatformSpec prodChange = Fleets.withRetention(prod, "acme", "events", 40);
    // two publishers of the same dev change, one of a prod change, all reading the same tip
    List<Outcome> outcomes = race(url, List.of(devChange, devChange, prodChange));
    assertThat(outcomes).allMatch(o -> o.refusal() == null);
    List<PublishResult.Status> dev = new ArrayList<>();
    dev.add(outcomes.get(0).result().status());
    dev.add(outcomes.get(1).result().status());
    assertThat(dev)
        .containsExactlyInAnyOrder(PublishResult.Status.PUBLISHED, PublishResult.Status.UP_TO_DATE);
    assertThat(outcomes.get(2).result().status()).isEqualTo(PublishResult.Status.PUBLISHED);
    assertThat(GitCli.git(bare, "rev-list", "--count", before + "..main").trim()).isEqualTo("2");
    assertThat(GitCli.git(bare, "rev-list", "--merges", "main")).isEmpty();
    Map<String, String> expected = new TreeMap<>(Trees.text(Fleets.tree(devChange)));
    expected.putAll(Trees.text(Fleets.tree(prodChange)));
    assertThat(GitCli.cloneFiles(url, "main", dir.resolve("clone-" + repositories)))
        .isEqualTo(expected);
  }

  @Test
  void aStackFileThatHasTheOtherChangeToLandsOnTopOfIt() throws Exception {
    String url = served(dev);
    Path bare = dir.resolve("served").resolve("flux-" + repositories + ".git");
    PlatformSpec first = Fleets.withRetention(dev, "acme", "events", 30);
    PlatformSpec both = Fleets.withRetention(first, "globex", "clicks", 41);
    CountDownLatch firstLanded = new CountDownLatch(1);
    CyclicBarrier read = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Outcome> a =
          pool.submit(
              () -> {
                try {
                  return publish(url, dir.resolve("a-" + repositories), first, () -> await(read));
                } finally {
                  firstLanded.countDown();
                }
              });
      Future<Outcome> b =
          pool.submit(
              () ->
                  publish(
                      url,
                      dir.resolve("b-" + repositories),
                      both,
                      () -> {
                        await(read);
                        try {
                          firstLanded.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                      }));
      assertThat(a.get(120, TimeUnit.SECONDS).result().status())
          .isEqualTo(PublishResult.Status.PUBLISHED);
      Outcome second = b.get(120, TimeUnit.SECONDS);
      assertThat(second.refusal()).isNull();
      assertThat(second.result().attempts()).isEqualTo(2);
      assertThat(second.result().summary().changes())
          .extracting(FileChange::path)
          .containsExactly(
              ".clickplane/dev/organisations/globex.yaml",
              "tenants/dev/globex/clicks/configmap.yaml");
    } finally {
      pool.shutdownNow();
    }
    assertThat(GitCli.cloneFiles(url, "main", dir.resolve("clone-" + repositories)))
        .isEqualTo(Trees.text(Fleets.tree(both)));
    assertThat(GitCli.git(bare, "rev-list", "--count", "main").trim()).isEqualTo("3");
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
