package io.clickplane.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ZooKeeper server with the Prometheus metrics provider (as the ensembles run it) serves
 * every ZooKeeper metric name the alerts and dashboards query.
 */
class ZooKeeperMetricNamesTest {
  /** Exposes the server's shutdown, which ZooKeeperServerMain keeps protected. */
  private static final class Server extends ZooKeeperServerMain {
    void stop() {
      shutdown();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void theProviderServesEveryListedZooKeeperMetric(@TempDir Path dir) throws Exception {
    int clientPort = freePort();
    int metricsPort = freePort();
    Path cfg = dir.resolve("zoo.cfg");
    Files.writeString(
        cfg,
        String.join(
            "\n",
            "tickTime=2000",
            "dataDir=" + dir.resolve("data"),
            "clientPort=" + clientPort,
            "clientPortAddress=127.0.0.1",
            "admin.enableServer=false",
            "metricsProvider.className="
                + "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider",
            "metricsProvider.httpHost=127.0.0.1",
            "metricsProvider.httpPort=" + metricsPort,
            ""));
    ServerConfig config = new ServerConfig();
    config.parse(cfg.toString());
    Server server = new Server();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                server.runFromConfig(config);
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "zookeeper");
    thread.setDaemon(true);
    thread.start();
    try {
      Set<String> served;
      try {
        served = scrape(metricsPort, failure);
      } catch (AssertionError e) {
        if (failure.get() != null) {
          e.addSuppressed(failure.get());
        }
        throw e;
      }
      Set<String> expected = new TreeSet<>();
      for (Map.Entry<String, String> e : DashboardsTest.knownMetrics().entrySet()) {
        if (e.getValue().startsWith("zookeeper:")) {
          expected.add(e.getKey());
        }
      }
      assertThat(expected).isNotEmpty();
      assertThat(served).containsAll(expected);
    } finally {
      server.stop();
      thread.join(TimeUnit.SECONDS.toMillis(20));
    }
  }

  /** Metric names served at /metrics, polled until the server answers (30 s at most). */
  private static Set<String> scrape(int port, AtomicReference<Throwable> failure) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Exception last = null;
    while (System.nanoTime() < deadline && failure.get() == null) {
      try {
        HttpURLConnection c =
            (HttpURLConnection)
                URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        if (c.getResponseCode() == 200) {
          Set<String> names = new TreeSet<>();
          try (BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
              if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
              }
            }
          }
          // gauges appear once the server is up
          if (names.contains("znode_count")) {
            return names;
          }
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("ZooKeeper's metrics endpoint did not come up", last);
  }
}
