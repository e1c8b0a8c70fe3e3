package io.clickplane.stacks.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian package {@code prometheus}) on 127.0.0.1 and a free port,
 * serving TSDB blocks that {@code promtool tsdb create-blocks-from openmetrics} built from the
 * given samples. It scrapes nothing. Missing binaries skip the test, or fail it under {@code
 * CI=true}.
 */
public final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final URI url;

  private PrometheusServer(Process process, URI url) {
    this.process = process;
    this.url = url;
  }

  /** The server's base URL. */
  public URI url() {
    return url;
  }

  /** Builds blocks from {@code openMetrics} (ending {@code # EOF}) under {@code dir} and starts. */
  public static PrometheusServer serving(Path dir, String openMetrics) throws Exception {
    Path promtool = binary("promtool");
    Path prometheus = binary("prometheus");
    Path input = dir.resolve("samples.om");
    Files.writeString(input, openMetrics, StandardCharsets.UTF_8);
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Process build =
        new ProcessBuilder(
                promtool.toString(),
                "tsdb",
                "create-blocks-from",
                "openmetrics",
                input.toString(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    String buildLog = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(300, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(build.exitValue()).as("promtool: " + buildLog).isZero();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process server =
        new ProcessBuilder(
                prometheus.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=3650d",
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    URI url = URI.create("http://127.0.0.1:" + port);
    PrometheusServer running = new PrometheusServer(server, url);
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 600; i++) {
      if (!server.isAlive()) {
        throw new AssertionError(
            "prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url.resolve("/-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return running;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    running.close();
    throw new AssertionError("prometheus did not become ready in 60 s");
  }

  private static Path binary(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(
          name + " is not on PATH; CI must install it (.ci/run installs Debian's prometheus)");
    }
    assumeTrue(false, name + " is not installed (apt-get install prometheus)");
    return null;
  }

  /** OpenMetrics text of gauge families: name → lines {@code {labels} value timestamp}. */
  public static String openMetrics(List<String> usedLines, List<String> capacityLines) {
    StringBuilder b = new StringBuilder();
    b.append("# TYPE kubelet_volume_stats_used_bytes gauge\n");
    usedLines.forEach(l -> b.append("kubelet_volume_stats_used_bytes").append(l).append('\n'));
    b.append("# TYPE kubelet_volume_stats_capacity_bytes gauge\n");
    capacityLines.forEach(
        l -> b.append("kubelet_volume_stats_capacity_bytes").append(l).append('\n'));
    return b.append("# EOF\n").toString();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
