package io.clickplane.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.testing.Fleets;
import io.clickplane.gitops.testing.GitCli;
import io.clickplane.gitops.testing.GitDaemon;
import io.clickplane.gitops.testing.GitHttpServer;
import io.clickplane.gitops.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing to real git servers on 127.0.0.1 — {@code git daemon --enable=receive-pack} and JGit's
 * GitServlet in Jetty behind basic auth — checked with the git command line.
 */
class RemotePublishTest {
  @TempDir Path dir;

  private final PlatformSpec dev = Fleets.dev();

  private Path bareRepository(String name) throws Exception {
    Path served = dir.resolve("served");
    Files.createDirectories(served);
    GitCli.git(served, "init", "--quiet", "--bare", "--initial-branch=main", name);
    return served;
  }

  private PublishResult publish(
      String url, Path cache, CredentialsProvider credentials, PlatformSpec spec, Publish.Mode mode)
      throws Exception {
    try (RemoteFluxRepository repo = RemoteFluxRepository.open(url, cache, credentials)) {
      return Publish.to(repo)
          .rendered(spec, Fleets.tree(spec))
          .mode(mode)
          .clock(PublishTest.CLOCK)
          .maxAttempts(20)
          .call();
    }
  }

  @Test
  void gitDaemonPublishCloneNoOpAndOneServiceChange() throws Exception {
    Path served = bareRepository("flux.git");
    try (GitDaemon daemon = GitDaemon.start(served)) {
      String url = daemon.url("flux.git");
      Path cache = dir.resolve("cache.git");
      PublishResult first = publish(url, cache, null, dev, Publish.Mode.BRANCH);
      assertThat(first.status()).isEqualTo(PublishResult.Status.PUBLISHED);
      assertThat(GitCli.cloneFiles(url, "main", dir.resolve("clone1")))
          .isEqualTo(Trees.text(Fleets.tree(dev)));

      PublishResult again =
          publish(url, dir.resolve("other-cache.git"), null, dev, Publish.Mode.DIRECT);
      assertThat(again.status()).isEqualTo(PublishResult.Status.UP_TO_DATE);
      assertThat(GitCli.git(served.resolve("flux.git"), "rev-list", "--count", "main").trim())
          .isEqualTo("1");

      PlatformSpec changed = Fleets.withRetention(dev, "initech", "reports", 9);
      PublishResult change = publish(url, cache, null, changed, Publish.Mode.BRANCH);
      assertThat(
              GitCli.git(served.resolve("flux.git"), "diff", "--name-only", "main", change.branch())
                  .lines())
          .containsExactly(
              ".clickplane/dev/organisations/initech.yaml",
              "tenants/dev/initech/reports/configmap.yaml");
      assertThat(GitCli.cloneFiles(url, change.branch(), dir.resolve("clone2")))
          .isEqualTo(Trees.text(Fleets.tree(changed)));
      assertThat(GitCli.git(served.resolve("flux.git"), "rev-parse", "main").trim())
          .isEqualTo(first.commit().orElseThrow().name());
    }
  }

  @Test
  void twoPublishersRacingOnOneRemoteBothLandOnALinearHistory() throws Exception {
    Path served = bareRepository("flux.git");
    PlatformSpec prod = Fleets.prod();
    int rounds = 3;
    try (GitDaemon daemon = GitDaemon.start(served)) {
      String url = daemon.url("flux.git");
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<List<PublishResult>>> runs = new ArrayList<>();
        for (PlatformSpec base : List.of(dev, prod)) {
          String org = base.organisations().get(0).name();
          String service = base.organisations().get(0).services().get(0).name();
          runs.add(
              pool.submit(
                  () -> {
                    List<PublishResult> results = new ArrayList<>();
                    for (int round = 1; round <= rounds; round++) {
                      start.await(30, TimeUnit.SECONDS);
                      results.add(
                          publish(
                              url,
                              dir.resolve("cache-" + base.environment() + ".git"),
                              null,
                              Fleets.withRetention(base, org, service, 20 + round),
                              Publish.Mode.DIRECT));
                    }
                    return results;
                  }));
        }
        for (Future<List<PublishResult>> run : runs) {
          assertThat(run.get(120, TimeUnit.SECONDS))
              .hasSize(rounds)
              .allMatch(r -> r.status() == PublishResult.Status.PUBLISHED);
        }
      } finally {
        pool.shutdownNow();
      }
      Path repo = served.resolve("flux.git");
      assertThat(GitCli.git(repo, "rev-list", "--count", "main").trim())
          .isEqualTo(String.valueOf(2 * rounds));
      assertThat(GitCli.git(repo, "rev-list", "--merges", "main")).isEmpty();
      assertThat(
              GitCli.git(repo, "log", "--format=%s", "main")
                  .lines()
                  .filter(s -> s.startsWith("clickplane dev"))
                  .count())
          .isEqualTo(rounds);
      Map<String, String> expected =
          new TreeMap<>(
              Trees.text(Fleets.tree(Fleets.withRetention(dev, "acme", "events", 20 + rounds))));
      expected.putAll(
          Trees.text(Fleets.tree(Fleets.withRetention(prod, "acme", "events", 20 + rounds))));
      assertThat(GitCli.cloneFiles(url, "main", dir.resolve("clone"))).isEqualTo(expected);
    }
  }

  @Test
  void httpWithBasicAuthPublishesAndAWrongPasswordFailsClearlyPushingNothing() throws Exception {
    Path served = bareRepository("flux.git");
    try (GitHttpServer server = GitHttpServer.start(served, "flux", "s3cret")) {
      String url = server.url("flux.git");
      PublishResult first =
          publish(
              url,
              dir.resolve("cache.git"),
              new UsernamePasswordCredentialsProvider("flux", "s3cret"),
              dev,
              Publish.Mode.DIRECT);
      assertThat(first.status()).isEqualTo(PublishResult.Status.PUBLISHED);
      String withLogin = url.replace("http://", "http://flux:s3cret@");
      assertThat(GitCli.cloneFiles(withLogin, "main", dir.resolve("clone")))
          .isEqualTo(Trees.text(Fleets.tree(dev)));

      String refsBefore = GitCli.git(served.resolve("flux.git"), "for-each-ref");
      PlatformSpec changed = Fleets.withRetention(dev, "acme", "events", 30);
      assertThatThrownBy(
              () ->
                  publish(
                      url,
                      dir.resolve("cache2.git"),
                      new UsernamePasswordCredentialsProvider("flux", "wrong"),
                      changed,
                      Publish.Mode.DIRECT))
          .isInstanceOf(PublishException.class)
          .hasMessageStartingWith("the git server at " + url + " rejected the login");
      assertThatThrownBy(
              () -> publish(url, dir.resolve("cache3.git"), null, changed, Publish.Mode.BRANCH))
          .isInstanceOf(PublishException.class)
          .hasMessageContaining("rejected the login (no credentials were given;");
      assertThat(GitCli.git(served.resolve("flux.git"), "for-each-ref")).isEqualTo(refsBefore);
    }
  }
}
