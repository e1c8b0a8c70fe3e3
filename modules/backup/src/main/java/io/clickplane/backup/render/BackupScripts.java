package io.clickplane.backup.render;

import io.clickplane.backup.drill.FigureStatements;
import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupLayout;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.plan.RestoreDatabases;
import io.clickplane.backup.shards.ShardScripts;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.RestoreSpec;
import java.util.List;

/**
 * The shell scripts the backup CronJob and the restore Job run with {@code clickhouse-client}.
 * Every SQL statement in them comes from {@link BackupStatements}; the job's shell fills in the
 * backup id and base at run time.
 */
public final class BackupScripts {
  /** Placeholders for shell variables ({@code @@NAME@@} becomes {@code ${NAME}} after quoting). */
  private static final String ID = "@@BACKUP_ID@@";

  private static final String BASE = "@@BASE_ID@@";

  private static final String FIGURES = "@@FIGURES@@";

  /**
   * {@code run_each QUERY}: runs every statement the query yields (one per line), stopping at the
   * first that fails. No pipeline status is lost: the query's own failure returns at once.
   */
  public static final String RUN_EACH =
      "run_each() {\n"
          + "  L=$(ch \"$1\") || return 1\n"
          + "  printf '%s\\n' \"$L\" | while IFS= read -r q; do\n"
          + "    [ -z \"$q\" ] || ch \"$q\" >/dev/null || exit 1\n"
          + "  done\n"
          + "}\n";

  /** Tries (10 s apart) while waiting for every replica of a new service. */
  static final int READY_TRIES = 180;

  private BackupScripts() {}

  /** {@code ch QUERY}: the query on the job's server ({@code CLICKHOUSE_HOST}). */
  public static final String CLIENT =
      "ch() {\n"
          + "  clickhouse-client --host \"$CLICKHOUSE_HOST\" --port \"$CLICKHOUSE_PORT\""
          + " --user \"$CLICKHOUSE_USER\" --password \"$CLICKHOUSE_PASSWORD\" --query \"$1\"\n"
          + "}\n";

  /** Seconds between two looks at {@code system.backups} while following an operation. */
  static final int POLL_SECONDS = 10;

  /**
   * {@code follow QUERY}: asks the status query until the operation is no longer in progress and
   * prints its final status. Bounded by the Job's {@code activeDeadlineSeconds}.
   */
  public static final String FOLLOW =
      "follow() {\n"
          + "  while :; do\n"
          + "    S=$(ch \"$1\")\n"
          + "    case \"$S\" in\n"
          + "      "
          + String.join("|", BackupStatements.IN_PROGRESS)
          + ") sleep "
          + POLL_SECONDS
          + " ;;\n"
          + "      *) echo \"$S\"; return 0 ;;\n"
          + "    esac\n"
          + "  done\n"
          + "}\n";

  /**
   * The backup id from the Job's name: the CronJob controller names each Job {@code
   * <cronjob>-<scheduled time in minutes since the epoch>} (kubernetes/kubernetes
   * pkg/controller/cronjob/utils.go, {@code getJobName}), so every retry of a scheduled run
   * computes the same id. A Job created by hand ({@code kubectl create job --from=cronjob/...})
   * without such a suffix takes its start time.
   */
  public static final String ID_FROM_JOB =
      "MINUTE=${JOB_NAME##*-}\n"
          + "case \"$MINUTE\" in\n"
          + "  ''|*[!0-9]*) BACKUP_ID=$(date -u "
          + BackupId.DATE_FORMAT
          + ") ;;\n"
          + "  *) BACKUP_ID=$(date -u -d \"@$((MINUTE * 60))\" "
          + BackupId.DATE_FORMAT
          + ") ;;\n"
          + "esac\n";

