package io.clickplane.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.catalogue.BackupCatalogue;
import io.clickplane.backup.catalogue.FleetBackups;
import io.clickplane.backup.drill.DrillRecord;
import io.clickplane.backup.drill.DrillStatements;
import io.clickplane.backup.drill.FigureStatements;
import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupLayout;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.plan.S3Target;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A one-host service (acme/scratch, mode single) end to end on a real engine (libchdb) and s3proxy
 * on 127.0.0.1, with the layout the renderer chooses for it: its backup is taken without {@code ON
 * CLUSTER}, so its files sit at the backup's root; the manifest says {@code root} and carries the
 * figures; a drill restores it and passes, which {@code verify} accepts; the restore job's
 * statements restore it (without {@code ON CLUSTER}, as its manifest's layout says) into a fresh
 * engine with the same rows; a manifest without the field reads as {@code cluster}.
 *
 * <p>chDB creates Atomic databases only (no Keeper), so this proves the statements on Atomic
 * databases; what a Replicated database does with them is read from ClickHouse's sources ({@link
 * BackupRenderer#statements}).
 */
class OneHostServiceEndToEndTest {
  @TempDir static Path dir;

  static LocalS3 s3;
  static S3Client client;
  static PlatformSpec spec;
  static String bucket;
  static Path config;

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final String B1 = BackupId.of(NOW.minus(Duration.ofHours(2)));

  @BeforeAll
  static void start() throws Exception {
    ClickHouseEngine.assumeAvailable();
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    OrganisationSpec acme = dev.organisation("acme").orElseThrow();
    ServiceSpec scratch = acme.service("scratch").orElseThrow();
    spec = dev.withOrganisations(List.of(new OrganisationSpec("acme", List.of(scratch))));
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

  /**
   * The rendered statements of {@code service} (its layout, shards and replicas), pointed at
   * s3proxy, without the access entities (chDB's backup cannot see them, see {@code
   * BackupRestoreEndToEndTest}).
   */
  static BackupStatements statements(String service) {
    OrganisationSpec acme = spec.organisation("acme").orElseThrow();
    ServiceSpec scratch = acme.service("scratch").orElseThrow();
    BackupStatements rendered = BackupRenderer.statements(spec, acme, scratch);
    S3Target target = s3.target(bucket);
    return new BackupStatements(
        target, "acme", service, rendered.shards(), rendered.replicas(), List.of());
  }

  static Map<String, String> contents(ClickHouseEngine engine) {
    Map<String, String> out = new LinkedHashMap<>();
    for (List<String> t :
        engine.rows(
            "SELECT database, name FROM system.tables WHERE database = 'shop' ORDER BY name")) {
      out.put(
          t.get(0) + "." + t.get(1),
          engine
              .query(
                  "SELECT count(), toString(sum(cityHash64(*))) FROM `"
                      + t.get(0)
                      + "`.`"
                      + t.get(1)
                      + "`")
              .orThrow()
              .strip());
    }
    return out;
  }

  static String get(String key) {
    return new String(
        client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(),
        StandardCharsets.UTF_8);
  }

  static String verify(Instant at) {
    FleetBackups fleet =
        FleetBackups.read(
            spec, new BackupCatalogue(client), Optional.of("acme"), Optional.of("scratch"), at);
    StringWriter text = new StringWriter();
    fleet.verify(new PrintWriter(text, true));
    return text.toString();
  }

  @Test
  void aOneHostServiceIsBackedUpAtTheRootDrilledAndRestored() throws Exception {
    BackupStatements sql = statements("scratch");
    assertThat(sql.layout())
        .as("the renderer's choice for a one-host service")
        .isEqualTo(BackupLayout.ROOT);
    Map<String, String> atB1;

    // The backup job's statements, in the script's order.
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("source"))) {
      engine.query("CREATE DATABASE shop").orThrow();
      engine
          .query(
              "CREATE TABLE shop.orders (id UInt64, customer String) ENGINE = MergeTree ORDER BY"
                  + " id")
          .orThrow();
      engine
          .query(
              "INSERT INTO shop.orders SELECT number, concat('c', toString(number % 7)) FROM"
                  + " numbers(2500)")
          .orThrow();
      engine.query(sql.manifestStarted(B1, "")).orThrow();
      String backup = sql.backup(B1, "");
      assertThat(backup).doesNotContain("ON CLUSTER");
      engine.query(backup).orThrow();
      assertThat(BackupRestoreEndToEndTest.follow(engine, sql.operationId(B1)))
          .isEqualTo("BACKUP_CREATED");
      // Fails unless the backup's metadata sits at its root, where the Backup engine reads it.
      JobSteps.recordFinished(engine, sql, B1, "");
      assertThat(engine.query(sql.manifestGood(B1)).orThrow().strip()).isEqualTo("1");
      atB1 = contents(engine);
    }
    assertThat(atB1).containsOnlyKeys("shop.orders");
    assertThat(atB1.get("shop.orders")).startsWith("2500\t");

    String manifestText = get("scratch/" + B1 + "/" + BackupManifest.FILE);
    assertThat(manifestText).contains("\"layout\":\"root\"");
    BackupManifest manifest = BackupManifest.parse(manifestText);
    assertThat(manifest.layout()).isEqualTo(BackupLayout.ROOT);
    assertThat(manifest.rootLayout()).isTrue();
    assertThat(manifest.figures()).isTrue();
    assertThat(manifest.tables())
        .extracting(TableFigures::name, t -> t.rows() + "\t" + t.checksum())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("shop.orders", atB1.get("shop.orders")));

    // Before a drill: the drill schedule is not yet overdue, so verify passes on freshness.
    assertThat(verify(NOW)).startsWith("ok      acme/scratch");

    // The drill's statements in a fresh throwaway engine.
    DrillStatements d = new DrillStatements(sql);
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("DRILL_ID", BackupId.of(NOW.minus(Duration.ofHours(1))));
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("drill"))) {
      assertThat(engine.query(JobSteps.fill(d.alreadyPassed(), vars)).orThrow().strip())
          .isEqualTo("0");
      assertThat(engine.query(d.latestDrillable()).orThrow().strip()).isEqualTo(B1);
      vars.put("BACKUP_ID", B1);
      vars.put("STARTED_AT", NOW.minus(Duration.ofHours(1)).toString());
      JobSteps.runEach(engine, JobSteps.fill(d.attach(), vars)).orThrow();
      JobSteps.runEach(engine, d.copy()).orThrow();
      vars.put("RESTORE_SECONDS", "1");
      vars.put("FIGURES", engine.query(FigureStatements.ofRestoredTables()).orThrow().strip());
      engine.query(JobSteps.fill(d.record(), vars)).orThrow();
      assertThat(engine.query(JobSteps.fill(d.result(), vars)).orThrow().strip())
          .isEqualTo(DrillRecord.PASSED);
    }
    DrillRecord drill = DrillRecord.parse(get("scratch/" + B1 + "/" + DrillRecord.FILE));
    assertThat(drill.passed()).isTrue();
    assertThat(drill.tables()).isEqualTo(1);
    assertThat(drill.mismatches()).isEmpty();
    String verified = verify(NOW);
    assertThat(verified).startsWith("ok      acme/scratch").doesNotContain("FAILED");

    // The restore job's statements into a fresh service: the layout from the manifest.
    BackupStatements target = statements("scratch-copy");
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("restored"))) {
      String latest = engine.query(target.latestRestorable("scratch")).orThrow().strip();
      assertThat(latest).isEqualTo(B1);
      String layout =
          engine
              .query(BackupLayout.ofManifest(target.target(), "scratch", latest))
              .orThrow()
              .strip();
      assertThat(layout).isEqualTo(BackupLayout.ROOT);
      String restore = target.restore("scratch", latest, layout);
      assertThat(restore).doesNotContain("ON CLUSTER");
      engine.query(restore).orThrow();
      assertThat(BackupRestoreEndToEndTest.follow(engine, target.restoreOperationId(latest)))
          .isEqualTo("RESTORED");
      engine.query(target.restoreRecord("scratch", latest)).orThrow();
      assertThat(contents(engine)).isEqualTo(atB1);

      // A manifest written before the layout was recorded: a backup taken ON CLUSTER.
      String legacy = manifestText.replace(",\"layout\":\"root\"", "");
      assertThat(legacy).doesNotContain("layout");
      client.putObject(
          b -> b.bucket(bucket).key("legacy/" + B1 + "/" + BackupManifest.FILE),
          RequestBody.fromString(legacy));
      assertThat(
              engine
                  .query(BackupLayout.ofManifest(target.target(), "legacy", B1))
                  .orThrow()
                  .strip())
          .isEqualTo(BackupLayout.CLUSTER);
      assertThat(BackupManifest.parse(legacy).layout()).isEqualTo(BackupLayout.CLUSTER);
      assertThat(target.restore("legacy", B1, BackupLayout.CLUSTER))
          .contains(" ON CLUSTER 'main' FROM S3(");
    }
  }
}
