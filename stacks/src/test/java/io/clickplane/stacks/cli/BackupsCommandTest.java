package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.backup.drill.DrillRecord;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.TableFigures;
import io.clickplane.backup.testing.LocalS3;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code clickplane backups} against s3proxy on 127.0.0.1, with fixtures for a fresh service
 * (acme/events, daily), a broken chain (acme/scratch) and no backups at all (globex/clicks).
 * Credentials reach the SDK through its default chain (system properties here).
 */
class BackupsCommandTest {
  static final String AT = "2026-11-30T12:00:00Z";
  static final String REPORTS = "20261129T011500Z";
  static LocalS3 s3;
  static String config;
  static String acme;

  @BeforeAll
  static void start() throws Exception {
    config = Repo.stackFile("dev").toString();
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    acme = Naming.backupBucket(spec, "acme");
    s3 =
        LocalS3.start(
            acme, Naming.backupBucket(spec, "globex"), Naming.backupBucket(spec, "initech"));
    System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
    try (S3Client client = s3.client()) {
      put(client, "events", "20261128T020000Z", "full", null, true);
      put(client, "events", "20261129T020000Z", "incremental", "20261128T020000Z", true);
      put(client, "events", "20261130T020000Z", "incremental", "20261128T020000Z", true);
      // scratch: the base of its newest backup is gone.
      put(client, "scratch", "20261130T033000Z", "incremental", "20261127T033000Z", true);
    }
    // initech/reports (weekly): a backup with figures, and a drill of it that found a mismatch.
    String initech = Naming.backupBucket(spec, "initech");
    String dir = "reports/" + REPORTS + "/";
    BackupManifest m =
        new BackupManifest(
                1,
                "initech",
                "reports",
                REPORTS,
                "full",
                null,
                "25.8.1.1",
                1,
                2,
                REPORTS,
                REPORTS,
                BackupManifest.SUCCEEDED,
                true,
                12,
                4096,
                null)
            .withTables(
                List.of(
                    new TableFigures("shop", "orders", 10, "123"),
                    new TableFigures("shop", "items", 0, "0")));
    DrillRecord drill =
        new DrillRecord(
            1,
            "initech",
            "reports",
            REPORTS,
            "20261129T101500Z",
            "2026-11-29T10:15:00Z",
            "2026-11-29T10:16:40Z",
            95,
            DrillRecord.FAILED,
            2,
            List.of(
                new DrillRecord.Mismatch("shop", "orders", "rows: 10 in the manifest, 9 restored")),
            null);
    try (S3Client client = s3.client()) {
      client.putObject(
          b -> b.bucket(initech).key(dir + BackupManifest.FILE),
          RequestBody.fromString(m.toJson()));
      client.putObject(
          b -> b.bucket(initech).key(dir + ".backup"), RequestBody.fromString("<config/>"));
      client.putObject(
          b -> b.bucket(initech).key(dir + DrillRecord.FILE),
          RequestBody.fromString(new ObjectMapper().writeValueAsString(drill)));
    }
  }

  static void put(S3Client client, String service, String id, String kind, String base, boolean ok)
      throws Exception {
    BackupManifest m =
        new BackupManifest(
            1,
            "acme",
            service,
            id,
            kind,
            base,
            "24.8.14.39",
            1,
            3,
            id,
            id,
            ok ? BackupManifest.SUCCEEDED : BackupManifest.FAILED,
            ok,
            12,
            4096,
            null);
    String dir = service + "/" + id + "/";
    client.putObject(
        b -> b.bucket(acme).key(dir + BackupManifest.FILE), RequestBody.fromString(m.toJson()));
    client.putObject(b -> b.bucket(acme).key(dir + ".backup"), RequestBody.fromString("<config/>"));
    client.putObject(
        b -> b.bucket(acme).key(dir + "data/shop/orders/all_1_1_0/data.bin"),
        RequestBody.fromBytes(new byte[2048]));
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    s3.close();
  }

  static CliRun backups(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "backups";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = config;
    all[args.length + 3] = "--endpoint";
    all[args.length + 4] = s3.endpoint().toString();
    return CliRun.of(all);
  }

