package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.spec.ServiceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered {@code zoo.cfg} of a 3-node service runs a real ZooKeeper 3.9 ensemble: three {@code
 * QuorumPeerMain} processes on loopback ports, whose configuration is the rendered file with only
 * the host names mapped to 127.0.0.1 ports and the directories mapped to a temporary folder. A
 * write through one node is read through another; with the leader stopped, the other two elect a
 * new leader and keep serving. Every wait is bounded; every process is stopped at the end.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ZooKeeperEnsembleTest {
  private static final Pattern SERVER = Pattern.compile("server\\.(\\d+)=([^:]+):(\\d+):(\\d+)");
  private static final Duration STARTUP = Duration.ofSeconds(150);

  @TempDir Path work;
  private final List<Process> nodes = new ArrayList<>();
  private final List<ZooKeeper> clients = new ArrayList<>();
  private final List<Integer> clientPorts = new ArrayList<>();

  @Test
  void theRenderedConfigurationRunsAnEnsembleThatSurvivesANodeLoss() throws Exception {
    ServiceSpec events =
        Stacks.load("dev").organisation("acme").orElseThrow().service("events").orElseThrow();
    String rendered = ZooKeeperEnsemble.zooCfg("acme", events);
    List<String> serverLines = rendered.lines().filter(l -> l.startsWith("server.")).toList();
    assertThat(serverLines)
        .containsExactly(
            "server.1=zk-events-0.zk-events-hs.acme.svc.cluster.local:2888:3888",
            "server.2=zk-events-1.zk-events-hs.acme.svc.cluster.local:2888:3888",
            "server.3=zk-events-2.zk-events-hs.acme.svc.cluster.local:2888:3888");

    int[][] ports = new int[3][4];
    for (int[] node : ports) {
      for (int j = 0; j < 4; j++) {
        node[j] = freePort();
      }
    }
    for (int id = 1; id <= 3; id++) {
      Path dir = Files.createDirectories(work.resolve("node" + id));
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(dir.resolve("data/myid"), Integer.toString(id));
      Path cfg = dir.resolve("zoo.cfg");
      Files.writeString(cfg, localConfig(rendered, dir.resolve("data"), ports, id));
      clientPorts.add(ports[id - 1][0]);
      nodes.add(start(cfg, dir));
      if (id == 1) {
        // Alone, a member of a 3-node ensemble has no quorum: its port is open, it is not ready.
        awaitPortOpen(ports[0][0], STARTUP);
        assertThat(ready(ports[0][0])).as("ready without quorum").isFalse();
      }
    }

    for (int port : clientPorts) {
      awaitServing(port, STARTUP);
    }
    for (int port : clientPorts) {
      assertThat(ready(port)).as("ready in quorum on " + port).isTrue();
    }
    String metrics = httpGet(ports[0][3], "/metrics");
    assertThat(metrics).contains("# TYPE").contains("quorum_size").contains("jvm_");
    ZooKeeper first = connect(clientPorts.get(0));
    ZooKeeper second = connect(clientPorts.get(1));
    first.create(
        "/clickplane",
        "written-through-node-1".getBytes(StandardCharsets.UTF_8),
        ZooDefs.Ids.OPEN_ACL_UNSAFE,
        CreateMode.PERSISTENT);
    sync(second, "/clickplane");
    assertThat(new String(second.getData("/clickplane", false, null), StandardCharsets.UTF_8))
        .isEqualTo("written-through-node-1");

    int leader = -1;
    for (int i = 0; i < 3; i++) {
      if (mode(clientPorts.get(i)).filter("leader"::equals).isPresent()) {
        leader = i;
      }
    }
    assertThat(leader).as("one node is the leader").isNotNegative();
    Process stopped = nodes.get(leader);
    stopped.destroy();
    assertThat(stopped.waitFor(30, TimeUnit.SECONDS)).isTrue();

    List<Integer> survivors = new ArrayList<>(clientPorts);
    survivors.remove(leader);
    for (int port : survivors) {
      awaitServing(port, STARTUP);
    }
    ZooKeeper a = connect(survivors.get(0));
    ZooKeeper b = connect(survivors.get(1));
    a.setData("/clickplane", "after-losing-a-node".getBytes(StandardCharsets.UTF_8), -1);
    sync(b, "/clickplane");
    assertThat(new String(b.getData("/clickplane", false, null), StandardCharsets.UTF_8))
        .isEqualTo("after-losing-a-node");
    assertThat(mode(survivors.get(0)).orElseThrow()).isIn("leader", "follower");
    assertThat(ready(survivors.get(0))).isTrue();
  }

  @Test
  void theReadinessCommandIsTheImagesStatusCheck() {
    // zkServer.sh status runs FourLetterWordMain <clientPortAddress or localhost> <clientPort> srvr
    // and succeeds when the reply has a Mode line: what ready() runs here.
    assertThat(ZooKeeperEnsemble.READINESS_COMMAND)
        .containsExactly("zkServer.sh", "--config", ZooKeeperEnsemble.CONFIG_DIR, "status");
    String rendered =
        ZooKeeperEnsemble.zooCfg(
            "acme",
            Stacks.load("dev").organisation("acme").orElseThrow().service("events").orElseThrow());
    assertThat(rendered)
        .contains("4lw.commands.whitelist=ruok,srvr,mntr")
        .doesNotContain("clientPortAddress")
        .contains("metricsProvider.httpPort=" + ClickHouseDefaults.ZOOKEEPER_METRICS_PORT);
  }

  /**
   * The readiness check as the image's {@code zkServer.sh status} makes it: the {@code srvr} four
   * letter word through ZooKeeper's own {@code FourLetterWordMain}, in a separate JVM, ready when
   * the reply names a Mode.
   */
  private static boolean ready(int port) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx32m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.zookeeper.client.FourLetterWordMain",
                "127.0.0.1",
                Integer.toString(port),
                "srvr")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.lines().anyMatch(l -> l.startsWith("Mode: "));
  }

  private static String httpGet(int port, String path) throws IOException {
    java.net.HttpURLConnection c =
        (java.net.HttpURLConnection)
            new java.net.URL("http://127.0.0.1:" + port + path).openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(5000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  private static void awaitPortOpen(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("nothing listens on 127.0.0.1:" + port + " within " + timeout);
  }

  @AfterEach
  void stopEverything() throws InterruptedException, IOException {
    for (ZooKeeper client : clients) {
      client.close(2000);
    }
    for (Process node : nodes) {
      node.destroy();
    }
    for (Process node : nodes) {
      if (!node.waitFor(20, TimeUnit.SECONDS)) {
        node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    // Keep the nodes' output for a failed run: target/zookeeper-ensemble/node<N>.log.
    Path logs = Files.createDirectories(Path.of("target/zookeeper-ensemble"));
    for (int id = 1; id <= nodes.size(); id++) {
      Path log = work.resolve("node" + id + "/out.log");
      if (Files.exists(log)) {
        Files.copy(
            log,
            logs.resolve("node" + id + ".log"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * The rendered file with its host names mapped to 127.0.0.1 ports and its data directory mapped
   * to {@code dataDir}; the client listens on loopback only, and so do the quorum ports.
   */
  static String localConfig(String rendered, Path dataDir, int[][] ports, int id) {
    StringBuilder out = new StringBuilder();
    for (String line : rendered.lines().toList()) {
      Matcher server = SERVER.matcher(line);
      if (server.matches()) {
        int n = Integer.parseInt(server.group(1));
        out.append("server.")
            .append(n)
            .append("=127.0.0.1:")
            .append(ports[n - 1][1])
            .append(':')
            .append(ports[n - 1][2]);
      } else if (line.startsWith("dataDir=")) {
        out.append("dataDir=").append(dataDir.toAbsolutePath());
      } else if (line.startsWith("clientPort=")) {
        out.append("clientPort=").append(ports[id - 1][0]).append("\nclientPortAddress=127.0.0.1");
      } else if (line.startsWith("metricsProvider.httpPort=")) {
        out.append("metricsProvider.httpPort=").append(ports[id - 1][3]);
      } else if (line.startsWith("metricsProvider.httpHost=")) {
        out.append("metricsProvider.httpHost=127.0.0.1");
      } else if (line.startsWith("quorumListenOnAllIPs=")) {
        out.append("quorumListenOnAllIPs=false");
      } else {
        out.append(line);
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static Process start(Path cfg, Path dir) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx96m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "org.apache.zookeeper.server.quorum.QuorumPeerMain",
            cfg.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("out.log").toFile());
    return pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The node's role from the {@code srvr} four-letter word, when it serves requests. */
  private static Optional<String> mode(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write("srvr".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      Matcher m = Pattern.compile("Mode: (\\w+)").matcher(reply);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void awaitServing(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> mode = mode(port);
      if (mode.isPresent() && !mode.get().equals("observer")) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("ZooKeeper on 127.0.0.1:" + port + " did not serve within " + timeout);
  }

  private ZooKeeper connect(int port) throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk =
        new ZooKeeper(
            "127.0.0.1:" + port,
            15000,
            event -> {
              if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
              }
            });
    clients.add(zk);
    assertThat(connected.await(20, TimeUnit.SECONDS)).as("connected to 127.0.0.1:" + port).isTrue();
    return zk;
  }

  private static void sync(ZooKeeper zk, String path) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    zk.sync(path, (rc, p, ctx) -> done.countDown(), null);
    assertThat(done.await(20, TimeUnit.SECONDS)).as("sync " + path).isTrue();
  }
}
