package io.clickplane.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.catalogue.BackupCatalogue;
import io.clickplane.backup.catalogue.DrillStatus;
import io.clickplane.backup.catalogue.FleetBackups;
import io.clickplane.backup.drill.DrillRecord;
import io.clickplane.backup.drill.DrillStatements;
import io.clickplane.backup.drill.FigureStatements;
import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.plan.S3Target;
import io.clickplane.backup.plan.TableFigures;
import io.clickplane.backup.testing.EngineConfig;
import io.clickplane.backup.testing.JobSteps;
import io.clickplane.backup.testing.LocalS3;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.ClickHouseEngine;
import io.clickplane.core.testing.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Restore drills against a real ClickHouse engine (libchdb, the same {@code clickhouse local} the
 * drill pod runs) and a real S3 API (s3proxy) on 127.0.0.1: backups record per table figures read
 * back from the backup itself; a drill restores the newest one into a fresh engine, compares and
 * records {@code passed}; a manifest that disagrees with the data, and a backup whose data object
 * was altered in the bucket, make the drill fail and record why; the catalogue lists the last drill
 * and {@code verify} fails naming it.
 *
 * <p>The drill's statements run here in the order the rendered {@code drill.sh} runs them, with the
 * shell's variables filled in as the script fills them ({@link JobSteps}); {@code DrillScriptTest}
 * runs the script itself under {@code /bin/sh}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreDrillEndToEndTest {
  @TempDir static Path dir;

  static LocalS3 s3;
  static S3Client client;
  static PlatformSpec spec;
  static String bucket;
  static Path config;

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final String B1 = BackupId.of(NOW.minus(Duration.ofHours(30)));
  static final String B2 = BackupId.of(NOW.minus(Duration.ofHours(6)));

  /** The weird table name: quotes, a backquote, a backslash and a space must survive. */
  static final String WEIRD = "we'ird `x\\ y";

  /** Figures of the MergeTree-family tables when B2 was taken. */
  static Map<String, String> atB2;

  @BeforeAll
  static void start() throws Exception {
    ClickHouseEngine.assumeAvailable();
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    OrganisationSpec acme = dev.organisation("acme").orElseThrow();
    ServiceSpec events = acme.service("events").orElseThrow();
    spec = dev.withOrganisations(List.of(new OrganisationSpec("acme", List.of(events))));
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

  static BackupStatements statements() {
    S3Target target = s3.target(bucket);
    return new BackupStatements(target, "acme", "events", 1, 3, List.of());
  }

  static void backup(ClickHouseEngine engine, String id, String base) {
    BackupStatements sql = statements();
    engine.query(sql.manifestStarted(id, base)).orThrow();
    engine.query(sql.backup(id, base)).orThrow();
    assertThat(BackupRestoreEndToEndTest.follow(engine, sql.operationId(id)))
        .isEqualTo("BACKUP_CREATED");
    JobSteps.recordFinished(engine, sql, id, base);
    assertThat(engine.query(sql.manifestGood(id)).orThrow().strip()).isEqualTo("1");
  }

  static Map<String, String> figures(ClickHouseEngine engine) {
    Map<String, String> out = new LinkedHashMap<>();
    for (List<String> t :
        engine.rows(
            "SELECT database, name FROM system.tables WHERE database NOT IN ('system',"
                + " 'information_schema', 'INFORMATION_SCHEMA') AND engine LIKE '%MergeTree'"
                + " ORDER BY database, name")) {
      String name =
          "`" + t.get(0) + "`.`" + t.get(1).replace("\\", "\\\\").replace("`", "\\`") + "`";
      out.put(
          t.get(0) + "." + t.get(1),
          engine
              .query("SELECT count(), toString(sum(cityHash64(*))) FROM " + name)
              .orThrow()
              .strip());
    }
    return out;
  }

  static BackupManifest manifest(String id) throws Exception {
    return BackupManifest.parse(get("events/" + id + "/" + BackupManifest.FILE));
  }

  static String get(String key) {
    return new String(
        client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(),
        StandardCharsets.UTF_8);
  }

  static void put(String key, byte[] body) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
  }

  /** The drill's outcome as the script sees it. */
  record Drill(String backupId, String result, DrillRecord record) {}

  /**
   * What the rendered drill script does, statement for statement, in a fresh throwaway engine at
   * {@code path}, as the scheduled run {@code drillId}.
   */
  static Drill drill(String drillId, String path) throws Exception {
    DrillStatements d = new DrillStatements(statements());
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("DRILL_ID", drillId);
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve(path))) {
      if (!engine.query(JobSteps.fill(d.alreadyPassed(), vars)).orThrow().strip().equals("0")) {
        return new Drill("", "already passed", null);
      }
      String backupId = engine.query(d.latestDrillable()).orThrow().strip();
      assertThat(backupId).as("a backup to drill").isNotEmpty();
      vars.put("BACKUP_ID", backupId);
      vars.put("STARTED_AT", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      long t0 = System.nanoTime();
      ClickHouseEngine.Result restore = JobSteps.runEach(engine, JobSteps.fill(d.attach(), vars));
      if (restore.ok()) {
        restore = JobSteps.runEach(engine, d.copy());
      }
      vars.put("RESTORE_SECONDS", Long.toString((System.nanoTime() - t0) / 1_000_000_000L));
      if (restore.ok()) {
        vars.put("FIGURES", engine.query(FigureStatements.ofRestoredTables()).orThrow().strip());
        engine.query(JobSteps.fill(d.record(), vars)).orThrow();
      } else {
        byte[] error = restore.error().getBytes(StandardCharsets.UTF_8);
        int from = Math.max(0, error.length - 2000);
        vars.put(
            "ERROR_HEX",
            HexFormat.of().formatHex(java.util.Arrays.copyOfRange(error, from, error.length)));
        engine.query(JobSteps.fill(d.recordFailure(), vars)).orThrow();
      }
      String result = engine.query(JobSteps.fill(d.result(), vars)).orThrow().strip();
      DrillRecord record = DrillRecord.parse(get("events/" + backupId + "/" + DrillRecord.FILE));
      return new Drill(backupId, result, record);
    }
  }

  static FleetBackups catalogue(Instant at) {
    return FleetBackups.read(
        spec, new BackupCatalogue(client), Optional.of("acme"), Optional.of("events"), at);
  }

  static String verify(FleetBackups fleet, boolean expected) {
    StringWriter text = new StringWriter();
    assertThat(fleet.verify(new PrintWriter(text, true))).as(text.toString()).isEqualTo(expected);
    return text.toString();
  }

  @Test
  @Order(1)
  void backupsRecordTheFiguresOfWhatTheyHold() throws Exception {
    Map<String, String> atB1;
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("source"))) {
      engine.query("CREATE DATABASE shop").orThrow();
      engine
          .query(
              "CREATE TABLE shop.orders (id UInt64, customer String, amount Decimal(12, 2),"
                  + " tags Array(String), note Nullable(String)) ENGINE = MergeTree ORDER BY id")
          .orThrow();
      engine
          .query(
              "CREATE TABLE shop.`"
                  + WEIRD.replace("\\", "\\\\").replace("`", "\\`")
                  + "` (k String, v Float64) ENGINE = ReplacingMergeTree ORDER BY k")
          .orThrow();
      engine.query("CREATE TABLE shop.empty (k UInt8) ENGINE = MergeTree ORDER BY k").orThrow();
      engine.query("CREATE TABLE shop.log (k UInt8) ENGINE = Log").orThrow();
      engine.query("INSERT INTO shop.log VALUES (1)").orThrow();
      engine
          .query(
              "INSERT INTO shop.orders SELECT number, concat('c', toString(number % 13)), number /"
                  + " 7, [toString(number % 3)], if(number % 5 = 0, NULL, 'n') FROM numbers(4000)")
          .orThrow();
      engine
          .query(
              "INSERT INTO shop.`"
                  + WEIRD.replace("\\", "\\\\").replace("`", "\\`")
                  + "` VALUES ('a', 1.5), ('b', 2.5)")
          .orThrow();
      backup(engine, B1, "");
      atB1 = figures(engine);
      // Written after the backup started: not in its figures.
      engine
          .query(
              "INSERT INTO shop.orders SELECT number, 'late', 1, [], NULL FROM numbers(4000, 321)")
          .orThrow();
      backup(engine, B2, B1);
      atB2 = figures(engine);
      // The figures are read from the backup, never from the live tables that move on.
      engine
          .query(
              "INSERT INTO shop.orders SELECT number, 'later', 1, [], NULL FROM numbers(9000, 5)")
          .orThrow();
      assertThat(
              engine
                  .query(
                      "SELECT count() FROM system.databases WHERE startsWith(name, '"
                          + FigureStatements.ATTACHED
                          + "')")
                  .orThrow()
                  .strip())
          .as("the attached backup databases are gone again")
          .isEqualTo("0");
    }
    assertThat(atB2.keySet())
        .containsExactly("shop.empty", "shop.orders", "shop." + WEIRD)
        .as("only MergeTree-family tables: the Backup engine skips the Log table");
    assertThat(atB2.get("shop.orders")).startsWith("4321\t");
    assertThat(atB2.get("shop.empty")).isEqualTo("0\t0");
    for (Map.Entry<String, Map<String, String>> e : Map.of(B1, atB1, B2, atB2).entrySet()) {
      BackupManifest m = manifest(e.getKey());
      assertThat(m.figures()).isTrue();
      Map<String, String> recorded = new LinkedHashMap<>();
      for (TableFigures t : m.tables()) {
        recorded.put(t.name(), t.rows() + "\t" + t.checksum());
      }
      assertThat(recorded).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(manifest(B2).isIncremental()).isTrue();
  }

  @Test
  @Order(2)
  void whyTheDrillReadsThroughTheBackupEngineInsteadOfRestore() {
    // A service's databases are Replicated and its tables ReplicatedMergeTree; clickhouse local
    // (the drill's engine) can create neither. Should a later engine manage, this fails and the
    // drill can move to RESTORE.
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("probe"))) {
      assertThat(
              engine.error(
                  "CREATE DATABASE r ENGINE = Replicated('/clickhouse/databases/r', 's', 'r')"))
          .contains("NO_ZOOKEEPER");
      assertThat(
              engine.error(
                  "CREATE TABLE t (k UInt8) ENGINE = ReplicatedMergeTree('/t/k', 'r') ORDER BY k"))
          .contains("ZooKeeper");
    }
  }

  @Test
  @Order(3)
  void aDrillRestoresTheNewestBackupAndPasses() throws Exception {
    Drill d = drill("20261206T100000Z", "drill-1");
    assertThat(d.backupId()).isEqualTo(B2);
    assertThat(d.result()).isEqualTo(DrillRecord.PASSED);
    DrillRecord r = d.record();
    assertThat(r.passed()).isTrue();
    assertThat(r.organisation()).isEqualTo("acme");
    assertThat(r.service()).isEqualTo("events");
    assertThat(r.drillId()).isEqualTo("20261206T100000Z");
    assertThat(r.tables()).isEqualTo(3);
    assertThat(r.mismatches()).isEmpty();
    assertThat(r.error()).isNull();
    assertThat(r.finishedAt()).isNotBlank();

    FleetBackups fleet = catalogue(Instant.now());
    DrillStatus status = fleet.drills().get(0);
    assertThat(status.last()).contains(r);
    assertThat(status.problems()).isEmpty();
    StringWriter list = new StringWriter();
    fleet.list(new PrintWriter(list, true));
    assertThat(list.toString())
        .contains("  last drill: " + r.startedAt())
        .contains("passed, backup " + B2 + ", restore ")
        .contains("3 table(s)");
    assertThat(verify(fleet, true)).startsWith("ok      acme/events");

    // A retried Job of the same scheduled run finds it passed and does nothing.
    assertThat(drill("20261206T100000Z", "drill-1-retry").result()).isEqualTo("already passed");

    // Eight days later without another drill, the weekly drill is overdue.
    String stale = verify(catalogue(Instant.now().plus(Duration.ofDays(8))), false);
    assertThat(stale)
        .contains(
            "FAILED  acme/events: drill 20261206T100000Z is 8d0h old; the drill schedule"
                + " allows 7d7h");
  }

  @Test
  @Order(4)
  void aManifestThatDisagreesWithTheDataFailsTheDrill() throws Exception {
    String key = "events/" + B2 + "/" + BackupManifest.FILE;
    String original = get(key);
    BackupManifest m = manifest(B2);
    List<TableFigures> changed =
        m.tables().stream()
            .map(
                t ->
                    t.table().equals("orders")
                        ? new TableFigures(t.database(), t.table(), t.rows() + 1, t.checksum())
                        : t)
            .toList();
    put(key, m.withTables(changed).toJson().getBytes(StandardCharsets.UTF_8));
    try {
      Drill d = drill("20261206T110000Z", "drill-2");
      assertThat(d.result()).isEqualTo(DrillRecord.FAILED);
      assertThat(d.record().mismatches())
          .containsExactly(
              new DrillRecord.Mismatch(
                  "shop", "orders", "rows: 4322 in the manifest, 4321 restored"));
      assertThat(verify(catalogue(Instant.now()), false))
          .contains(
              "FAILED  acme/events: drill 20261206T110000Z of backup "
                  + B2
                  + " failed: shop.orders: rows: 4322 in the manifest, 4321 restored");
    } finally {
      put(key, original.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  @Order(5)
  void anAlteredDataObjectFailsTheDrillAndVerifyNamesIt() throws Exception {
    // Someone (or something) alters a data file of the full backup B1, which B2 is based on.
    S3Object data =
        client
            .listObjectsV2(b -> b.bucket(bucket).prefix("events/" + B1 + "/data/shop/orders/"))
            .contents()
            .stream()
            .filter(o -> o.key().endsWith("data.bin"))
            .findFirst()
            .orElseThrow();
    byte[] body = client.getObjectAsBytes(b -> b.bucket(bucket).key(data.key())).asByteArray();
    for (int i = body.length / 2; i < body.length; i++) {
      body[i] = (byte) ~body[i];
    }
    put(data.key(), body);

    Drill d = drill("20261206T120000Z", "drill-3");
    assertThat(d.backupId()).isEqualTo(B2);
    assertThat(d.result()).isEqualTo(DrillRecord.FAILED);
    assertThat(d.record().error()).isNotBlank();
    assertThat(d.record().mismatches()).isEmpty();

    String verify = verify(catalogue(Instant.now()), false);
    assertThat(verify)
        .contains(
            "FAILED  acme/events: drill 20261206T120000Z of backup "
                + B2
                + " failed: restore failed: ");
    StringWriter list = new StringWriter();
    catalogue(Instant.now()).list(new PrintWriter(list, true));
    assertThat(list.toString()).contains("failed, backup " + B2);
  }
}
