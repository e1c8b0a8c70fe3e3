package io.clickplane.backup.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.render.BackupRenderer;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered drill script under {@code /bin/sh} against a stand-in {@code clickhouse} (the {@code
 * clickhouse local} the pod runs) that answers by statement and records every statement it is sent:
 * a retried Job of a passed drill restores nothing; a restore that fails is recorded with its error
 * (hex-encoded by the shell) and fails the Job; a restore that works is compared and recorded.
 */
class DrillScriptTest {
  @TempDir Path dir;

  static final String JOB = "drill-events-29420000";
  static final String DRILL_ID = BackupId.of(Instant.ofEpochSecond(29_420_000L * 60));
  static final String BACKUP = "20261206T020000Z";

  record Run(int exit, String output, List<String> queries) {}

  private static String script() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    OrganisationSpec acme = spec.organisation("acme").orElseThrow();
    return DrillScripts.drill(
        new DrillStatements(
            BackupRenderer.statements(spec, acme, acme.service("events").orElseThrow())));
  }

  /**
   * Runs the drill with the stand-in answering: {@code passed} to the "already passed" question,
   * {@code copyFails} to make the restore's copy statement fail, {@code result} as the record's
   * result.
   */
  private Run run(String passed, boolean copyFails, String result) throws Exception {
    return run(passed, copyFails, result, "root\\t1");
  }

  /** As above, the chosen backup's manifest giving {@code shape} (layout TAB shards). */
  private Run run(String passed, boolean copyFails, String result, String shape) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("queries.log");
    Files.deleteIfExists(log);
    executable(
        bin.resolve("clickhouse"),
        "#!/bin/sh\n"
            + "while [ $# -gt 0 ]; do [ \"$1\" = --query ] && q=\"$2\"; shift; done\n"
            + "printf '%s\\n' \"$q\" | tr '\\n' ' ' >> \""
            + log
            + "\"; echo >> \""
            + log
            + "\"\n"
            + "case \"$q\" in\n"
            + "  *\"layout), shards FROM\"*) printf '"
            + shape
            + "\\n' ;;\n"
            + "  *\"drill_id String, result String\"*) echo "
            + passed
            + " ;;\n"
            + "  *'ORDER BY backup_id DESC'*) echo "
            + BACKUP
            + " ;;\n"
            + "  *\"'CREATE DATABASE '\"*) echo 'CREATE DATABASE _clickplane_backup_73686F70 ENGINE"
            + " = Backup(x)' ;;\n"
            + "  *\"arrayJoin([concat('CREATE DATABASE IF NOT EXISTS '\"*) printf '%s\\n' 'CREATE"
            + " DATABASE IF NOT EXISTS `shop`' 'CREATE TABLE `shop`.`o` AS x' ;;\n"
            + "  'CREATE TABLE `shop`.`o` AS x') "
            + (copyFails
                ? "echo 'Code: 40. DB::Exception: Checksum doesn'\\''t match. (CHECKSUM_DOESNT_MATCH)'"
                    + " >&2; exit 1 ;;\n"
                : "exit 0 ;;\n")
            + "  *'SELECT result FROM'*) echo "
            + result
            + " ;;\n"
            + "  *) echo '' ;;\n"
            + "esac\n");
    Path file = dir.resolve("drill.sh");
    Files.writeString(file, script());
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", file.toString()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("JOB_NAME", JOB);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, Files.exists(log) ? Files.readAllLines(log) : List.of());
  }

  private static void executable(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aRetriedJobOfAPassedDrillRestoresNothing() throws Exception {
    Run r = run("1", false, "passed");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("drill " + DRILL_ID + " already passed");
    assertThat(r.queries()).hasSize(1);
    assertThat(r.queries().get(0)).contains("drill_id = '" + DRILL_ID + "'");
  }

  @Test
  void aRestoreThatWorksIsComparedAndRecorded() throws Exception {
    Run r = run("0", false, "passed");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.queries()).anyMatch(q -> q.startsWith("CREATE TABLE `shop`.`o` AS x"));
    String record =
        r.queries().stream()
            .filter(q -> q.startsWith("INSERT INTO FUNCTION") && q.contains("FULL OUTER JOIN"))
            .findFirst()
            .orElseThrow();
    assertThat(record)
        .contains("events/" + BACKUP + "/drill.json")
        .contains("'" + DRILL_ID + "'")
        .doesNotContain("${");
    assertThat(r.output()).contains("drill " + DRILL_ID + " of backup " + BACKUP + ": passed");
  }

  @Test
  void aBackupKeptPerShardIsAttachedShardByShardBeforeTheCopy() throws Exception {
    Run r = run("0", false, "passed", "shards\\t3");
    assertThat(r.exit()).as(r.output()).isZero();
    List<String> attach =
        r.queries().stream().filter(q -> q.startsWith("SELECT concat('CREATE DATABASE '")).toList();
    assertThat(attach).as(String.join("\n", r.queries())).hasSize(3);
    for (int n = 1; n <= 3; n++) {
      assertThat(attach.get(n - 1))
          .contains("'_clickplane_backup_s" + n + "_'")
          .contains("events/" + BACKUP + "/shard-" + n + "/");
    }
    assertThat(r.queries()).anyMatch(q -> q.startsWith("CREATE TABLE `shop`.`o` AS x"));
    // A root-layout backup is attached whole, once.
    Run root = run("0", false, "passed");
    assertThat(
            root.queries().stream()
                .filter(q -> q.startsWith("SELECT concat('CREATE DATABASE '"))
                .toList())
        .singleElement()
        .satisfies(q -> assertThat(q).contains("'_clickplane_backup_'").doesNotContain("shard-"));
  }

  @Test
  void aRestoreThatFailsIsRecordedWithItsErrorAndFailsTheJob() throws Exception {
    Run r = run("0", true, "failed");
    assertThat(r.exit()).as(r.output()).isEqualTo(1);
    String record =
        r.queries().stream()
            .filter(q -> q.startsWith("INSERT INTO FUNCTION") && q.contains("unhex("))
            .findFirst()
            .orElseThrow();
    String error = "Code: 40. DB::Exception: Checksum doesn't match. (CHECKSUM_DOESNT_MATCH)";
    assertThat(record)
        .contains(
            "unhex('" + HexFormat.of().formatHex(error.getBytes(StandardCharsets.UTF_8)) + "')");
    assertThat(r.queries()).noneMatch(q -> q.contains("FULL OUTER JOIN"));
    assertThat(r.output()).contains(": failed");
  }
}