  /**
   * The backup job: the id of the scheduled run; if the server already runs (or ran) that backup, a
   * retried Job follows it instead of starting a second one; otherwise choose full or incremental,
   * record, start it {@code ASYNC}, follow {@code system.backups} on the same server, record,
   * check.
   */
  public static String backup(BackupStatements sql) {
    String status = BackupStatements.operationStatus(sql.operationId(ID));
    return "#!/bin/sh\n"
        + "# Backup of "
        + sql.organisation()
        + "/"
        + sql.service()
        + ": a full backup when the last verified full one is older than "
        + BackupStatements.FULL_AFTER_HOURS
        + " hours,\n# otherwise an incremental one against it. The manifest records every step.\n"
        + "set -eu\n"
        + CLIENT
        + FOLLOW
        + ID_FROM_JOB
        + "STATUS=$(ch "
        + quote(status)
        + ")\n"
        + "if [ -z \"$STATUS\" ] && [ \"$(ch "
        + quote(sql.manifestGood(ID))
        + " 2>/dev/null || true)\" = \"1\" ]; then\n"
        + "  echo \"backup $BACKUP_ID already taken and verified\"\n"
        + "  exit 0\n"
        + "fi\n"
        + "if [ -z \"$STATUS\" ]; then\n"
        + "  BASE_ID=$(ch "
        + quote(sql.chooseBase(BackupStatements.fullBackupHorizon()))
        + ")\n"
        + "  echo \"backup $BACKUP_ID: ${BASE_ID:+incremental against }${BASE_ID:-full}\"\n"
        + "  ch "
        + quote(sql.manifestStarted(ID, BASE))
        + "\n"
        + "  if [ -z \"$BASE_ID\" ]; then\n"
        + "    ch "
        + quote(sql.backup(ID, ""))
        + " >/dev/null\n"
        + "  else\n"
        + "    ch "
        + quote(sql.backup(ID, BASE))
        + " >/dev/null\n"
        + "  fi\n"
        + "else\n"
        + "  echo \"backup $BACKUP_ID already started ($STATUS): following it\"\n"
        + "  BASE_ID=$(ch "
        + quote(sql.manifestBase(ID))
        + ")\n"
        + "fi\n"
        + "STATUS=$(follow "
        + quote(status)
        + ")\n"
        + RUN_EACH
        + "FIGURED=0\n"
        + "LAYOUT=1\n"
        + "if [ \"$STATUS\" = \"BACKUP_CREATED\" ]; then\n"
        + "  LAYOUT=$(ch "
        + quote(FigureStatements.readableLayout(sql.target(), sql.backupPrefix(ID)))
        + ")\n"
        + "fi\n"
        + "if [ \"$LAYOUT\" != \"1\" ]; then\n"
        + "  echo \"backup $BACKUP_ID keeps its data per shard and replica (ON CLUSTER), which the"
        + " Backup database engine cannot read: no table figures, so no drill can check it\" >&2\n"
        + "fi\n"
        + "if [ \"$STATUS\" = \"BACKUP_CREATED\" ] && [ \"$LAYOUT\" = \"1\" ] && run_each "
        + quote(FigureStatements.detachAll())
        + " && run_each "
        + quote(FigureStatements.attachAll(sql.target(), sql.backupPrefix(ID)))
        + " && FIGURES=$(ch "
        + quote(FigureStatements.ofAttachedBackup())
        + ") && ch "
        + quote(sql.manifestFinished(ID, BASE, FigureStatements.asArray(FIGURES)))
        + "; then\n"
        + "  FIGURED=1\n"
        + "else\n"
        + "  ch "
        + quote(sql.manifestFinished(ID, BASE, null))
        + "\n"
        + "fi\n"
        + "run_each "
        + quote(FigureStatements.detachAll())
        + " || true\n"
        + "if [ \"$STATUS\" != \"BACKUP_CREATED\" ]; then\n"
        + "  echo \"backup $BACKUP_ID failed ($STATUS)\" >&2\n"
        + "  exit 1\n"
        + "fi\n"
        + "if [ \"$(ch "
        + quote(sql.manifestGood(ID))
        + ")\" != \"1\" ]; then\n"
        + "  echo \"backup $BACKUP_ID finished but could not be verified\" >&2\n"
        + "  exit 1\n"
        + "fi\n"
        + "if [ \"$FIGURED\" != 1 ] && [ \"$LAYOUT\" = \"1\" ]; then\n"
        + "  echo \"backup $BACKUP_ID verified, but its table figures could not be read back from"
        + " it: no drill can check it\" >&2\n"
        + "  exit 1\n"
        + "fi\n"
        + "echo \"backup $BACKUP_ID verified\"\n";
  }

