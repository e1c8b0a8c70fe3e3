package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.gitops.publish.LocalFluxRepository;
import io.clickplane.gitops.publish.Publish;
import io.clickplane.stacks.render.Fleet;
import io.clickplane.stacks.storage.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clickplane storage propose} against a real Prometheus server serving TSDB blocks built by
 * promtool, on a copy of the dev stack whose Flux repository history holds a recent resize.
 */
class StorageProposeTest {
  private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");
  private static final long GIB = 1L << 30;

  @TempDir Path project;
  private Path stack;
  private Path flux;
  private String original;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(project.resolve("stacks"));
    stack = project.resolve("stacks/Pulumi.dev.yaml");
    original =
        Files.readString(Repo.stackFile("dev"))
            .replace(
                "            size: 50Gi\n",
                "            size: 50Gi\n            maxSize: 50Gi   # scratch stays small\n");
    flux = project.resolve("flux.git");
    // The published history: clicks grew from 768Gi to 1Ti two hours before T.
    publish(original.replace("size: 1Ti", "size: 768Gi"), T.minus(Duration.ofHours(10)));
    publish(original, T.minus(Duration.ofHours(2)));
    Files.writeString(stack, original);
    StorageCommand.clock = Clock.fixed(T, ZoneOffset.UTC);
  }

  @AfterEach
  void tearDown() {
    StorageCommand.clock = Clock.systemUTC();
  }

  private void publish(String text, Instant at) throws Exception {
    PlatformSpec spec = StackConfig.parse("stack", text);
    try (LocalFluxRepository repo = LocalFluxRepository.openOrCreateBare(flux, "main")) {
      Publish.to(repo)
          .branch("main")
          .rendered(spec, Fleet.render(spec))
          .mode(Publish.Mode.DIRECT)
          .clock(Clock.fixed(at, ZoneOffset.UTC))
          .author("test", "test@localhost")
          .call();
    }
  }

  /** {@code {labels} value timestamp} lines of one volume, a sample a minute for 50 minutes. */
  private static List<String> series(String namespace, String claim, long bytes) {
    List<String> out = new ArrayList<>();
    for (int m = 50; m >= 1; m--) {
      // the last minutes hold the highest value
      long value = m <= 5 ? bytes : bytes - (m * GIB / 10);
      out.add(
          "{namespace=\""
              + namespace
              + "\",persistentvolumeclaim=\""
              + claim
              + "\"} "
              + value
              + " "
              + T.minus(Duration.ofMinutes(m)).getEpochSecond());
    }
    return out;
  }

  private static String fleetMetrics() {
    List<String> used = new ArrayList<>();
    List<String> capacity = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      String claim = "data-0-chi-events-main-0-" + r + "-0";
      used.addAll(series("acme", claim, (r == 2 ? 450 : 300) * GIB));
      capacity.addAll(series("acme", claim, 500 * GIB));
    }
    used.addAll(series("acme", "data-0-chi-scratch-main-0-0-0", 45 * GIB));
    capacity.addAll(series("acme", "data-0-chi-scratch-main-0-0-0", 50 * GIB));
    for (int s = 0; s < 2; s++) {
      for (int r = 0; r < 3; r++) {
        for (int d = 0; d < 2; d++) {
          String claim = "data-" + d + "-chi-clicks-main-" + s + "-" + r + "-0";
          used.addAll(series("globex", claim, (s == 1 && r == 0 && d == 1 ? 880 : 500) * GIB));
          capacity.addAll(series("globex", claim, 1024 * GIB));
        }
      }
    }
    // a log volume and a claim of another namespace: neither is a data disk of the fleet
    used.addAll(series("acme", "logs-chi-events-main-0-0-0", 10 * GIB));
    capacity.addAll(series("acme", "logs-chi-events-main-0-0-0", 10 * GIB));
    used.addAll(series("elsewhere", "data-0-chi-events-main-0-0-0", 99 * GIB));
    capacity.addAll(series("elsewhere", "data-0-chi-events-main-0-0-0", 100 * GIB));
    return PrometheusServer.openMetrics(used, capacity);
  }

  @Test
  void proposesFromMeasuredUsageWithinLimitsAndCooldown() throws Exception {
    try (PrometheusServer prometheus =
        PrometheusServer.serving(
            Files.createDirectories(project.resolve("prom")), fleetMetrics())) {
      CliRun run =
          CliRun.of(
              "storage",
              "propose",
              "--config",
              stack.toString(),
              "--repo",
              flux.toString(),
              "--prometheus",
              prometheus.url().toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .isEqualTo(
              String.join(
                  "\n",
                  "SERVICE                        VOLUMES    SIZE       USED   CAPACITY   USE%  PROPOSED  VERDICT",
                  "acme/events                        3/3   500Gi    450.0Gi    500.0Gi   90.0     650Gi  grow",
                  "acme/scratch                       1/1    50Gi     45.0Gi     50.0Gi   90.0         -  at limit",
                  "globex/clicks                    12/12     1Ti    880.0Gi   1024.0Gi   85.9         -  cooldown until 2026-12-01T16:00:00Z",
                  "initech/reports                    0/3   200Gi          -          -      -         -  no metrics",
                  "1 of 4 services to grow (threshold 80% used; fullest volume of each service)",
                  ""));
      assertThat(Files.readString(stack)).isEqualTo(original);

      CliRun low =
          CliRun.of(
              "storage",
              "propose",
              "--config",
              stack.toString(),
              "--repo",
              flux.toString(),
              "--prometheus",
              prometheus.url().toString(),
              "--threshold",
              "95");
      assertThat(low.out()).contains("0 of 4 services to grow").doesNotContain(" grow\n");

      CliRun published =
          CliRun.of(
              "storage",
              "propose",
              "--config",
              stack.toString(),
              "--repo",
              flux.toString(),
              "--prometheus",
              prometheus.url().toString(),
              "--publish");
      assertThat(published.exitCode()).as(published.err()).isZero();
      String edited = Files.readString(stack);
      assertThat(edited)
          .isEqualTo(
              original.replaceFirst("\n            size: 500Gi\n", "\n            size: 650Gi\n"));
      try (LocalFluxRepository repo = LocalFluxRepository.open(flux);
          RevWalk walk = new RevWalk(repo.objects())) {
        List<Ref> branches =
            repo.objects().getRefDatabase().getRefsByPrefix(Constants.R_HEADS + "clickplane/dev/");
        assertThat(branches).hasSize(1);
        String message = walk.parseCommit(branches.get(0).getObjectId()).getFullMessage();
        assertThat(message)
            .contains(
                "acme/events: 500Gi -> 650Gi (fullest volume 450.0Gi of 500.0Gi used, 90.0%; 3"
                    + " volumes)")
            .contains("Rule: grow by 25% or to 70% used")
            .contains("acme/events");
        assertThat(repo.tip("main")).isPresent();
      }
      assertThat(published.out()).contains("published ").contains(stack + ": updated");
    }
  }

  @Test
  void anUnreachablePrometheusIsARunTimeFailureWithoutATrace() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun run =
        CliRun.of(
            "storage",
            "propose",
            "--config",
            stack.toString(),
            "--repo",
            flux.toString(),
            "--prometheus",
            "http://127.0.0.1:" + port);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach Prometheus at http://127.0.0.1:" + port);
    assertThat(run.hasStackTrace()).isFalse();
    CliRun bad =
        CliRun.of(
            "storage", "propose", "--config", stack.toString(), "--prometheus", "localhost:9090");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--prometheus must be an http(s) URL");
    assertThat(Files.readString(stack)).isEqualTo(original);
  }
}
