package io.clickplane.backup.shards;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.render.BackupRenderer;
import io.clickplane.backup.render.BackupScripts;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered scripts of a service of two shards (globex/clicks), run by {@code /bin/sh} against a
 * stand-in {@code clickhouse-client} that answers per server: {@code system.backups} from a
 * scripted list of statuses per host, and records every statement with the host it was sent to.
 * Each shard's statements must go to its own server, a retried Job must follow what a server
 * already runs, and a restore must go shard by shard, shard 1 first.
 */
class ShardScriptsTest {
  @TempDir Path dir;

  static final String JOB = "backup-clicks-29420000";
  static final String ID = BackupId.of(Instant.ofEpochSecond(29_420_000L * 60));
  static final String H0 = "chi-clicks-main-0-0";
  static final String H1 = "chi-clicks-main-1-0";

  PlatformSpec spec;
  OrganisationSpec globex;
  ServiceSpec clicks;
  BackupStatements sql;

  /** The job's own server ({@code CLICKHOUSE_HOST}): replica 0 of shard 0 of its service. */
  String jobHost = H0;

  @BeforeEach
  void load() throws Exception {
    spec = StackConfig.load(Repo.stackFile("dev"));
    globex = spec.organisation("globex").orElseThrow();
    clicks = globex.service("clicks").orElseThrow();
    sql = BackupRenderer.statements(spec, globex, clicks);
  }

  /** One statement the stand-in received: the server and the statement. */
  record Sent(String host, String query) {}