  /**
   * The restore job of a new service: wait for every replica; if the server still runs a restore
   * into this service (a retried Job), go on with it; otherwise refuse a service that holds tables
   * and resolve {@code latest}. Then restore in the backup's own layout: a root-layout backup on
   * this one server, a per-shard one shard by shard on a server of each shard ({@link
   * ShardScripts#restoreShards}), an older one taken {@code ON CLUSTER} on every server; on a
   * service of more than one server, the backup's databases are first created on every server
   * ({@link RestoreDatabases}). Record the outcome. A service whose restore is recorded is never
   * restored again.
   *
   * @param hosts the servers of replica 0 of each shard, in shard order; the first is the job's
   */
  public static String restore(
      BackupStatements sql, RestoreSpec from, int servers, List<String> hosts) {
    String resolve =
        RestoreSpec.LATEST.equals(from.backup())
            ? "  BACKUP_ID=$(ch " + quote(sql.latestRestorable(from.service())) + ")\n"
            : "  BACKUP_ID=" + from.backup() + "\n";
    String source = from.service();
    String sourceDir = Naming.backupPrefix(source) + ID + "/";
    String status = BackupStatements.operationStatus(sql.restoreOperationId(ID));
    StringBuilder out = new StringBuilder();
    out.append("#!/bin/sh\n# Restore of ")
        .append(sql.organisation())
        .append("/")
        .append(sql.service())
        .append(" from a backup of ")
        .append(source)
        .append(" (")
        .append(from.backup())
        .append(").\n")
        .append("set -eu\n")
        .append(CLIENT)
        .append(FOLLOW)
        .append(RUN_EACH)
        .append(ShardScripts.ON_HOST)
        .append("tries=0\n")
        .append("until [ \"$(ch \"SELECT count() FROM clusterAllReplicas('")
        .append(Naming.CLUSTER)
        .append("', system.one)\" 2>/dev/null)\" = \"")
        .append(servers)
        .append("\" ]; do\n")
        .append("  tries=$((tries + 1))\n")
        .append("  if [ \"$tries\" -ge ")
        .append(READY_TRIES)
        .append(" ]; then echo \"the service's ")
        .append(servers)
        .append(" servers are not all up\" >&2; exit 1; fi\n")
        .append("  sleep 10\n")
        .append("done\n")
        .append("if [ \"$(ch ")
        .append(quote(sql.restoreRecorded()))
        .append(")\" != \"0\" ]; then\n")
        .append("  echo \"already restored; nothing to do\"\n")
        .append("  exit 0\n")
        .append("fi\n")
        .append("BACKUP_ID=$(ch ")
        .append(quote(sql.restoreInProgress()))
        .append(")\n")
        .append("if [ -n \"$BACKUP_ID\" ]; then\n")
        .append("  STARTED=1\n")
        .append("  echo \"a restore of ")
        .append(source)
        .append("/$BACKUP_ID has already started: going on with it\"\n")
        .append("else\n")
        .append("  STARTED=0\n")
        .append("  TABLES=$(ch ")
        .append(quote(sql.userTableCount()))
        .append(")\n")
        .append("  if [ \"$TABLES\" != \"0\" ]; then\n")
        .append("    echo \"refused: the service already holds $TABLES tables; a restore creates a")
        .append(" new service and never writes over one\" >&2\n")
        .append("    exit 1\n")
        .append("  fi\n")
        .append(resolve)
        .append("  if [ -z \"$BACKUP_ID\" ]; then echo \"no restorable backup of ")
        .append(source)
        .append("\" >&2; exit 1; fi\n")
        .append("  echo \"restoring ")
        .append(source)
        .append("/$BACKUP_ID\"\n")
        .append("fi\n")
        // The backup's own layout decides how it is restored.
        .append("LAYOUT=$(ch ")
        .append(quote(BackupLayout.ofManifest(sql.target(), source, ID)))
        .append(")\n")
        .append("case \"$LAYOUT\" in\n")
        .append("  ")
        .append(BackupLayout.ROOT)
        .append(")\n");
    if (servers > 1) {
      out.append("    run_each ")
          .append(quote(RestoreDatabases.createAll(sql.target(), sourceDir + ".backup")))
          .append("\n");
    }
    out.append(startAndFollow(sql.restore(source, ID, BackupLayout.ROOT), status))
        .append("    ;;\n")
        .append("  ")
        .append(BackupLayout.SHARDS)
        .append(")\n");
    if (hosts.size() > 1) {
      out.append("    run_each ")
          .append(
              quote(
                  RestoreDatabases.createAll(
                      sql.target(), sourceDir + BackupLayout.SHARD_DIR + "*/.backup")))
          .append("\n")
          .append(ShardScripts.restoreShards(sql, source, hosts))
          .append("    STATUS=RESTORED\n");
    } else {
      out.append("    echo \"backup ")
          .append(source)
          .append("/$BACKUP_ID is kept per shard; this service has one shard\" >&2\n")
          .append("    exit 1\n");
    }
    out.append("    ;;\n")
        .append("  *)\n")
        .append(startAndFollow(sql.restore(source, ID, BackupLayout.CLUSTER), status))
        .append("    ;;\n")
        .append("esac\n")
        .append("ch ")
        .append(quote(sql.restoreRecord(source, ID)))
        .append("\n")
        .append("if [ \"$STATUS\" != \"RESTORED\" ]; then\n")
        .append("  echo \"restore of ")
        .append(source)
        .append("/$BACKUP_ID failed ($STATUS)\" >&2\n")
        .append("  exit 1\n")
        .append("fi\n")
        .append("echo \"restored ")
        .append(source)
        .append("/$BACKUP_ID\"\n");
    return out.toString();
  }

  /**
   * Starts {@code restore} on the job's server unless a restore already started there ({@code
   * STARTED}), then follows it there into {@code STATUS}.
   */
  private static String startAndFollow(String restore, String status) {
    return "    [ \"$STARTED\" = 1 ] || ch "
        + quote(restore)
        + " >/dev/null\n"
        + "    STATUS=$(follow "
        + quote(status)
        + ")\n";
  }

  /**
   * {@code sql} as one double-quoted shell word: backslash, double quote, backquote and dollar are
   * escaped, then the id and base placeholders become the shell's variables.
   */
  public static String quote(String sql) {
    String escaped =
        sql.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`").replace("$", "\\$");
    return "\"" + PLACEHOLDER.matcher(escaped).replaceAll("\\${$1}") + "\"";
  }

  private static final java.util.regex.Pattern PLACEHOLDER =
      java.util.regex.Pattern.compile("@@([A-Z_]+)@@");
}
