package io.clickplane.backup.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.core.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered backup and restore scripts under Job retries, run by {@code /bin/sh} against a
 * stand-in {@code clickhouse-client} that answers {@code system.backups} from a scripted list of
 * statuses and records every statement it is sent. A retried Job must follow the operation the
 * server already runs, never start a second one beside it.
 */
class BackupScriptRetryTest {
  @TempDir Path dir;

  /** The CronJob controller's name of the Job scheduled at minute 29,420,000 since the epoch. */
  static final String JOB = "backup-events-29420000";

  static final String ID = BackupId.of(Instant.ofEpochSecond(29_420_000L * 60));

  private static BackupStatements sql(PlatformSpec spec) {
    OrganisationSpec acme = spec.organisation("acme").orElseThrow();
    return BackupRenderer.statements(spec, acme, acme.service("events").orElseThrow());
  }

  /**
   * Runs {@code script} with {@code statuses} as the successive answers to a {@code system.backups}
   * status query (the last one repeats); returns the statements sent, one per line.
   */
  private List<String> run(String script, String restoreRunning, String... statuses)
      throws Exception {
    return run(script, restoreRunning, "no statement contains this", 0, statuses);
  }

  /**
   * As above; a statement containing {@code failOn} fails as ClickHouse fails, and the script must
   * exit with {@code exit}.
   */
  private List<String> run(
      String script, String restoreRunning, String failOn, int exit, String... statuses)
      throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("queries.log");
    Path answers = dir.resolve("statuses");
    Files.writeString(answers, String.join("\n", statuses) + "\n");
    executable(
        bin.resolve("clickhouse-client"),
        "#!/bin/sh\n"
            + "while [ $# -gt 0 ]; do [ \"$1\" = --query ] && q=\"$2\"; shift; done\n"
            + "printf '%s\\n' \"$q\" | tr '\\n' ' ' >> \""
            + log
            + "\"; echo >> \""
            + log
            + "\"\n"
            + "case \"$q\" in\n"
            + "  *\"$(cat \""
            + dir.resolve("fail-on")
            + "\")\"*) echo 'Code: 36. DB::Exception: no. (BAD_ARGUMENTS)' >&2; exit 1 ;;\n"
            + "  *\"position(b, '<name>metadata/')\"*) cat \""
            + dir.resolve("layout")
            + "\" ;;\n"
            + "  *'FROM system.backups WHERE id ='*)\n"
            + "    s=$(head -n 1 \""
            + answers
            + "\"); n=$(wc -l < \""
            + answers
            + "\")\n"
            + "    if [ \"$n\" -gt 1 ]; then tail -n +2 \""
            + answers
            + "\" > \""
            + answers
            + ".next\"; mv \""
            + answers
            + ".next\" \""
            + answers
            + "\"; fi\n"
            + "    echo \"$s\" ;;\n"
            + "  *'FROM system.backups WHERE startsWith'*) echo '"
            + restoreRunning
            + "' ;;\n"
            + "  *\"SELECT if(layout = ''\"*) cat \""
            + dir.resolve("manifest-layout")
            + "\" ;;\n"
            + "  *clusterAllReplicas*) echo 6 ;;\n"
            // a manifest reads good once the operation has reached its last scripted status
            + "  *'AND verified) FROM'*) [ \"$(head -n 1 \""
            + answers
            + "\")\" = BACKUP_CREATED ] && echo 1 || echo 0 ;;\n"
            + "  *'ORDER BY backup_id DESC'*) echo "
            + ID
            + " ;;\n"
            + "  *'SELECT count() FROM s3('*) echo 0 ;;\n"
            + "  *'SELECT count() FROM system.tables'*) echo 0 ;;\n"
            + "  *) echo '' ;;\n"
            + "esac\n");
    executable(bin.resolve("sleep"), "#!/bin/sh\nexit 0\n");
    Files.writeString(dir.resolve("fail-on"), failOn);
    if (!Files.exists(dir.resolve("manifest-layout"))) {
      Files.writeString(dir.resolve("manifest-layout"), "cluster\n");
    }
    if (!Files.exists(dir.resolve("layout"))) {
      Files.writeString(dir.resolve("layout"), "1\n");
    }
    Path file = dir.resolve("job.sh");
    Files.writeString(file, script);
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", file.toString()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("JOB_NAME", JOB);
    pb.environment().put("CLICKHOUSE_HOST", "chi-events-main-0-0");
    pb.environment().put("CLICKHOUSE_PORT", "9000");
    pb.environment().put("CLICKHOUSE_USER", "admin");
    pb.environment().put("CLICKHOUSE_PASSWORD", "x");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(exit);
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static void executable(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static long started(List<String> queries, String statement) {
    return queries.stream().filter(q -> q.startsWith(statement)).count();
  }

  @Test
  void aRetriedBackupJobFollowsTheRunningBackupInsteadOfStartingAnother() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    BackupStatements sql = sql(spec);
    List<String> queries =
        run(
            BackupScripts.backup(sql),
            "",
            "CREATING_BACKUP",
            "CREATING_BACKUP",
            "CREATING_BACKUP",
            "BACKUP_CREATED");
    assertThat(started(queries, "BACKUP ")).as(String.join("\n", queries)).isZero();
    assertThat(queries)
        .as("the status is asked of the server by the scheduled run's id")
        .anyMatch(q -> q.contains("WHERE id = '" + sql.operationId(ID) + "'"));
    assertThat(queries).noneMatch(q -> q.contains("'running' AS status"));
  }

