package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.net.NetworkTimeouts;
import io.clickplane.core.testing.Repo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that accepts connections and never answers: every network call of the command line ends
 * (exit 1) with a message naming what it waited for, instead of waiting forever. The timeouts are
 * shortened for the test; the {@link Timeout} only stops a hang from blocking the build.
 */
class SilentServersTest {
  private static final String DEV = Repo.stackFile("dev").toString();
  private static final NetworkTimeouts SHORT =
      new NetworkTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(3));

  private ServerSocket server;
  private final List<Socket> accepted = new ArrayList<>();
  private Thread acceptor;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              try {
                while (!server.isClosed()) {
                  Socket s = server.accept();
                  synchronized (accepted) {
                    accepted.add(s);
                  }
                }
              } catch (IOException closed) {
                // the test is over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    Clickplane.timeouts = SHORT;
  }

  @AfterEach
  void close() throws IOException {
    Clickplane.timeouts = NetworkTimeouts.DEFAULT;
    server.close();
    synchronized (accepted) {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  private String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  @Test
  @Timeout(60)
  void identitySyncNamesTheServerThatDidNotAnswer(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("admin.properties"), "user=admin\npassword=x\n");
    CliRun run =
        CliRun.of(
            "identity",
            "sync",
            "--config",
            DEV,
            "--keycloak",
            url(),
            "--credentials-file",
            file.toString(),
            "--dry-run");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.FAILURE);
    assertThat(run.err()).contains(url()).contains("no answer within 1 s");
    assertThat(accepted).isNotEmpty();
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  @Timeout(60)
  void backupsVerifyNamesTheEndpointThatDidNotAnswer() {
    // The SDK's default chain reads these first: the call goes to the endpoint at once.
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    CliRun run;
    try {
      run = CliRun.of("backups", "verify", "--config", DEV, "--endpoint", url());
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.FAILURE);
    assertThat(run.err())
        .contains("no usable answer from S3 at " + url())
        .contains("did not complete");
    assertThat(accepted).isNotEmpty();
    assertThat(run.hasStackTrace()).isFalse();
  }
}
