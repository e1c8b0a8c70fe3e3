package io.clickplane.backup.render;

import io.clickplane.backup.drill.FigureStatements;
import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupLayout;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.RestoreSpec;

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

  private static final String CLIENT =
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
  private static final String FOLLOW =
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
  private static final String ID_FROM_JOB =
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
   * into this service (a retried Job), follow it; otherwise refuse a service that holds tables,
   * resolve {@code latest}, start the restore {@code ASYNC} and follow it; record the outcome. A
   * service whose restore is recorded is never restored again.
   */
  public static String restore(BackupStatements sql, RestoreSpec from, int servers) {
    String resolve =
        RestoreSpec.LATEST.equals(from.backup())
            ? "  BACKUP_ID=$(ch " + quote(sql.latestRestorable(from.service())) + ")\n"
            : "  BACKUP_ID=" + from.backup() + "\n";
    return "#!/bin/sh\n"
        + "# Restore of "
        + sql.organisation()
        + "/"
        + sql.service()
        + " from a backup of "
        + from.service()
        + " ("
        + from.backup()
        + ").\n"
        + "set -eu\n"
        + CLIENT
        + FOLLOW
        + "tries=0\n"
        + "until [ \"$(ch \"SELECT count() FROM clusterAllReplicas('"
        + Naming.CLUSTER
        + "', system.one)\" 2>/dev/null)\""
        + " = \""
        + servers
        + "\" ]; do\n"
        + "  tries=$((tries + 1))\n"
        + "  if [ \"$tries\" -ge "
        + READY_TRIES
        + " ]; then echo \"the service's "
        + servers
        + " servers are not all up\" >&2; exit 1; fi\n"
        + "  sleep 10\n"
        + "done\n"
        + "if [ \"$(ch "
        + quote(sql.restoreRecorded())
        + ")\" != \"0\" ]; then\n"
        + "  echo \"already restored; nothing to do\"\n"
        + "  exit 0\n"
        + "fi\n"
        + "BACKUP_ID=$(ch "
        + quote(sql.restoreInProgress())
        + ")\n"
        + "if [ -n \"$BACKUP_ID\" ]; then\n"
        + "  echo \"a restore of "
        + from.service()
        + "/$BACKUP_ID is already running: following it\"\n"
        + "else\n"
        + "  TABLES=$(ch "
        + quote(sql.userTableCount())
        + ")\n"
        + "  if [ \"$TABLES\" != \"0\" ]; then\n"
        + "    echo \"refused: the service already holds $TABLES tables; a restore creates a new"
        + " service and never writes over one\" >&2\n"
        + "    exit 1\n"
        + "  fi\n"
        + resolve
        + "  if [ -z \"$BACKUP_ID\" ]; then echo \"no restorable backup of "
        + from.service()
        + "\" >&2; exit 1; fi\n"
        + "  echo \"restoring "
        + from.service()
        + "/$BACKUP_ID\"\n"
        // The backup's own layout decides: a root-layout backup is restored on this one server,
        // an older backup taken ON CLUSTER on every host of the cluster.
        + "  LAYOUT=$(ch "
        + quote(BackupLayout.ofManifest(sql.target(), from.service(), ID))
        + ")\n"
        + "  if [ \"$LAYOUT\" = \""
        + BackupLayout.ROOT
        + "\" ]; then\n"
        + "    ch "
        + quote(sql.restore(from.service(), ID, BackupLayout.ROOT))
        + " >/dev/null\n"
        + "  else\n"
        + "    ch "
        + quote(sql.restore(from.service(), ID, BackupLayout.CLUSTER))
        + " >/dev/null\n"
        + "  fi\n"
        + "fi\n"
        + "STATUS=$(follow "
        + quote(BackupStatements.operationStatus(sql.restoreOperationId(ID)))
        + ")\n"
        + "ch "
        + quote(sql.restoreRecord(from.service(), ID))
        + "\n"
        + "if [ \"$STATUS\" != \"RESTORED\" ]; then\n"
        + "  echo \"restore of "
        + from.service()
        + "/$BACKUP_ID failed ($STATUS)\" >&2\n"
        + "  exit 1\n"
        + "fi\n"
        + "echo \"restored "
        + from.service()
        + "/$BACKUP_ID\"\n";
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
