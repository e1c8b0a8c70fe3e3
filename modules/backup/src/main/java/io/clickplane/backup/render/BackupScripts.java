package io.clickplane.backup.render;

import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.RestoreSpec;

/**
 * The shell scripts the backup CronJob and the restore Job run with {@code clickhouse-client}.
 * Every SQL statement in them comes from {@link BackupStatements}; the job's shell fills in the
 * backup id and base at run time.
 */
public final class BackupScripts {
  /** Placeholders for shell variables, replaced after quoting. */
  private static final String ID = "@@BACKUP_ID@@";

  private static final String BASE = "@@BASE_ID@@";

  /** Tries (10 s apart) while waiting for every replica of a new service. */
  static final int READY_TRIES = 180;

  private BackupScripts() {}

  private static final String CLIENT =
      "ch() {\n"
          + "  clickhouse-client --host \"$CLICKHOUSE_HOST\" --port \"$CLICKHOUSE_PORT\""
          + " --user \"$CLICKHOUSE_USER\" --password \"$CLICKHOUSE_PASSWORD\" --query \"$1\"\n"
          + "}\n";

  /** The backup job: choose full or incremental, record, back up, record, check. */
  public static String backup(BackupStatements sql) {
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
        + "BACKUP_ID=$(date -u "
        + BackupId.DATE_FORMAT
        + ")\n"
        + "BASE_ID=$(ch "
        + quote(sql.chooseBase(BackupStatements.fullBackupHorizon()))
        + ")\n"
        + "echo \"backup $BACKUP_ID: ${BASE_ID:+incremental against }${BASE_ID:-full}\"\n"
        + "ch "
        + quote(sql.manifestStarted(ID, BASE))
        + "\n"
        + "STATUS=0\n"
        + "if [ -z \"$BASE_ID\" ]; then\n"
        + "  ch "
        + quote(sql.backup(ID, ""))
        + " || STATUS=$?\n"
        + "else\n"
        + "  ch "
        + quote(sql.backup(ID, BASE))
        + " || STATUS=$?\n"
        + "fi\n"
        + "ch "
        + quote(sql.manifestFinished(ID, BASE))
        + "\n"
        + "if [ \"$STATUS\" -ne 0 ]; then\n"
        + "  echo \"backup $BACKUP_ID failed\" >&2\n"
        + "  exit \"$STATUS\"\n"
        + "fi\n"
        + "if [ \"$(ch "
        + quote(sql.manifestGood(ID))
        + ")\" != \"1\" ]; then\n"
        + "  echo \"backup $BACKUP_ID finished but could not be verified\" >&2\n"
        + "  exit 1\n"
        + "fi\n"
        + "echo \"backup $BACKUP_ID verified\"\n";
  }

  /**
   * The restore job of a new service: wait for every replica, refuse a service that holds tables,
   * resolve {@code latest}, restore, record the outcome. A service whose restore is recorded is
   * never restored again.
   */
  public static String restore(BackupStatements sql, RestoreSpec from, int servers) {
    String resolve =
        RestoreSpec.LATEST.equals(from.backup())
            ? "BACKUP_ID=$(ch " + quote(sql.latestRestorable(from.service())) + ")\n"
            : "BACKUP_ID=" + from.backup() + "\n";
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
        + "TABLES=$(ch "
        + quote(sql.userTableCount())
        + ")\n"
        + "if [ \"$TABLES\" != \"0\" ]; then\n"
        + "  echo \"refused: the service already holds $TABLES tables; a restore creates a new"
        + " service and never writes over one\" >&2\n"
        + "  exit 1\n"
        + "fi\n"
        + resolve
        + "if [ -z \"$BACKUP_ID\" ]; then echo \"no restorable backup of "
        + from.service()
        + "\" >&2; exit 1; fi\n"
        + "echo \"restoring "
        + from.service()
        + "/$BACKUP_ID\"\n"
        + "STATUS=0\n"
        + "ch "
        + quote(sql.restore(from.service(), ID))
        + " || STATUS=$?\n"
        + "ch "
        + quote(sql.restoreRecord(from.service(), ID))
        + "\n"
        + "exit \"$STATUS\"\n";
  }

  /**
   * {@code sql} as one double-quoted shell word: backslash, double quote, backquote and dollar are
   * escaped, then the id and base placeholders become the shell's variables.
   */
  static String quote(String sql) {
    String escaped =
        sql.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`").replace("$", "\\$");
    return "\"" + escaped.replace(ID, "${BACKUP_ID}").replace(BASE, "${BASE_ID}") + "\"";
  }
}
