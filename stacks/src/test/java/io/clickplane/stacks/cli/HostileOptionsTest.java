package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Repo;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command-line options as a hostile or careless user gives them: wrong ones exit 2 with a message,
 * and a credential in a URL is refused and never printed.
 */
class HostileOptionsTest {
  private static final String DEV = Repo.stackFile("dev").toString();

  @Test
  void aKeycloakUrlWithAPasswordIsRefusedWithoutPrintingIt() {
    CliRun run =
        CliRun.of(
            "identity",
            "sync",
            "--config",
            DEV,
            "--keycloak",
            "https://admin:S3cretPass@id.example.com");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err()).contains("must not hold a credential").doesNotContain("S3cretPass");
    assertThat(run.out()).doesNotContain("S3cretPass");
  }

  @Test
  void aTokenInAUrlQueryIsRefusedWithoutPrintingIt() {
    CliRun run =
        CliRun.of(
            "identity",
            "sync",
            "--config",
            DEV,
            "--keycloak",
            "https://id.example.com/?access_token=tok3nValue");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err()).contains("access_token=***").doesNotContain("tok3nValue");
  }

  @Test
  void aTokenInTheRepositoryUrlsQueryIsRefusedAndNeverRepeated() {
    CliRun run =
        CliRun.of(
            "validate",
            "--config",
            Repo.root()
                .resolve("stacks/src/test/resources/invalid/gitops-repository-query-token.yaml")
                .toString());
    assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err()).contains("private_token=***").doesNotContain("glpat-NotARealToken");
  }

  @Test
  void diffSaysWhatPublishWouldRefuse(@TempDir Path project) throws Exception {
    Files.createDirectories(project.resolve("stacks"));
    Path stack = project.resolve("stacks/Pulumi.dev.yaml");
    Files.copy(Repo.stackFile("dev"), stack);
    assertThat(CliRun.of("publish", "--config", stack.toString(), "--direct").exitCode()).isZero();
    String text = Files.readString(stack);
    assertThat(text).contains("size: 50Gi");
    Files.writeString(stack, text.replace("size: 50Gi", "size: 40Gi"));

    CliRun diff = CliRun.of("diff", "--config", stack.toString());
    CliRun publish = CliRun.of("publish", "--config", stack.toString(), "--direct");

    assertThat(publish.exitCode()).as(publish.err()).isEqualTo(Clickplane.INVALID);
    assertThat(diff.exitCode()).as(diff.err()).isEqualTo(Clickplane.INVALID);
    assertThat(diff.err())
        .contains(stack + ": ")
        .contains("shrinks")
        .contains("publish would refuse this change");
    assertThat(diff.out()).contains("acme");
  }

  @Test
  void aMalformedCredentialsFileIsInvalidInput(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("admin.properties"), "user=admin\npassword=\\u12");
    CliRun run =
        CliRun.of(
            "identity",
            "sync",
            "--config",
            DEV,
            "--keycloak",
            "http://127.0.0.1:9",
            "--credentials-file",
            file.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err()).contains(file.toString()).contains("not a properties file");
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  void aBackupsEndpointThatIsNoUrlIsInvalidInput() {
    CliRun run = CliRun.of("backups", "verify", "--config", DEV, "--endpoint", "notaurl");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err()).contains("--endpoint 'notaurl': an http(s) URL with a host is required");
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  void costAndInvoiceRefuseAnS3EndpointThatIsNoUrl() {
    CliRun run =
        CliRun.of("cost", "--config", DEV, "--backups", "measure", "--s3-endpoint", "ftp:/nowhere");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err()).contains("--s3-endpoint");
  }

  @Test
  void invoiceRefusesAnOrganisationNoStateEverHad(@TempDir Path project) throws Exception {
    Files.createDirectories(project.resolve("stacks"));
    Path stack = project.resolve("stacks/Pulumi.dev.yaml");
    Files.copy(Repo.stackFile("dev"), stack);
    assertThat(CliRun.of("publish", "--config", stack.toString()).exitCode()).isZero();
    java.time.Clock before = InvoiceCommand.clock;
    InvoiceCommand.clock =
        java.time.Clock.fixed(
            java.time.YearMonth.now(java.time.ZoneOffset.UTC)
                .plusMonths(2)
                .atDay(1)
                .atStartOfDay()
                .toInstant(java.time.ZoneOffset.UTC),
            java.time.ZoneOffset.UTC);
    try {
      String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).plusMonths(1).toString();
      String[] invoice = {
        "invoice", "--config", stack.toString(), "--month", month, "--backups", "estimate"
      };
      CliRun all = CliRun.of(invoice);
      assertThat(all.exitCode()).as(all.err()).isZero();
      assertThat(all.out()).contains("acme");

      String[] typo = java.util.Arrays.copyOf(invoice, invoice.length + 2);
      typo[invoice.length] = "--org";
      typo[invoice.length + 1] = "acme-typo";
      CliRun run = CliRun.of(typo);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.INVALID);
      assertThat(run.err())
          .contains("--org acme-typo: no such organisation")
          .contains("acme, globex, initech");
      assertThat(run.out()).isEmpty();
    } finally {
      InvoiceCommand.clock = before;
    }
  }

  @Test
  void invoiceAgainstAnUnreachableRepositoryIsAFailureThatNamesIt() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String repo = "http://127.0.0.1:" + port + "/flux.git";
    CliRun run =
        CliRun.of(
            "invoice",
            "--config",
            DEV,
            "--month",
            "2026-01",
            "--backups",
            "estimate",
            "--repo",
            repo);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.FAILURE);
    assertThat(run.err())
        .contains("cannot reach the git server at " + repo)
        .doesNotContain("nothing was published");
    assertThat(run.hasStackTrace()).isFalse();
  }
}
