package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.TableFigures;
import io.clickplane.backup.testing.LocalS3;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code clickplane backups list|verify} of the three-cell fixture against s3proxy on 127.0.0.1:
 * the report goes cell by cell; the buckets are the organisations' own, as without cells.
 */
class CellBackupsCommandTest {
  static final String AT = "2026-11-30T12:00:00Z";
  static LocalS3 s3;

  @BeforeAll
  static void start() throws Exception {
    PlatformSpec spec = StackConfig.load(CellsFixture.STACK);
    s3 =
        LocalS3.start(
            spec.organisations().stream()
                .map(o -> Naming.backupBucket(spec, o.name()))
                .toArray(String[]::new));
    System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
    try (S3Client client = s3.client()) {
      put(client, Naming.backupBucket(spec, "acme"), "acme", "events", "20261130T020000Z");
      put(client, Naming.backupBucket(spec, "hooli"), "hooli", "logs", "20261130T044500Z");
      put(client, Naming.backupBucket(spec, "initech"), "initech", "reports", "20261129T011500Z");
    }
  }

  static void put(S3Client client, String bucket, String org, String service, String id) {
    BackupManifest m =
        new BackupManifest(
                1,
                org,
                service,
                id,
                "full",
                null,
                "26.3.1.1",
                1,
                1,
                id,
                id,
                BackupManifest.SUCCEEDED,
                true,
                12,
                4096,
                null)
            .withTables(List.of(new TableFigures("shop", "orders", 10, "123")));
    String dir = service + "/" + id + "/";
    client.putObject(
        b -> b.bucket(bucket).key(dir + BackupManifest.FILE), RequestBody.fromString(m.toJson()));
    client.putObject(
        b -> b.bucket(bucket).key(dir + ".backup"), RequestBody.fromString("<config/>"));
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    s3.close();
  }

  static CliRun backups(String... args) {
    String[] all = new String[args.length + 7];
    all[0] = "backups";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = CellsFixture.STACK.toString();
    all[args.length + 3] = "--endpoint";
    all[args.length + 4] = s3.endpoint().toString();
    all[args.length + 5] = "--at";
    all[args.length + 6] = AT;
    return CliRun.of(all);
  }

  @Test
  void verifyReportsCellByCell() {
    CliRun run = backups("verify");
    // globex/clicks has no backup: the run fails, and says where
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.FAILURE);
    assertThat(run.out())
        .isEqualTo(
            "== cell a (acme, hooli) ==\n"
                + "ok      acme/events: newest good 20261130T020000Z (10h old)\n"
                + "FAILED  acme/scratch: stale: no good backup\n"
                + "ok      hooli/logs: newest good 20261130T044500Z (7h old)\n"
                + "\n"
                + "== cell b (globex) ==\n"
                + "FAILED  globex/clicks: stale: no good backup\n"
                + "\n"
                + "== cell c (initech) ==\n"
                + "ok      initech/reports: newest good 20261129T011500Z (34h old)\n");
  }

  @Test
  void oneOrganisationGetsOnlyItsCell() {
    CliRun run = backups("verify", "--org", "initech");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "== cell c (initech) ==\n"
                + "ok      initech/reports: newest good 20261129T011500Z (34h old)\n");
  }

  @Test
  void listShowsEachCellsServicesUnderItsHeading() {
    CliRun run = backups("list", "--service", "logs");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith(
            "== cell a (acme, hooli) ==\nhooli/logs (retention 7)\n"
                + "  last good: 20261130T044500Z (7h ago, ")
        .doesNotContain("== cell b")
        .doesNotContain("acme/");
    CliRun all = backups("list");
    assertThat(all.out())
        .containsSubsequence(
            "== cell a (acme, hooli) ==\n",
            "acme/events (retention 14)\n",
            "acme/scratch (retention 3)\n",
            "hooli/logs (retention 7)\n",
            "== cell b (globex) ==\n",
            "globex/clicks (retention 28)\n",
            "== cell c (initech) ==\n",
            "initech/reports (retention 8)\n");
  }

  @Test
  void jsonIsOneDocumentForTheEnvironment() throws Exception {
    CliRun run = backups("verify", "--output", "json");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.FAILURE);
    com.fasterxml.jackson.databind.JsonNode root =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(root.path("ok").asBoolean(true)).isFalse();
    assertThat(root.findValuesAsText("service"))
        .containsExactlyInAnyOrder("events", "scratch", "logs", "clicks", "reports");
    assertThat(run.out()).doesNotContain("== cell");
  }
}
