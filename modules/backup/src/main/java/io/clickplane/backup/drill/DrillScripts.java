package io.clickplane.backup.drill;

import static io.clickplane.backup.render.BackupScripts.quote;

import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupLayout;
import io.clickplane.backup.render.BackupScripts;

/**
 * The shell script of a service's restore drill. Every SQL statement comes from {@link
 * DrillStatements} and {@link FigureStatements}; the shell only fills in ids, times and the
 * generated figures query, and runs the statements ClickHouse generated one per line.
 */
public final class DrillScripts {
  /** Where the drill's throwaway ClickHouse keeps its data (the pod's ephemeral volume). */
  public static final String DATA_PATH = "/drill/data/";

  /** The drill's ClickHouse configuration, mounted from the ConfigMap. */
  public static final String CONFIG = "/scripts/" + DrillRenderer.CONFIG_KEY;

  /** Bytes of the restore's error kept in the record. */
  static final int ERROR_BYTES = 2000;

  private DrillScripts() {}

  /** {@code clickhouse local} on the ephemeral volume: one process per statement. */
  private static final String CLIENT =
      "ch() {\n"
          + "  clickhouse local --config-file "
          + CONFIG
          + " --path "
          + DATA_PATH
          + " --query \"$1\"\n"
          + "}\n";

  /**
   * The drill's id from its Job's name, as the backup job takes its backup id: every retry of one
   * scheduled run computes the same id.
   */
  private static final String ID_FROM_JOB =
      "MINUTE=${JOB_NAME##*-}\n"
          + "case \"$MINUTE\" in\n"
          + "  ''|*[!0-9]*) DRILL_ID=$(date -u "
          + BackupId.DATE_FORMAT
          + ") ;;\n"
          + "  *) DRILL_ID=$(date -u -d \"@$((MINUTE * 60))\" "
          + BackupId.DATE_FORMAT
          + ") ;;\n"
          + "esac\n";

  /** The drill script of a service. */
  public static String drill(DrillStatements d) {
    return "#!/bin/sh\n"
        + "# Restore drill of "
        + d.sql().organisation()
        + "/"
        + d.sql().service()
        + ": restore the newest verified backup into a throwaway ClickHouse,\n"
        + "# compare every table's rows and checksum with the backup's manifest, record the"
        + " result next to the backup.\n"
        + "set -eu\n"
        + CLIENT
        + BackupScripts.RUN_EACH
        + ID_FROM_JOB
        + "if [ \"$(ch "
        + quote(d.alreadyPassed())
        + ")\" != \"0\" ]; then\n"
        + "  echo \"drill $DRILL_ID already passed\"\n"
        + "  exit 0\n"
        + "fi\n"
        + "BACKUP_ID=$(ch "
        + quote(d.latestDrillable())
        + ")\n"
        + "if [ -z \"$BACKUP_ID\" ]; then\n"
        + "  echo \"drill $DRILL_ID: no verified backup with table figures to restore\" >&2\n"
        + "  exit 1\n"
        + "fi\n"
        + "echo \"drill $DRILL_ID: restoring backup $BACKUP_ID\"\n"
        + "STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)\n"
        + "T0=$(date +%s)\n"
        // A root-layout backup is attached whole, a per-shard one shard by shard.
        + "SHAPE=$(ch "
        + quote(d.shape())
        + ")\n"
        + "LAYOUT=$(printf '%s\\n' \"$SHAPE\" | cut -f1)\n"
        + "SHARDS=$(printf '%s\\n' \"$SHAPE\" | cut -f2)\n"
        + "attach() {\n"
        + "  if [ \"$LAYOUT\" = \""
        + BackupLayout.SHARDS
        + "\" ]; then\n"
        + "    SHARD=1\n"
        + "    while [ \"$SHARD\" -le \"$SHARDS\" ]; do\n"
        + "      run_each "
        + quote(d.attachShard())
        + " || return 1\n"
        + "      SHARD=$((SHARD + 1))\n"
        + "    done\n"
        + "  else\n"
        + "    run_each "
        + quote(d.attach())
        + "\n"
        + "  fi\n"
        + "}\n"
        + "if OUT=$(attach 2>&1 && run_each "
        + quote(d.copy())
        + " 2>&1); then\n"
        + "  RESTORE_SECONDS=$(($(date +%s) - T0))\n"
        + "  FIGURES=$(ch "
        + quote(FigureStatements.ofRestoredTables())
        + ")\n"
        + "  ch "
        + quote(d.record())
        + "\n"
        + "else\n"
        + "  RESTORE_SECONDS=$(($(date +%s) - T0))\n"
        + "  echo \"$OUT\" >&2\n"
        + "  ERROR_HEX=$(printf '%s' \"$OUT\" | tail -c "
        + ERROR_BYTES
        + " | od -An -v -tx1 | tr -d ' \\n')\n"
        + "  ch "
        + quote(d.recordFailure())
        + "\n"
        + "fi\n"
        + "RESULT=$(ch "
        + quote(d.result())
        + ")\n"
        + "echo \"drill $DRILL_ID of backup $BACKUP_ID: $RESULT (restore ${RESTORE_SECONDS}s)\"\n"
        + "[ \"$RESULT\" = \"passed\" ]\n";
  }
}