  @Test
  void verifyFailsAServiceWhoseNewestBackupWasTakenOnClusterWithoutFigures() {
    // acme/events (1 shard x 3 replicas): its fixture's manifests were written before the
    // layout and the figures were recorded, when every such backup was taken ON CLUSTER.
    CliRun run = backups("verify", "--org", "acme", "--service", "events", "--at", AT);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.FAILURE);
    assertThat(run.out())
        .isEqualTo(
            "FAILED  acme/events: drill: cannot run: newest good backup 20261130T020000Z carries"
                + " no table figures (it was taken ON CLUSTER, which keeps its files per shard and"
                + " replica where the drill cannot read them; the next backup, taken shard by"
                + " shard, can be drilled); no drill can check it\n");
  }

  @Test
  void verifyPassesAFreshOneHostServiceWhoseRootLayoutBackupPassedItsDrill() throws Exception {
    // acme/scratch is mode single: backed up without ON CLUSTER, so its backup carries figures
    // and a drill can check it. A store of its own: the shared fixture's scratch is broken.
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    String id = "20261130T033000Z";
    String dir = "scratch/" + id + "/";
    BackupManifest m =
        new BackupManifest(
                1,
                "acme",
                "scratch",
                id,
                "full",
                null,
                "26.3.1.896",
                1,
                1,
                "2026-11-30T03:30:00Z",
                "2026-11-30T03:31:00Z",
                BackupManifest.SUCCEEDED,
                true,
                12,
                4096,
                null)
            .withTables(List.of(new TableFigures("shop", "orders", 10, "123")))
            .withLayout("root");
    DrillRecord drill =
        new DrillRecord(
            1,
            "acme",
            "scratch",
            id,
            "20261130T100000Z",
            "2026-11-30T10:00:00Z",
            "2026-11-30T10:00:09Z",
            4,
            DrillRecord.PASSED,
            1,
            List.of(),
            null);
    try (LocalS3 own = LocalS3.start(acme);
        S3Client client = own.client()) {
      client.putObject(
          b -> b.bucket(acme).key(dir + BackupManifest.FILE), RequestBody.fromString(m.toJson()));
      client.putObject(
          b -> b.bucket(acme).key(dir + ".backup"), RequestBody.fromString("<config/>"));
      client.putObject(
          b -> b.bucket(acme).key(dir + DrillRecord.FILE),
          RequestBody.fromString(new ObjectMapper().writeValueAsString(drill)));
      String endpoint = own.endpoint().toString();
      CliRun verify =
          CliRun.of(
              "backups",
              "verify",
              "--config",
              config,
              "--endpoint",
              endpoint,
              "--org",
              "acme",
              "--service",
              "scratch",
              "--at",
              AT);
      assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
      assertThat(verify.out()).startsWith("ok      acme/scratch").doesNotContain("FAILED");
      CliRun list =
          CliRun.of(
              "backups",
              "list",
              "--config",
              config,
              "--endpoint",
              endpoint,
              "--org",
              "acme",
              "--service",
              "scratch",
              "--at",
              AT);
      assertThat(list.out())
          .contains("  last drill: 2026-11-30T10:00:00Z (2h ago) passed, backup " + id);
    }
    assertThat(spec.organisation("acme").orElseThrow().service("scratch").orElseThrow().replicas())
        .isEqualTo(1);
  }

  @Test
  void verifyFailsWhenTheNewestGoodBackupIsOlderThanTheScheduleAllows() {
    // Daily at 02:00: 24 h + 1 h to start + 6 h to run.
    CliRun fresh = backups("verify", "--service", "events", "--at", "2026-12-01T09:00:00Z");
    assertThat(fresh.out()).doesNotContain("stale");
    CliRun stale = backups("verify", "--service", "events", "--at", "2026-12-01T09:00:01Z");
    assertThat(stale.exitCode()).isEqualTo(Clickplane.FAILURE);
    assertThat(stale.out())
        .contains(
            "FAILED  acme/events: stale: newest good backup 20261130T020000Z is 31h old; the"
                + " schedule allows 31h\n");
  }

  @Test
  void verifyReportsABrokenChainAndAServiceWithoutBackups() {
    CliRun run = backups("verify", "--at", AT);
    assertThat(run.exitCode()).isEqualTo(Clickplane.FAILURE);
    assertThat(run.out())
        .contains("FAILED  acme/events: drill: cannot run")
        .contains(
            "FAILED  acme/scratch: broken: 20261130T033000Z (incremental <- 20261127T033000Z):"
                + " base 20261127T033000Z is missing from the bucket")
        .contains("FAILED  acme/scratch: stale: no good backup")
        .contains("FAILED  globex/clicks: stale: no good backup");
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  void listShowsLastGoodAgeSizeChainAndEveryBackup() {
    CliRun run = backups("list", "--org", "acme", "--at", AT);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "acme/events (retention 14)\n  last good: 20261130T020000Z (10h ago, 2.4 KiB,"
                + " incremental <- 20261128T020000Z)\n")
        .contains("  20261128T020000Z  good        2.4 KiB    full\n")
        .contains("  last drill: none (no good backup carries table figures to check)\n")
        .contains("acme/scratch (retention 3)\n  last good: none\n")
        .containsPattern("20261130T033000Z  broken .* base 20261127T033000Z is missing");
  }

  @Test
  void listShowsTheLastDrillAndVerifyFailsNamingAFailedOne() {
    CliRun list = backups("list", "--org", "initech", "--at", AT);
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains(
            "  last drill: 2026-11-29T10:15:00Z (25h ago) failed, backup "
                + REPORTS
                + ", restore 95s, 2 table(s): shop.orders: rows: 10 in the manifest, 9"
                + " restored\n");
    CliRun verify = backups("verify", "--org", "initech", "--at", AT);
    assertThat(verify.exitCode()).isEqualTo(Clickplane.FAILURE);
    assertThat(verify.out())
        .isEqualTo(
            "FAILED  initech/reports: drill 20261129T101500Z of backup "
                + REPORTS
                + " failed: shop.orders: rows: 10 in the manifest, 9 restored\n");
    CliRun json = backups("verify", "--org", "initech", "--at", AT, "--output", "json");
    assertThat(json.exitCode()).isEqualTo(Clickplane.FAILURE);
    assertThat(json.out())
        .contains("\"drill_scheduled\" : true")
        .contains("\"drill_id\" : \"20261129T101500Z\"")
        .contains("\"result\" : \"failed\"")
        .contains("\"restore_seconds\" : 95")
        .contains("\"problem\" : \"rows: 10 in the manifest, 9 restored\"")
        .contains("\"ok\" : false");
    CliRun listJson = backups("list", "--service", "events", "--at", AT, "--output", "json");
    assertThat(listJson.exitCode()).isZero();
    assertThat(listJson.out())
        .contains("\"last_drill\" : null")
        .contains("\"figures_missing\" : true")
        .contains("drill: cannot run: newest good backup 20261130T020000Z")
        .contains("\"ok\" : false");
    CliRun bad = backups("list", "--output", "yaml");
    assertThat(bad.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(bad.err()).contains("--output yaml: not a format (text or json)");
    // acme/events has no backup with figures a drill could check: its drill cannot run, and
    // verify says so rather than passing it.
    assertThat(backups("verify", "--service", "events", "--at", AT).exitCode())
        .isEqualTo(Clickplane.FAILURE);
  }

  @Test
  void pruneIsADryRunAndLeavesABrokenServiceAlone() {
    CliRun events = backups("prune", "--service", "events", "--at", AT);
    assertThat(events.exitCode()).isZero();
    assertThat(events.out())
        .contains("nothing to delete for acme/events: keeps 3 good backup(s)")
        .contains("dry run: nothing was deleted (--apply deletes)");
    CliRun scratch = backups("prune", "--service", "scratch", "--apply", "--at", AT);
    assertThat(scratch.exitCode()).isEqualTo(Clickplane.FAILURE);
    assertThat(scratch.out()).startsWith("refused acme/scratch: broken chain (20261130T033000Z)");
    try (S3Client client = s3.client()) {
      assertThat(client.listObjectsV2(b -> b.bucket(acme).prefix("scratch/")).contents().size())
          .isEqualTo(3);
    }
  }

  @Test
  void aSelectionOutsideTheStackIsInvalidInput() {
    CliRun org = backups("list", "--org", "nope");
    assertThat(org.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(org.err()).contains("--org nope: no such organisation (acme, globex, initech)");
    CliRun service = backups("verify", "--org", "globex", "--service", "events");
    assertThat(service.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(service.err()).contains("--service events: no such service in organisation globex");
    CliRun none = CliRun.of("backups");
    assertThat(none.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(none.err()).contains("a subcommand is required: list, verify or prune");
    CliRun at = backups("verify", "--at", "yesterday");
    assertThat(at.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(at.err())
        .contains("'yesterday' is not an instant; give one like 2026-11-30T12:00:00Z");
    assertThat(org.hasStackTrace() || service.hasStackTrace() || at.hasStackTrace()).isFalse();
  }

  @Test
  void anUnreachableStoreIsARuntimeFailureWithoutAStackTrace() {
    CliRun run =
        CliRun.of(
            "backups", "list", "--config", config, "--endpoint", "http://127.0.0.1:1", "--at", AT);
    assertThat(run.exitCode()).isEqualTo(Clickplane.FAILURE);
    assertThat(run.err()).startsWith("clickplane: no usable answer from S3 at http://127.0.0.1:1 ");
    assertThat(run.hasStackTrace()).isFalse();
    assertThat(Instant.parse(AT)).isNotNull();
  }
}
