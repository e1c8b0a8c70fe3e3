package io.clickplane.keycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Keycloak server for tests: the {@code keycloak-quarkus-dist} distribution the build
 * unpacks into {@code target/}, started with {@code kc.sh start-dev} on 127.0.0.1 and a free port,
 * with a fresh H2 database and a random administrator password. Keycloak 26 needs Java 21 or newer:
 * the server runs under {@code CLICKPLANE_KEYCLOAK_JAVA_HOME} or the newest such JDK under {@code
 * /usr/lib/jvm}; the build itself stays on Java 17.
 */
public final class KeycloakServer implements AutoCloseable {
  /** Upper bound on start-up (the first start of a distribution also builds it). */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  public static final String ADMIN = "admin";

  private final Process process;
  private final String url;
  private final String password;
  private final Path log;

  private KeycloakServer(Process process, String url, String password, Path log) {
    this.process = process;
    this.url = url;
    this.password = password;
    this.log = log;
  }

  /** Starts a server and waits until it answers, or fails with the end of its log. */
  public static KeycloakServer start() throws IOException, InterruptedException {
    Path home = Paths.get(System.getProperty("clickplane.keycloak.home", "target/keycloak"));
    Path script = home.resolve("bin/kc.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(
          script + " is missing: the build unpacks org.keycloak:keycloak-quarkus-dist there");
    }
    script.toFile().setExecutable(true);
    deleteTree(home.resolve("data"));
    Path javaHome = javaHome();
    int port = freePort();
    String password = UUID.randomUUID().toString();
    Path log = home.getParent().resolve("keycloak-server.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                script.toString(),
                "start-dev",
                "--http-port=" + port,
                "--http-host=127.0.0.1",
                "--http-management-port=" + freePort(),
                "--log-level=WARN")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
    builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
    builder.environment().remove("JAVA_OPTS");
    // Start-up dominates a test class: the client compiler alone starts the server sooner.
    builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
    Process process = builder.start();
    String url = "http://127.0.0.1:" + port;
    KeycloakServer server = new KeycloakServer(process, url, password, log);
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!server.answers()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        server.close();
        throw new IllegalStateException(
            "Keycloak did not start within "
                + START_TIMEOUT
                + " (exit "
                + (process.isAlive() ? "none" : process.exitValue())
                + "); end of "
                + log
                + ":\n"
                + tail(log));
      }
      Thread.sleep(500);
    }
    return server;
  }

  public String url() {
    return url;
  }

  public String adminPassword() {
    return password;
  }

  private boolean answers() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(url + "/realms/master").toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(2000);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /** A JDK that Keycloak 26 supports (21 or newer). */
  static Path javaHome() {
    String configured = System.getenv("CLICKPLANE_KEYCLOAK_JAVA_HOME");
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured);
    }
    Path current = Paths.get(System.getProperty("java.home"));
    if (feature(current).orElse(0) >= 21) {
      return current;
    }
    try (Stream<Path> jdks = Files.list(Paths.get("/usr/lib/jvm"))) {
      return jdks.filter(p -> Files.isExecutable(p.resolve("bin/java")))
          .filter(p -> feature(p).orElse(0) >= 21)
          .max(Comparator.comparing(p -> feature(p).orElse(0)))
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "Keycloak 26 needs a JDK 21 or newer: none under /usr/lib/jvm; set"
                          + " CLICKPLANE_KEYCLOAK_JAVA_HOME"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Integer> feature(Path jdk) {
    try {
      String release = Files.readString(jdk.resolve("release"));
      Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(release);
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
