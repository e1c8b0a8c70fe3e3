package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Repo;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clickplane identity sync}'s handling of input and of an unreachable server (the sync
 * itself is proven against a real Keycloak in the keycloak module).
 */
class IdentityCommandTest {
  private static final String DEV = Repo.stackFile("dev").toString();

  @Test
  void aPasswordIsNeverAFlagValue() {
    CliRun run =
        CliRun.of(
            "identity",
            "sync",
            "--config",
            DEV,
            "--keycloak",
            "http://127.0.0.1:1",
            "--password",
            "secret");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown options: '--password', 'secret'");
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  void anUnreadableCredentialsFileIsInvalidInput(@TempDir Path dir) {
    CliRun run =
        CliRun.of(
            "identity",
            "sync",
            "--config",
            DEV,
            "--keycloak",
            "http://127.0.0.1:1",
            "--credentials-file",
            dir.resolve("missing").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("missing: cannot read the credentials file");
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  void aCredentialsFileWithoutAPasswordIsInvalidInput(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("admin.properties"), "user=admin\n");
    CliRun run =
        CliRun.of(
            "identity",
            "sync",
            "--config",
            DEV,
            "--keycloak",
            "http://127.0.0.1:1",
            "--credentials-file",
            file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("needs both 'user=' and 'password=' lines");
  }

  @Test
  void theKeycloakUrlMustBeHttp(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("admin.properties"), "user=admin\npassword=x\n");
    CliRun run =
        CliRun.of(
            "identity",
            "sync",
            "--config",
            DEV,
            "--keycloak",
            "id.example.com",
            "--credentials-file",
            file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--keycloak 'id.example.com': an http(s) URL with a host is required");
  }

  @Test
  void anUnreachableKeycloakIsARunTimeFailure(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("admin.properties"), "user=admin\npassword=x\n");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliRun run =
        CliRun.of(
            "identity",
            "sync",
            "--config",
            DEV,
            "--keycloak",
            "http://127.0.0.1:" + port,
            "--credentials-file",
            file.toString(),
            "--dry-run");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("identity sync failed").contains("127.0.0.1:" + port);
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  void anInvalidStackFileIsReportedBeforeAnyConnection(@TempDir Path dir) throws Exception {
    Path stack =
        Files.writeString(
            dir.resolve("Pulumi.bad.yaml"), "config:\n  clickplane:environment: Bad_Env\n");
    CliRun run =
        CliRun.of(
            "identity", "sync", "--config", stack.toString(), "--keycloak", "http://127.0.0.1:1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Pulumi.bad.yaml:");
    assertThat(run.hasStackTrace()).isFalse();
  }
}