  @Test
  void aFirstRunStartsOneAsyncBackupNamedByItsScheduledTimeAndFollowsIt() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    BackupStatements sql = sql(spec);
    List<String> queries =
        run(BackupScripts.backup(sql), "", "", "CREATING_BACKUP", "BACKUP_CREATED");
    assertThat(started(queries, "BACKUP ")).as(String.join("\n", queries)).isEqualTo(1);
    String backup = queries.stream().filter(q -> q.startsWith("BACKUP ")).findFirst().get();
    assertThat(backup)
        .contains("SETTINGS id = '" + sql.operationId(ID) + "'")
        .contains("events/" + ID + "/")
        .endsWith(" ASYNC ");
    assertThat(queries).anyMatch(q -> q.contains("'running' AS status"));
  }

  @Test
  void aBackupWhoseFiguresCannotBeReadBackIsRecordedWithoutThemAndFailsTheJob() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    BackupStatements sql = sql(spec);
    List<String> queries =
        run(
            BackupScripts.backup(sql),
            "",
            "ENGINE = Backup(",
            1,
            "",
            "CREATING_BACKUP",
            "BACKUP_CREATED");
    assertThat(started(queries, "BACKUP ")).isEqualTo(1);
    List<String> manifests =
        queries.stream()
            .filter(q -> q.startsWith("INSERT INTO FUNCTION") && q.contains("system.backups"))
            .toList();
    assertThat(manifests).as(String.join("\n", queries)).hasSize(1);
    assertThat(manifests.get(0)).contains(", false, [], 'root' FROM system.backups");
    assertThat(queries)
        .as("the backup itself was created; only its figures could not be read")
        .noneMatch(q -> q.contains("' AS database, '"))
        .anyMatch(q -> q.contains("ENGINE = Backup("));
    assertThat(queries)
        .as("the attached backup databases are dropped again")
        .anyMatch(q -> q.contains("concat('DROP DATABASE IF EXISTS ', name)"));
  }

  @Test
  void aBackupKeptPerShardIsRecordedWithoutFiguresAndTheJobStillSucceeds() throws Exception {
    // BACKUP ... ON CLUSTER keeps shards/<n>/replicas/<m>/metadata/..., which the Backup
    // database engine does not read: the figures would be empty, and a drill would pass on
    // nothing. The job records none instead (and takes no databases attached).
    Files.writeString(dir.resolve("layout"), "0\n");
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    List<String> queries =
        run(BackupScripts.backup(sql(spec)), "", "", "CREATING_BACKUP", "BACKUP_CREATED");
    List<String> manifests =
        queries.stream()
            .filter(q -> q.startsWith("INSERT INTO FUNCTION") && q.contains("system.backups"))
            .toList();
    assertThat(manifests).as(String.join("\n", queries)).hasSize(1);
    assertThat(manifests.get(0)).contains(", false, [], 'root' FROM system.backups");
    assertThat(queries).noneMatch(q -> q.contains("ENGINE = Backup("));
  }

  @Test
  void aBackupRecordsTheFiguresTheGeneratedQueryReadsFromIt() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    BackupStatements sql = sql(spec);
    List<String> queries =
        run(BackupScripts.backup(sql), "", "", "CREATING_BACKUP", "BACKUP_CREATED");
    String manifest =
        queries.stream()
            .filter(q -> q.startsWith("INSERT INTO FUNCTION") && q.contains("system.backups"))
            .findFirst()
            .orElseThrow();
    assertThat(manifest).contains(", true, (SELECT CAST(groupArray(tuple(d, n, r, c)),");
  }

  @Test
  void aRetriedRestoreJobFollowsTheRestoreItStartedInsteadOfResolvingLatestAgain()
      throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    BackupStatements sql = sql(spec);
    String script =
        BackupScripts.restore(
            sql, new RestoreSpec("events", RestoreSpec.LATEST), 6, List.of("chi-events-main-0-0"));
    List<String> queries = run(script, ID, "RESTORING", "RESTORED");
    assertThat(started(queries, "RESTORE ")).as(String.join("\n", queries)).isZero();
    assertThat(queries)
        .anyMatch(q -> q.contains("WHERE id = '" + sql.restoreOperationId(ID) + "'"))
        .noneMatch(q -> q.contains("ORDER BY backup_id DESC"));

    List<String> first = run(script, "", "RESTORING", "RESTORED");
    assertThat(started(first, "RESTORE ")).as(String.join("\n", first)).isEqualTo(1);
  }

  @Test
  void aRestoreJobRestoresARootLayoutBackupWithoutOnClusterAndAnOlderOneOnTheCluster()
      throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    String script =
        BackupScripts.restore(
            sql(spec),
            new RestoreSpec("events", RestoreSpec.LATEST),
            6,
            List.of("chi-events-main-0-0"));
    Files.writeString(dir.resolve("manifest-layout"), "root\n");
    List<String> root = run(script, "", "RESTORING", "RESTORED");
    assertThat(root.stream().filter(q -> q.startsWith("RESTORE ")).toList())
        .as(String.join("\n", root))
        .singleElement()
        .satisfies(q -> assertThat(q).doesNotContain("ON CLUSTER").contains("events/" + ID + "/"));
    Files.delete(dir.resolve("queries.log"));
    // A manifest without the field (written before it existed) reads as 'cluster'.
    Files.writeString(dir.resolve("manifest-layout"), "cluster\n");
    List<String> cluster = run(script, "", "RESTORING", "RESTORED");
    assertThat(cluster.stream().filter(q -> q.startsWith("RESTORE ")).toList())
        .as(String.join("\n", cluster))
        .singleElement()
        .satisfies(q -> assertThat(q).contains(" ON CLUSTER 'main' FROM S3("));
  }

  @Test
  void aOneHostServiceTakesItsBackupWithoutOnClusterAndRecordsTheRootLayout() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    OrganisationSpec acme = spec.organisation("acme").orElseThrow();
    BackupStatements sql =
        BackupRenderer.statements(spec, acme, acme.service("scratch").orElseThrow());
    List<String> queries =
        run(BackupScripts.backup(sql), "", "", "CREATING_BACKUP", "BACKUP_CREATED");
    assertThat(queries.stream().filter(q -> q.startsWith("BACKUP ")).toList())
        .singleElement()
        .satisfies(q -> assertThat(q).doesNotContain("ON CLUSTER"));
    assertThat(queries)
        .anyMatch(q -> q.contains("'root' AS layout"))
        .anyMatch(q -> q.contains(", 'root' FROM system.backups") && q.contains(", true, ("));
  }
}
