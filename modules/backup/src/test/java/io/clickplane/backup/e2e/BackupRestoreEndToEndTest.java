package io.clickplane.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.catalogue.BackupCatalogue;
import io.clickplane.backup.catalogue.FleetBackups;
import io.clickplane.backup.catalogue.ServiceBackups;
import io.clickplane.backup.catalogue.StoredBackup;
import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupLayout;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.plan.S3Target;
import io.clickplane.backup.render.BackupRenderer;
import io.clickplane.backup.testing.EngineConfig;
import io.clickplane.backup.testing.JobSteps;
import io.clickplane.backup.testing.LocalS3;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.BackupSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.ClickHouseEngine;
import io.clickplane.core.testing.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole backup cycle against a real ClickHouse engine (libchdb) and a real S3 API (s3proxy) on
 * 127.0.0.1: the platform's own statements take a full backup, then incrementals against it, record
 * manifests through ClickHouse, choose bases; the catalogue lists, verifies and prunes; a fresh
 * engine restores the newest backup and holds the same rows; a deleted base is a broken chain that
 * verify reports, prune refuses to touch, and RESTORE itself cannot read.
 *
 * <p>What differs from production, because the engine is one {@code clickhouse local} process: no
 * {@code ON CLUSTER} (no cluster), a static S3 key instead of the pod's web identity, and of the
 * access-entity tables only those the engine has (see docs/backups.md). The statements are
 * otherwise the ones the rendered jobs run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreEndToEndTest {
  @TempDir static Path dir;

  static LocalS3 s3;
  static S3Client client;
  static PlatformSpec spec;
  static String bucket;
  static Path config;
  static List<String> accessTables;

  /** Backup ids: three days ago, two days ago, ... (ids are start times). */
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  static final String B1 = BackupId.of(NOW.minus(Duration.ofHours(80)));
  static final String B2 = BackupId.of(NOW.minus(Duration.ofHours(60)));
  static final String B3 = BackupId.of(NOW.minus(Duration.ofHours(40)));
  static final String B4 = BackupId.of(NOW.minus(Duration.ofHours(20)));
  static final String B5 = BackupId.of(NOW.minus(Duration.ofHours(2)));

  /** Row counts and checksums of every table when B5 was taken. */
  static Map<String, String> atB5;

  @BeforeAll
  static void start() throws Exception {
    ClickHouseEngine.assumeAvailable();
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    OrganisationSpec acme = dev.organisation("acme").orElseThrow();
    ServiceSpec events =
        acme.service("events").orElseThrow().withBackup(new BackupSpec("0 */6 * * *", 2, true));
    ServiceSpec restored = events.withName("events-restored");
    spec = dev.withOrganisations(List.of(new OrganisationSpec("acme", List.of(events, restored))));
    bucket = Naming.backupBucket(spec, "acme");
    s3 = LocalS3.start(bucket);
    client = s3.client();

    config = EngineConfig.write(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close(); // and its client
    }
  }

  static BackupStatements statements(String service) {
    S3Target target = s3.target(bucket);
    ServiceSpec s = spec.organisation("acme").orElseThrow().service(service).orElseThrow();
    return new BackupStatements(target, "acme", service, s.shards(), s.replicas(), accessTables);
  }

  /**
   * What the rendered backup script does, statement for statement, with the id it would take at
   * {@code id}'s time and the base horizon {@value BackupStatements#FULL_AFTER_HOURS}h before it.
   */
  static String backup(ClickHouseEngine engine, String id) {
    BackupStatements sql = statements("events");
    String horizon =
        "'"
            + BackupId.of(
                BackupId.start(id)
                    .orElseThrow()
                    .minus(Duration.ofHours(BackupStatements.FULL_AFTER_HOURS)))
            + "'";
    String base = engine.query(sql.chooseBase(horizon)).orThrow().strip();
    engine.query(sql.manifestStarted(id, base)).orThrow();
    engine.query(sql.backup(id, base)).orThrow();
    assertThat(follow(engine, sql.operationId(id))).as(id).isEqualTo("BACKUP_CREATED");
    JobSteps.recordFinished(engine, sql, id, base);
    assertThat(engine.query(sql.manifestGood(id)).orThrow().strip()).as(id).isEqualTo("1");
    return base;
  }

  /**
   * What the jobs' {@code follow} does: ask {@code system.backups} until the operation is no longer
   * in progress (bounded here), and return its final status.
   */
  static String follow(ClickHouseEngine engine, String operationId) {
    for (int i = 0; i < 600; i++) {
      String status = engine.query(BackupStatements.operationStatus(operationId)).orThrow().strip();
      if (!BackupStatements.IN_PROGRESS.contains(status)) {
        return status;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(operationId + " still in progress after 60 s");
  }

  static Map<String, String> contents(ClickHouseEngine engine) {
    Map<String, String> out = new LinkedHashMap<>();
    for (List<String> t :
        engine.rows(
            "SELECT database, name FROM system.tables WHERE database NOT IN ('system',"
                + " 'information_schema', 'INFORMATION_SCHEMA') ORDER BY database, name")) {
      String table = t.get(0) + "." + t.get(1);
      out.put(
          table,
          engine
              .query("SELECT count(), toString(sum(cityHash64(*))) FROM " + table)
              .orThrow()
              .strip());
    }
    return out;
  }

  static List<String> keys(String prefix) {
    List<String> out = new ArrayList<>();
    for (S3Object o :
        client
            .listObjectsV2Paginator(
                ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
            .contents()) {
      out.add(o.key());
    }
    return out;
  }

  static String run(java.util.function.Consumer<PrintWriter> report) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      report.accept(out);
    }
    return text.toString();
  }

  static FleetBackups catalogue(Instant at) {
    return FleetBackups.read(
        spec, new BackupCatalogue(client), Optional.of("acme"), Optional.of("events"), at);
  }

  @Test
  @Order(1)
  void fullThenIncrementalsAgainstTheLastVerifiedFull() throws Exception {
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("source"))) {
      // clickhouse-local (chdb 26.7.3) lists the access-entity tables but its backup collector
      // cannot see them: BACKUP TABLE system.users fails with UNKNOWN_TABLE. The engine backs up
      // data only; a server backs up the entities too (docs/backups.md). Should a later engine
      // back them up, this fails and the test takes them in.
      for (String table : BackupStatements.ACCESS_TABLES) {
        assertThat(
                engine
                    .query(
                        "BACKUP TABLE "
                            + table
                            + " TO S3('"
                            + s3.bucketUrl(bucket)
                            + "scratch/"
                            + table
                            + "/', '"
                            + LocalS3.ACCESS_KEY
                            + "', '"
                            + LocalS3.SECRET_KEY
                            + "')")
                    .error())
            .as(table)
            .contains("UNKNOWN_TABLE");
      }
      accessTables = List.of();
      // The production horizon expression is valid SQL and yields an id.
      assertThat(
              BackupId.isValid(
                  engine.query("SELECT " + BackupStatements.fullBackupHorizon()).orThrow().strip()))
          .isTrue();

      engine.query("CREATE DATABASE shop").orThrow();
      engine
          .query(
              "CREATE TABLE shop.orders (id UInt64, customer String, amount Decimal(12, 2),"
                  + " at DateTime) ENGINE = MergeTree ORDER BY id")
          .orThrow();
      engine
          .query(
              "CREATE TABLE shop.customers (name String, city String) ENGINE = MergeTree ORDER BY name")
          .orThrow();
      engine.query("CREATE DATABASE analytics").orThrow();
      engine
          .query(
              "CREATE TABLE analytics.daily (day Date, hits UInt64) ENGINE = SummingMergeTree ORDER"
                  + " BY day")
          .orThrow();
      engine
          .query(
              "INSERT INTO shop.orders SELECT number, concat('c', toString(number % 17)), number /"
                  + " 3, toDateTime('2026-01-01 00:00:00') + number FROM numbers(5000)")
          .orThrow();
      engine
          .query(
              "INSERT INTO shop.customers SELECT concat('c', toString(number)), 'Basel' FROM numbers(17)")
          .orThrow();

      assertThat(backup(engine, B1)).as("first backup: full").isEmpty();
      engine
          .query(
              "INSERT INTO shop.orders SELECT number, 'late', 1, toDateTime('2026-02-01 00:00:00')"
                  + " FROM numbers(5000, 700)")
          .orThrow();
      assertThat(backup(engine, B2)).as("second: incremental against B1").isEqualTo(B1);
      engine
          .query("INSERT INTO analytics.daily VALUES ('2026-03-01', 10), ('2026-03-02', 20)")
          .orThrow();
      assertThat(backup(engine, B3)).as("third: against B1, not B2").isEqualTo(B1);

      // Later than the horizon after B1: the next one is full again, then incremental against it.
      engine.query("INSERT INTO shop.customers VALUES ('z', 'Bern')").orThrow();
      String horizonAfterB1 =
          "'" + BackupId.of(BackupId.start(B1).orElseThrow().plusSeconds(1)) + "'";
      assertThat(engine.query(statements("events").chooseBase(horizonAfterB1)).orThrow().strip())
          .as("no verified full within the horizon: a full backup is due")
          .isEmpty();
      BackupStatements sql = statements("events");
      assertThat(engine.query(BackupStatements.operationStatus(sql.operationId(B4))).orThrow())
          .as("before it starts, the server knows no such operation: the job starts it")
          .isBlank();
      engine.query(sql.manifestStarted(B4, "")).orThrow();
      // ASYNC: the statement returns the operation's id at once; the server goes on.
      assertThat(engine.query(sql.backup(B4, "")).orThrow())
          .contains(sql.operationId(B4))
          .containsAnyOf("CREATING_BACKUP", "BACKUP_CREATED");
      // A retried Job computes the same id, finds the operation on the server and follows it
      // instead of starting a second backup beside it: the manifest gives it the same base.
      assertThat(engine.query(BackupStatements.operationStatus(sql.operationId(B4))).orThrow())
          .containsAnyOf("CREATING_BACKUP", "BACKUP_CREATED");
      assertThat(engine.query(sql.manifestBase(B4)).orThrow().strip()).isEmpty();
      assertThat(follow(engine, sql.operationId(B4))).isEqualTo("BACKUP_CREATED");
      // Starting the same backup again could only fail: its directory is taken.
      assertThat(engine.query(sql.backup(B4, "")).error()).isNotBlank();
      assertThat(
              engine
                  .query(
                      "SELECT count() FROM system.backups WHERE id = "
                          + "'"
                          + sql.operationId(B4)
                          + "' AND status = 'BACKUP_CREATED'")
                  .orThrow()
                  .strip())
          .isEqualTo("1");
      JobSteps.recordFinished(engine, sql, B4, "");
      assertThat(engine.query(sql.manifestGood(B4)).orThrow().strip()).isEqualTo("1");
      engine
          .query("ALTER TABLE shop.orders DELETE WHERE id < 10 SETTINGS mutations_sync = 1")
          .orThrow();
      engine.query("INSERT INTO analytics.daily VALUES ('2026-03-01', 5)").orThrow();
      assertThat(backup(engine, B5)).isEqualTo(B4);
      atB5 = contents(engine);
    }
    assertThat(atB5.keySet()).containsExactly("analytics.daily", "shop.customers", "shop.orders");
    assertThat(atB5.get("shop.orders")).startsWith("5690\t");

    BackupManifest m5 =
        BackupManifest.parse(
            new String(
                client
                    .getObjectAsBytes(
                        b -> b.bucket(bucket).key("events/" + B5 + "/clickplane.json"))
                    .asByteArray()));
    assertThat(m5.service()).isEqualTo("events");
    assertThat(m5.organisation()).isEqualTo("acme");
    assertThat(m5.kind()).isEqualTo(BackupManifest.INCREMENTAL);
    assertThat(m5.base()).contains(B4);
    assertThat(m5.status()).isEqualTo(BackupManifest.SUCCEEDED);
    assertThat(m5.verified()).isTrue();
    assertThat(m5.clickhouseVersion()).startsWith("26.");
    assertThat(m5.shards()).isEqualTo(1);
    assertThat(m5.replicas()).isEqualTo(3);
    assertThat(m5.files()).isPositive();
    assertThat(m5.bytes()).isPositive();
    assertThat(m5.startedAt()).isEqualTo(BackupId.start(B5).orElseThrow().toString());
    assertThat(m5.finishedAt()).isNotBlank();
    // The figures were read back from the backup itself (B5, through its base B4) and equal what
    // the tables held when it was taken.
    assertThat(m5.figures()).isTrue();
    Map<String, String> recorded = new LinkedHashMap<>();
    m5.tables().forEach(t -> recorded.put(t.name(), t.rows() + "\t" + t.checksum()));
    assertThat(recorded).isEqualTo(atB5);
    assertThat(keys("events/" + B5 + "/")).contains("events/" + B5 + "/.backup");
  }

  @Test
  @Order(2)
  void catalogueListsVerifiesAndPrunesWithRetention() {
    FleetBackups fleet = catalogue(NOW);
    ServiceBackups events = fleet.services().get(0);
    assertThat(events.backups())
        .extracting(ServiceBackups.Judged::id)
        .containsExactly(B1, B2, B3, B4, B5);
    assertThat(events.good()).hasSize(5);
    assertThat(events.kept()).containsExactly(B4, B5);

    String list = run(fleet::list);
    assertThat(list)
        .contains("acme/events (retention 2)")
        .contains("last good: " + B5 + " (2h ago")
        .contains("incremental <- " + B4)
        .containsPattern(B1 + "  good\\s+\\S+ \\S+\\s+full");
    assertThat(run(out -> assertThat(fleet.verify(out)).isTrue()))
        .startsWith("ok      acme/events");

    BackupCatalogue catalogue = new BackupCatalogue(client);
    String dry = run(out -> assertThat(fleet.prune(catalogue, false, out)).isTrue());
    assertThat(dry)
        .contains("would delete acme/events " + B1)
        .contains("would delete acme/events " + B2)
        .contains("would delete acme/events " + B3)
        .doesNotContain("would delete acme/events " + B4)
        .contains("dry run: nothing was deleted");
    assertThat(keys("events/" + B1 + "/")).isNotEmpty();

    String applied = run(out -> assertThat(fleet.prune(catalogue, true, out)).isTrue());
    assertThat(applied).contains("deleted acme/events " + B1).doesNotContain("dry run");
    assertThat(keys("events/" + B1 + "/")).isEmpty();
    assertThat(keys("events/" + B3 + "/")).isEmpty();
    assertThat(catalogue(NOW).services().get(0).backups())
        .extracting(ServiceBackups.Judged::id)
        .containsExactly(B4, B5);

    // A day without a backup later, the schedule (every 6 h) is overdue.
    StringWriter stale = new StringWriter();
    assertThat(catalogue(NOW.plus(Duration.ofHours(12))).verify(new PrintWriter(stale, true)))
        .isFalse();
    assertThat(stale.toString()).contains("FAILED  acme/events: stale: newest good backup " + B5);
  }

  @Test
  @Order(3)
  void restoreIntoAFreshEngineHoldsTheSameRows() {
    BackupStatements target = statements("events-restored");
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("restored"))) {
      assertThat(engine.query(target.restoreRecorded()).orThrow().strip()).isEqualTo("0");
      assertThat(engine.query(target.userTableCount()).orThrow().strip()).isEqualTo("0");
      String latest = engine.query(target.latestRestorable("events")).orThrow().strip();
      assertThat(latest).isEqualTo(B5);
      assertThat(engine.query(target.restoreInProgress()).orThrow()).isBlank();
      engine.query(target.restore("events", latest, BackupLayout.ROOT)).orThrow();
      // A retried restore Job finds this restore (running or done) and follows it: it never
      // resolves "latest" again nor starts a second restore.
      assertThat(engine.query(target.restoreInProgress()).orThrow().strip()).isEqualTo(B5);
      assertThat(follow(engine, target.restoreOperationId(latest))).isEqualTo("RESTORED");
      engine.query(target.restoreRecord("events", latest)).orThrow();
      assertThat(contents(engine)).isEqualTo(atB5);
      assertThat(engine.query(target.restoreRecorded()).orThrow().strip()).isEqualTo("1");
      // The restore job's refusal: the service now holds tables.
      assertThat(engine.query(target.userTableCount()).orThrow().strip()).isEqualTo("3");
    }
    assertThat(keys("events-restored/")).containsExactly("events-restored/restore.json");
  }

  @Test
  @Order(4)
  void aDeletedBaseIsABrokenChainThatVerifyReportsAndPruneLeavesAlone() throws Exception {
    List<String> base = keys("events/" + B4 + "/");
    assertThat(base).isNotEmpty();
    // Someone deletes the full backup B5 is based on, manifest and all.
    for (String key : base) {
      client.deleteObject(b -> b.bucket(bucket).key(key));
    }
    FleetBackups fleet = catalogue(NOW);
    ServiceBackups events = fleet.services().get(0);
    assertThat(events.broken()).extracting(ServiceBackups.Judged::id).containsExactly(B5);
    assertThat(events.broken().get(0).reason())
        .isEqualTo("base " + B4 + " is missing from the bucket");

    StringWriter verify = new StringWriter();
    assertThat(fleet.verify(new PrintWriter(verify, true))).isFalse();
    assertThat(verify.toString())
        .contains("FAILED  acme/events: stale: no good backup")
        .contains("FAILED  acme/events: broken: " + B5 + " (incremental <- " + B4 + ")");

    List<String> before = keys("events/");
    StringWriter prune = new StringWriter();
    assertThat(fleet.prune(new BackupCatalogue(client), true, new PrintWriter(prune, true)))
        .isFalse();
    assertThat(prune.toString()).contains("refused acme/events: broken chain (" + B5 + ")");
    assertThat(keys("events/")).isEqualTo(before);

    // ClickHouse agrees: the incremental cannot be restored without its base, and the restore
    // job's choice of "latest" finds nothing to restore.
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("broken"))) {
      BackupStatements target = statements("events-restored");
      // ASYNC: the missing base may be found before the statement returns, or after (then the
      // operation fails with it in system.backups); either way the restore job reports it.
      ClickHouseEngine.Result started =
          engine.query(target.restore("events", B5, BackupLayout.ROOT));
      String error = started.error();
      if (started.ok()) {
        assertThat(follow(engine, target.restoreOperationId(B5))).isEqualTo("RESTORE_FAILED");
        error =
            engine
                .query(
                    "SELECT error FROM system.backups WHERE id = '"
                        + target.restoreOperationId(B5)
                        + "'")
                .orThrow();
      }
      assertThat(error).contains("BACKUP_NOT_FOUND");
      assertThat(engine.query(target.latestRestorable("events")).orThrow().strip()).isEmpty();
    }
    List<StoredBackup> stored = new BackupCatalogue(client).read(bucket, "events");
    assertThat(stored).extracting(StoredBackup::id).containsExactly(B5);
  }

  @Test
  @Order(5)
  void theRenderedScriptsCarryTheseStatements() {
    PlatformSpec rendered = spec;
    OrganisationSpec acme = rendered.organisation("acme").orElseThrow();
    BackupStatements production =
        BackupRenderer.statements(rendered, acme, acme.service("events").orElseThrow());
    assertThat(production.layout()).isEqualTo(BackupLayout.ROOT);
    assertThat(production.accessTables()).isEqualTo(BackupStatements.ACCESS_TABLES);
    assertThat(production.target().endpoint()).isEqualTo(Naming.backupEndpoint(rendered, "acme"));
    assertThat(production.target().accessKey()).isEmpty();
  }
}