  /**
   * Runs {@code script}; {@code statuses} per host are the successive answers to its status queries
   * (the last repeats, none means no operation); {@code files} are further answers (see the
   * stand-in). Returns the statements sent.
   */
  private List<Sent> run(
      String script, int exit, Map<String, List<String>> statuses, Map<String, String> files)
      throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("queries.log");
    Files.deleteIfExists(log);
    for (Map.Entry<String, List<String>> e : statuses.entrySet()) {
      Files.writeString(
          dir.resolve("status-" + e.getKey()), String.join("\n", e.getValue()) + "\n");
    }
    for (Map.Entry<String, String> e : files.entrySet()) {
      Files.writeString(dir.resolve(e.getKey()), e.getValue());
    }
    String d = dir.toString();
    executable(
        bin.resolve("clickhouse-client"),
        "#!/bin/sh\n"
            + "while [ $# -gt 0 ]; do\n"
            + "  [ \"$1\" = --query ] && q=\"$2\"\n"
            + "  [ \"$1\" = --host ] && h=\"$2\"\n"
            + "  shift\n"
            + "done\n"
            + "printf '%s|%s\\n' \"$h\" \"$(printf '%s' \"$q\" | tr '\\n' ' ')\" >> \""
            + log
            + "\"\n"
            + "D=\""
            + d
            + "\"\n"
            + "answer() { if [ -f \"$D/$1\" ]; then cat \"$D/$1\"; else echo \"$2\"; fi; }\n"
            + "case \"$q\" in\n"
            + "  *'SELECT status FROM system.backups WHERE id ='*)\n"
            + "    f=\"$D/status-$h\"; [ -f \"$f\" ] || { echo ''; exit 0; }\n"
            + "    s=$(head -n 1 \"$f\"); n=$(wc -l < \"$f\")\n"
            + "    if [ \"$n\" -gt 1 ]; then tail -n +2 \"$f\" > \"$f.next\"; mv \"$f.next\" \"$f\";"
            + " fi\n"
            + "    echo \"$s\" ;;\n"
            + "  *\"ifNull(base_backup_id, '')\"*)\n"
            + "    [ -f \"$D/manifest-base\" ] || { echo 'Code: 636. no file' >&2; exit 1; }\n"
            + "    cat \"$D/manifest-base\" ;;\n"
            + "  *'shard-{1..2}.json'*) echo 1 > \"$D/manifest-good\" ;;\n"
            + "  *'AND verified) FROM'*'shard-1.json'*) answer good-1 0 ;;\n"
            + "  *'AND verified) FROM'*'shard-2.json'*) answer good-2 0 ;;\n"
            + "  *'AND verified) FROM'*) answer manifest-good 0 ;;\n"
            + "  *'ORDER BY backup_id DESC'*) answer choose '' ;;\n"
            + "  *\"SELECT if(layout = ''\"*) echo shards ;;\n"
            + "  *clusterAllReplicas*) echo 4 ;;\n"
            + "  *\"'SYSTEM SYNC DATABASE REPLICA '\"*) echo 'SYSTEM SYNC DATABASE REPLICA `sales`' ;;\n"
            + "  *\"'CREATE DATABASE IF NOT EXISTS '\"*)"
            + " echo \"CREATE DATABASE IF NOT EXISTS \\`sales\\` ON CLUSTER 'main'\" ;;\n"
            + "  *'FROM system.backups WHERE startsWith'*) answer restore-running '' ;;\n"
            + "  *'SELECT count() FROM'*) echo 0 ;;\n"
            + "  *) echo '' ;;\n"
            + "esac\n");
    executable(bin.resolve("sleep"), "#!/bin/sh\nexit 0\n");
    Path file = dir.resolve("job.sh");
    Files.writeString(file, script);
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", file.toString()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("JOB_NAME", JOB);
    pb.environment().put("CLICKHOUSE_HOST", jobHost);
    pb.environment().put("CLICKHOUSE_PORT", "9000");
    pb.environment().put("CLICKHOUSE_USER", "admin");
    pb.environment().put("CLICKHOUSE_PASSWORD", "x");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(exit);
    return Files.readAllLines(log).stream()
        .map(l -> new Sent(l.substring(0, l.indexOf('|')), l.substring(l.indexOf('|') + 1)))
        .toList();
  }

  private static void executable(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static List<Sent> starting(List<Sent> sent, String statement) {
    return sent.stream().filter(s -> s.query().startsWith(statement)).toList();
  }

  private String backupScript() {
    return ShardScripts.backup(sql, BackupRenderer.shardHosts(clicks));
  }

  @Test
  void aFirstRunTakesEachShardsBackupOnItsOwnServerAndWritesTheManifestFromTheirRecords()
      throws Exception {
    List<Sent> sent =
        run(
            backupScript(),
            0,
            Map.of(
                H0, List.of("", "CREATING_BACKUP", "BACKUP_CREATED"),
                H1, List.of("", "CREATING_BACKUP", "CREATING_BACKUP", "BACKUP_CREATED")),
            Map.of());
    String all = String.join("\n", sent.stream().map(Sent::toString).toList());
    List<Sent> backups = starting(sent, "BACKUP ");
    assertThat(backups).as(all).hasSize(2);
    assertThat(backups.get(0).host()).isEqualTo(H0);
    assertThat(backups.get(0).query())
        .contains("TABLE system.users")
        .contains("clicks/" + ID + "/shard-1/")
        .doesNotContain("base_backup");
    assertThat(backups.get(1).host()).isEqualTo(H1);
    assertThat(backups.get(1).query())
        .doesNotContain("system.users")
        .contains("clicks/" + ID + "/shard-2/");
    // Each shard's record is written by the server that took it.
    assertThat(sent)
        .filteredOn(
            s -> s.query().startsWith("INSERT INTO FUNCTION") && s.query().contains(".json'"))
        .extracting(Sent::host, s -> s.query().contains("shard-1.json") ? 1 : 2)
        .contains(
            org.assertj.core.groups.Tuple.tuple(H0, 1), org.assertj.core.groups.Tuple.tuple(H1, 2));
    assertThat(sent)
        .as("the manifest is started, then written from the shards' records with the figures")
        .anyMatch(s -> s.query().contains("'running' AS status"))
        .anyMatch(
            s ->
                s.query().contains("shard-{1..2}.json")
                    && s.query().contains(", true, (SELECT CAST(groupArray(tuple(d, n, r, c))"));
    assertThat(sent)
        .as("both shards' databases are attached to read the figures")
        .anyMatch(s -> s.query().contains("'_clickplane_backup_s1_'"))
        .anyMatch(s -> s.query().contains("'_clickplane_backup_s2_'"));
  }

  @Test
  void aRetriedRunLeavesADoneShardAloneFollowsARunningOneAndKeepsTheRecordedBase()
      throws Exception {
    String base = "20261129T020000Z";
    List<Sent> sent =
        run(
            backupScript(),
            0,
            Map.of(H1, List.of("CREATING_BACKUP", "CREATING_BACKUP", "BACKUP_CREATED")),
            Map.of("manifest-base", base + "\n", "good-1", "1\n"));
    String all = String.join("\n", sent.stream().map(Sent::toString).toList());
    assertThat(starting(sent, "BACKUP ")).as(all).isEmpty();
    assertThat(sent)
        .as("no new base is chosen and no new manifest started")
        .noneMatch(s -> s.query().contains("ORDER BY backup_id DESC"))
        .noneMatch(s -> s.query().contains("'running' AS status"));
    assertThat(sent)
        .as("shard 1's good record is not overwritten")
        .noneMatch(
            s ->
                s.query().startsWith("INSERT INTO FUNCTION")
                    && s.query().contains("shard-1.json'"));
    assertThat(sent)
        .anyMatch(
            s ->
                s.host().equals(H1)
                    && s.query().startsWith("INSERT INTO FUNCTION")
                    && s.query().contains("shard-2.json'"));
    assertThat(sent)
        .anyMatch(
            s ->
                s.query().contains("shard-{1..2}.json")
                    && s.query().contains("nullIf('" + base + "', '') AS base_backup_id"));
  }

  @Test
  void aFailedShardFailsTheJobAndTheManifestIsWrittenWithoutFigures() throws Exception {
    List<Sent> sent =
        run(
            backupScript(),
            1,
            Map.of(
                H0, List.of("", "CREATING_BACKUP", "BACKUP_CREATED"),
                H1, List.of("", "CREATING_BACKUP", "BACKUP_FAILED")),
            Map.of());
    assertThat(starting(sent, "BACKUP ")).hasSize(2);
    assertThat(sent)
        .noneMatch(s -> s.query().contains("ENGINE = Backup("))
        .anyMatch(
            s -> s.query().contains("shard-{1..2}.json") && s.query().contains(", false, []"));
  }

  /** The restore Job of clicks-copy, a new service of two shards restored from clicks. */
  private String restoreScript() {
    ServiceSpec copy = clicks.withName("clicks-copy");
    jobHost = "chi-clicks-copy-main-0-0";
    return BackupScripts.restore(
        BackupRenderer.statements(spec, globex, copy),
        new RestoreSpec("clicks", ID),
        4,
        BackupRenderer.shardHosts(copy));
  }

  @Test
  void aRestoreGoesShardByShardShardOneFirstEachOnItsOwnServer() throws Exception {
    String script = restoreScript();
    List<Sent> sent =
        run(
            script,
            0,
            Map.of(
                "chi-clicks-copy-main-0-0", List.of("", "RESTORING", "RESTORED"),
                "chi-clicks-copy-main-1-0", List.of("", "RESTORING", "RESTORED")),
            Map.of());
    List<String> order =
        sent.stream()
            .filter(
                s ->
                    s.query().startsWith("RESTORE ")
                        || s.query().startsWith("SYSTEM SYNC")
                        || s.query().startsWith("CREATE DATABASE"))
            .map(s -> s.host() + " " + s.query().substring(0, s.query().indexOf(' ', 8)))
            .toList();
    assertThat(order)
        .as(String.join("\n", sent.stream().map(Sent::toString).toList()))
        .containsExactly(
            "chi-clicks-copy-main-0-0 CREATE DATABASE",
            "chi-clicks-copy-main-0-0 RESTORE TABLE",
            "chi-clicks-copy-main-1-0 SYSTEM SYNC",
            "chi-clicks-copy-main-1-0 RESTORE ALL");
    assertThat(starting(sent, "RESTORE "))
        .extracting(
            s ->
                s.query()
                    .contains(
                        "clicks/" + ID + "/shard-" + (s.host().endsWith("0-0") ? 1 : 2) + "/"))
        .containsExactly(true, true);
    assertThat(starting(sent, "RESTORE ")).noneMatch(s -> s.query().contains("ON CLUSTER"));
    assertThat(sent)
        .anyMatch(
            s ->
                s.host().equals("chi-clicks-copy-main-0-0")
                    && s.query().startsWith("INSERT INTO FUNCTION")
                    && s.query().contains("restore.json"));
  }

  @Test
  void aRestoreThatFailsAtShardTwoRecordsItsFailureAndExits() throws Exception {
    String script = restoreScript();
    List<Sent> sent =
        run(
            script,
            1,
            Map.of(
                "chi-clicks-copy-main-0-0", List.of("", "RESTORED"),
                "chi-clicks-copy-main-1-0", List.of("", "RESTORE_FAILED")),
            Map.of());
    assertThat(sent)
        .filteredOn(
            s -> s.query().startsWith("INSERT INTO FUNCTION") && s.query().contains("restore.json"))
        .extracting(Sent::host)
        .containsExactly("chi-clicks-copy-main-1-0");
  }
}
