package io.clickplane.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.catalogue.BackupCatalogue;
import io.clickplane.backup.catalogue.FleetBackups;
import io.clickplane.backup.catalogue.StoredBackup;
import io.clickplane.backup.drill.DrillRecord;
import io.clickplane.backup.drill.DrillStatements;
import io.clickplane.backup.drill.FigureStatements;
import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupLayout;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.plan.RestoreDatabases;
import io.clickplane.backup.plan.S3Target;
import io.clickplane.backup.plan.ShardStatements;
import io.clickplane.backup.plan.TableFigures;
import io.clickplane.backup.render.BackupRenderer;
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
 * A service of two shards (globex/clicks) end to end on real engines (libchdb, one data path per
 * shard's server, opened one after the other: the library holds one engine per process) and s3proxy
 * on 127.0.0.1, with the statements the rendered jobs send, in their order:
 *
 * <ul>
 *   <li>each shard's server takes its own backup into {@code <id>/shard-<n>/} and records it; the
 *       manifest, written from the shards' records, says {@code shards} and carries the figures
 *       read back from both shards' backups, each table's rows and checksum summed over the shards
 *       (checked against one engine holding every row of both shards);
 *   <li>an incremental backup is taken shard by shard against the same shard of its base;
 *   <li>a drill restores both shards into one throwaway engine and passes; the catalogue counts a
 *       backup present only with every shard's descriptor, and {@code verify} accepts the service;
 *   <li>the restore job's statements restore each shard on a server of the same shard of a new
 *       service, with that shard's rows;
 *   <li>a backup missing one shard's descriptor is neither chosen nor drilled; an altered data
 *       object in one shard fails the drill and {@code verify} names it.
 * </ul>
 *
 * <p>chDB creates Atomic databases only (no Keeper, no interserver port): what the {@code
 * Replicated} databases add on a real cluster (shard 1's restore creating the tables on every
 * server, {@code SYSTEM SYNC DATABASE REPLICA}) is read from ClickHouse's sources, see {@link
 * io.clickplane.backup.shards.ShardScripts} and docs/backups.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardedServiceEndToEndTest {
  @TempDir static Path dir;

  static LocalS3 s3;
  static S3Client client;
  static PlatformSpec spec;
  static String bucket;
  static Path config;

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final String B1 = BackupId.of(NOW.minus(Duration.ofHours(30)));
  static final String B2 = BackupId.of(NOW.minus(Duration.ofHours(6)));

  static final String TABLE =
      "CREATE TABLE sales.events (id UInt64, who String, amount Decimal(12, 2)) ENGINE ="
          + " MergeTree ORDER BY id";

  /** What each shard's server holds at B1, and what it adds before B2 (a shard of the rows). */
  static final Map<Integer, String> AT_B1 =
      Map.of(
          1,
          "INSERT INTO sales.events SELECT number, concat('a', toString(number % 7)), number / 3"
              + " FROM numbers(0, 1000)",
          2,
          "INSERT INTO sales.events SELECT number, concat('b', toString(number % 5)), number / 9"
              + " FROM numbers(1000, 1500)");

  static final Map<Integer, String> BEFORE_B2 =
      Map.of(
          1,
          "INSERT INTO sales.events SELECT number, 'late', 1 FROM numbers(5000, 10)",
          2,
          "INSERT INTO sales.events SELECT number, 'late', 2 FROM numbers(6000, 250)");

  /** Per shard, its table's figures when B2 was taken. */
  static final Map<Integer, String> shardAtB2 = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    ClickHouseEngine.assumeAvailable();
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    OrganisationSpec globex = dev.organisation("globex").orElseThrow();
    ServiceSpec clicks = globex.service("clicks").orElseThrow();
    spec = dev.withOrganisations(List.of(new OrganisationSpec("globex", List.of(clicks))));
    bucket = Naming.backupBucket(spec, "globex");
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

  /**
   * The rendered statements of globex/clicks (its layout, shards, replicas), named {@code service}
   * and pointed at s3proxy, without the access entities (chDB's backup cannot see them).
   */
  static BackupStatements statements(String service) {
    OrganisationSpec globex = spec.organisation("globex").orElseThrow();
    BackupStatements rendered =
        BackupRenderer.statements(spec, globex, globex.service("clicks").orElseThrow());
    S3Target target = s3.target(bucket);
    return new BackupStatements(
        target, "globex", service, rendered.shards(), rendered.replicas(), List.of());
  }

  static ClickHouseEngine server(String name) {
    return ClickHouseEngine.start(config, dir.resolve(name));
  }

  static String figures(ClickHouseEngine engine) {
    return engine
        .query("SELECT count(), toString(sum(cityHash64(*))) FROM sales.events")
        .orThrow()
        .strip();
  }

  static String get(String key) {
    return new String(
        client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(),
        StandardCharsets.UTF_8);
  }

  static BackupManifest manifest(String id) throws Exception {
    return BackupManifest.parse(get("clicks/" + id + "/" + BackupManifest.FILE));
  }

  /**
   * The backup job: the manifest started on shard 1's server, each shard's part taken and recorded
   * on its own server, then the figures read back from both shards' backups and the manifest
   * written from the shards' records.
   */
  static void backup(String id, String base, Map<Integer, String> change) {
    BackupStatements sql = statements("clicks");
    ShardStatements shards = new ShardStatements(sql);
    try (ClickHouseEngine one = server("clicks-0")) {
      assertThat(one.query(sql.chooseBase("''")).orThrow().strip())
          .as("the base the job chooses")
          .isEqualTo(base);
      one.query(sql.manifestStarted(id, base)).orThrow();
    }
    for (int n = 1; n <= 2; n++) {
      try (ClickHouseEngine engine = server("clicks-" + (n - 1))) {
        if (base.isEmpty()) {
          engine.query("CREATE DATABASE IF NOT EXISTS sales").orThrow();
          engine.query(TABLE).orThrow();
        }
        engine.query(change.get(n)).orThrow();
        String statement = shards.backup(id, base, n);
        assertThat(statement)
            .doesNotContain("ON CLUSTER")
            .contains("clicks/" + id + "/shard-" + n + "/");
        engine.query(statement).orThrow();
        assertThat(BackupRestoreEndToEndTest.follow(engine, sql.operationId(id)))
            .isEqualTo("BACKUP_CREATED");
        engine.query(shards.record(id, n)).orThrow();
        assertThat(engine.query(shards.recordGood(id, n)).orThrow().strip()).isEqualTo("1");
        if (id.equals(B2)) {
          shardAtB2.put(n, figures(engine));
        }
      }
    }
    try (ClickHouseEngine one = server("clicks-0")) {
      JobSteps.runEach(one, FigureStatements.detachAll()).orThrow();
      for (int n = 1; n <= 2; n++) {
        String tag = Integer.toString(n);
        JobSteps.runEach(
                one,
                FigureStatements.attachAll(
                    sql.target(), shards.shardPrefix(id, tag), FigureStatements.shardTag(tag)))
            .orThrow();
      }
      String figures = one.query(FigureStatements.ofAttachedBackup()).orThrow().strip();
      one.query(
              JobSteps.fill(
                  shards.manifestFinished(id, base, FigureStatements.asArray("@@FIGURES@@")),
                  Map.of("FIGURES", figures)))
          .orThrow();
      JobSteps.runEach(one, FigureStatements.detachAll()).orThrow();
      assertThat(one.query(sql.manifestGood(id)).orThrow().strip()).isEqualTo("1");
    }
  }

  @Test
  @Order(1)
  void eachShardIsBackedUpOnItsOwnServerAndTheManifestSumsTheShardsFigures() throws Exception {
    backup(B1, "", AT_B1);
    backup(B2, B1, BEFORE_B2);

    // Every row of both shards in one engine: the figures the whole table has.
    String whole;
    try (ClickHouseEngine engine = server("whole")) {
      engine.query("CREATE DATABASE sales").orThrow();
      engine.query(TABLE).orThrow();
      for (Map<Integer, String> step : List.of(AT_B1, BEFORE_B2)) {
        for (String insert : step.values()) {
          engine.query(insert).orThrow();
        }
      }
      whole = figures(engine);
    }
    assertThat(whole).startsWith((1000 + 1500 + 10 + 250) + "\t");

    BackupManifest m = manifest(B2);
    assertThat(m.layout()).isEqualTo(BackupLayout.SHARDS);
    assertThat(m.shards()).isEqualTo(2);
    assertThat(m.succeeded()).isTrue();
    assertThat(m.verified()).isTrue();
    assertThat(m.figures()).isTrue();
    assertThat(m.kind()).isEqualTo(BackupManifest.INCREMENTAL);
    assertThat(m.base()).contains(B1);
    assertThat(m.files()).isPositive();
    assertThat(m.tables())
        .extracting(TableFigures::name, t -> t.rows() + "\t" + t.checksum())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("sales.events", whole));
    assertThat(shardAtB2.get(1)).startsWith("1010\t");
    assertThat(shardAtB2.get(2)).startsWith("1750\t");
    assertThat(get("clicks/" + B2 + "/shard-2.json"))
        .contains("\"shard\":2")
        .contains("\"status\":\"succeeded\"");

    // The catalogue: a backup is there with every shard's descriptor.
    List<StoredBackup> stored = new BackupCatalogue(client).read(bucket, "clicks");
    assertThat(stored).extracting(StoredBackup::id).containsExactly(B1, B2);
    assertThat(stored).allMatch(StoredBackup::descriptorPresent);
    assertThat(
            client
                .listObjectsV2(b -> b.bucket(bucket).prefix("clicks/" + B1 + "/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .filter(k -> k.endsWith("/.backup"))
                .toList())
        .containsExactlyInAnyOrder(
            "clicks/" + B1 + "/shard-1/.backup", "clicks/" + B1 + "/shard-2/.backup");
  }

  /** The outcome of a drill as its script sees it. */
  record Drill(String backupId, String result, DrillRecord record) {}

  /**
   * The drill script's statements in a fresh throwaway engine: choose, read the layout, attach
   * every shard's databases, copy, compare, record.
   */
  static Drill drill(String drillId, String path) throws Exception {
    DrillStatements d = new DrillStatements(statements("clicks"));
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("DRILL_ID", drillId);
    try (ClickHouseEngine engine = server(path)) {
      String backupId = engine.query(d.latestDrillable()).orThrow().strip();
      vars.put("BACKUP_ID", backupId);
      vars.put("STARTED_AT", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      assertThat(engine.query(JobSteps.fill(d.shape(), vars)).orThrow().strip())
          .isEqualTo(BackupLayout.SHARDS + "\t2");
      ClickHouseEngine.Result restore = null;
      for (int n = 1; n <= 2; n++) {
        vars.put("SHARD", Integer.toString(n));
        restore = JobSteps.runEach(engine, JobSteps.fill(d.attachShard(), vars));
        if (!restore.ok()) {
          break;
        }
      }
      if (restore.ok()) {
        restore = JobSteps.runEach(engine, d.copy());
      }
      vars.put("RESTORE_SECONDS", "1");
      if (restore.ok()) {
        vars.put("FIGURES", engine.query(FigureStatements.ofRestoredTables()).orThrow().strip());
        engine.query(JobSteps.fill(d.record(), vars)).orThrow();
      } else {
        vars.put(
            "ERROR_HEX",
            HexFormat.of().formatHex(restore.error().getBytes(StandardCharsets.UTF_8)));
        engine.query(JobSteps.fill(d.recordFailure(), vars)).orThrow();
      }
      String result = engine.query(JobSteps.fill(d.result(), vars)).orThrow().strip();
      return new Drill(
          backupId, result, DrillRecord.parse(get("clicks/" + backupId + "/" + DrillRecord.FILE)));
    }
  }

  static String verify(Instant at, boolean expected) {
    FleetBackups fleet =
        FleetBackups.read(
            spec, new BackupCatalogue(client), Optional.of("globex"), Optional.of("clicks"), at);
    StringWriter text = new StringWriter();
    assertThat(fleet.verify(new PrintWriter(text, true))).as(text.toString()).isEqualTo(expected);
    return text.toString();
  }

  @Test
  @Order(2)
  void aDrillRestoresEveryShardIntoOneThrowawayEngineAndPasses() throws Exception {
    Drill d = drill(BackupId.of(NOW.minus(Duration.ofHours(1))), "drill");
    assertThat(d.backupId()).isEqualTo(B2);
    assertThat(d.result()).isEqualTo(DrillRecord.PASSED);
    assertThat(d.record().tables()).isEqualTo(1);
    assertThat(d.record().mismatches()).isEmpty();
    assertThat(verify(NOW, true)).startsWith("ok      globex/clicks");
  }

  @Test
  @Order(3)
  void theRestoreJobRestoresEachShardOnAServerOfTheSameShard() throws Exception {
    BackupStatements target = statements("clicks-copy");
    ShardStatements shards = new ShardStatements(target);
    String latest;
    try (ClickHouseEngine one = server("copy-0")) {
      assertThat(one.query(target.restoreRecorded()).orThrow().strip()).isEqualTo("0");
      latest = one.query(target.latestRestorable("clicks")).orThrow().strip();
      assertThat(latest).isEqualTo(B2);
      assertThat(
              one.query(BackupLayout.ofManifest(target.target(), "clicks", latest))
                  .orThrow()
                  .strip())
          .isEqualTo(BackupLayout.SHARDS);
      // Every database of the backup, created on every server before any table is restored.
      assertThat(
              one.query(
                      RestoreDatabases.createAll(
                          target.target(), "clicks/" + latest + "/shard-*/.backup"))
                  .orThrow()
                  .strip())
          .as("every server has 'default' already: IF NOT EXISTS leaves it as it is")
          .isEqualTo(
              "CREATE DATABASE IF NOT EXISTS `default` ON CLUSTER 'main' ENGINE ="
                  + " Replicated('/clickhouse/databases/default', '{shard}', '{replica}')\n"
                  + "CREATE DATABASE IF NOT EXISTS `sales` ON CLUSTER 'main' ENGINE ="
                  + " Replicated('/clickhouse/databases/sales', '{shard}', '{replica}')");
      String restore = shards.restore("clicks", latest, 1);
      assertThat(restore).doesNotContain("ON CLUSTER").contains("clicks/" + B2 + "/shard-1/");
      one.query(restore).orThrow();
      assertThat(BackupRestoreEndToEndTest.follow(one, target.restoreOperationId(latest)))
          .isEqualTo("RESTORED");
      assertThat(figures(one)).isEqualTo(shardAtB2.get(1));
    }
    try (ClickHouseEngine two = server("copy-1")) {
      // Atomic databases here: nothing to catch up with.
      assertThat(two.query(RestoreDatabases.syncAll()).orThrow()).isBlank();
      two.query(shards.restore("clicks", latest, 2)).orThrow();
      assertThat(BackupRestoreEndToEndTest.follow(two, target.restoreOperationId(latest)))
          .isEqualTo("RESTORED");
      assertThat(figures(two))
          .as("shard 2's rows, its incremental read through shard 2 of the base")
          .isEqualTo(shardAtB2.get(2));
      // Recorded from a server whose restore finished (the job records from shard 1's server,
      // whose engine here is closed: chDB holds one at a time).
      two.query(target.restoreRecord("clicks", latest)).orThrow();
      assertThat(two.query(target.restoreRecorded()).orThrow().strip()).isEqualTo("1");
    }
  }

  @Test
  @Order(4)
  void aBackupMissingOneShardIsNotChosenAndAnAlteredShardFailsTheDrill() throws Exception {
    String descriptor = "clicks/" + B2 + "/shard-2/.backup";
    byte[] saved = client.getObjectAsBytes(b -> b.bucket(bucket).key(descriptor)).asByteArray();
    client.deleteObject(b -> b.bucket(bucket).key(descriptor));
    try (ClickHouseEngine engine = server("chooser")) {
      BackupStatements sql = statements("clicks");
      assertThat(engine.query(sql.latestRestorable("clicks")).orThrow().strip())
          .as("B2 lacks shard 2's descriptor: the newest restorable backup is B1")
          .isEqualTo(B1);
      assertThat(engine.query(new DrillStatements(sql).latestDrillable()).orThrow().strip())
          .isEqualTo(B1);
    }
    assertThat(new BackupCatalogue(client).read(bucket, "clicks"))
        .filteredOn(b -> b.id().equals(B2))
        .singleElement()
        .satisfies(b -> assertThat(b.descriptorPresent()).isFalse());
    client.putObject(b -> b.bucket(bucket).key(descriptor), RequestBody.fromBytes(saved));

    // Someone (or something) alters a data file of shard 2 of the full backup B1.
    S3Object data =
        client
            .listObjectsV2(b -> b.bucket(bucket).prefix("clicks/" + B1 + "/shard-2/data/"))
            .contents()
            .stream()
            .filter(o -> o.key().endsWith("data.bin"))
            .findFirst()
            .orElseThrow();
    byte[] body = client.getObjectAsBytes(b -> b.bucket(bucket).key(data.key())).asByteArray();
    for (int i = body.length / 2; i < body.length; i++) {
      body[i] = (byte) ~body[i];
    }
    client.putObject(b -> b.bucket(bucket).key(data.key()), RequestBody.fromBytes(body));
    Drill d = drill(BackupId.of(NOW.minus(Duration.ofMinutes(30))), "drill-altered");
    assertThat(d.backupId()).isEqualTo(B2);
    assertThat(d.result()).isEqualTo(DrillRecord.FAILED);
    assertThat(d.record().error()).isNotBlank();
    assertThat(verify(NOW, false))
        .contains(
            "FAILED  globex/clicks: drill "
                + d.record().drillId()
                + " of backup "
                + B2
                + " failed: restore failed: ");
  }
}
