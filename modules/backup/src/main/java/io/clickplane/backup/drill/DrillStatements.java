package io.clickplane.backup.drill;

import io.clickplane.backup.plan.BackupLayout;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.plan.ShardStatements;
import io.clickplane.backup.plan.Sql;
import io.clickplane.core.naming.Naming;

/**
 * The SQL a restore drill runs in its throwaway ClickHouse ({@code clickhouse local} on the pod's
 * ephemeral volume): choose the newest backup whose manifest carries table figures, read every
 * table out of it into local tables, compute the same figures over them and record the comparison
 * next to the backup ({@link DrillRecord}). Shell variables of the script appear as
 * {@code @@NAME@@}: {@code BACKUP_ID}, {@code DRILL_ID}, {@code STARTED_AT}, {@code
 * RESTORE_SECONDS}, {@code FIGURES} (the query {@link FigureStatements#ofRestoredTables} generated)
 * and {@code ERROR_HEX} (the restore's error, hex-encoded by the shell so no quoting can break).
 *
 * <p>Why the tables are read through the {@code Backup} database engine and not {@code RESTORE}: a
 * service's databases are {@code Replicated} and its tables {@code ReplicatedMergeTree}, which a
 * process without Keeper and an interserver port cannot create ({@code clickhouse local} refuses
 * both with {@code NO_ZOOKEEPER}; given an in-process test Keeper, it still refuses the database
 * for want of an interserver port and keeps the tables read-only); the engine opens them as their
 * plain engine and reads every part from the bucket, an incremental backup's unchanged parts from
 * its base.
 *
 * @param sql the service's backup statements (its bucket and prefixes)
 */
public record DrillStatements(BackupStatements sql) {
  /** Structure of the drill record as ClickHouse writes it. */
  public static final String RECORD_STRUCTURE =
      "format_version UInt8, organisation String, service String, backup_id String,"
          + " drill_id String, started_at String, finished_at String, restore_seconds UInt64,"
          + " result String, tables UInt64, mismatches Array(Tuple(database String, `table`"
          + " String, problem String)), error String";

  private static final String JSON_SETTINGS =
      " SETTINGS s3_truncate_on_insert = 1, output_format_json_quote_64bit_integers = 0";

  private static final String BACKUP_ID = "@@BACKUP_ID@@";

  private String recordKey() {
    return sql.backupPrefix(BACKUP_ID) + DrillRecord.FILE;
  }

  /** 1 when a drill of this scheduled run already passed (a retried Job then does nothing). */
  public String alreadyPassed() {
    return "SELECT count() FROM "
        + sql.s3(
            Naming.backupPrefix(sql.service()) + "*/" + DrillRecord.FILE,
            "JSONEachRow",
            "drill_id String, result String")
        + " WHERE drill_id = "
        + Sql.literal("@@DRILL_ID@@")
        + " AND result = 'passed' SETTINGS s3_throw_on_zero_files_match = 0";
  }

  /**
   * The newest backup a drill can check: succeeded, verified, its figures recorded, its descriptor
   * present and, if incremental, its base's too.
   */
  public String latestDrillable() {
    String service = sql.service();
    return "SELECT backup_id FROM "
        + sql.s3(
            Naming.backupPrefix(service) + "*/" + BackupManifest.FILE,
            "JSONEachRow",
            BackupStatements.MANIFEST_STRUCTURE + ", figures Bool")
        + " WHERE status = 'succeeded' AND verified AND figures AND "
        + sql.restorable(service)
        + " ORDER BY backup_id DESC LIMIT 1 SETTINGS s3_throw_on_zero_files_match = 0";
  }

  /**
   * The chosen backup's layout and shard count, tab-separated, as its manifest records them: the
   * drill attaches a root-layout backup whole and a per-shard one shard by shard.
   */
  public String shape() {
    return "SELECT if(layout = '', "
        + Sql.literal(BackupLayout.CLUSTER)
        + ", layout), shards FROM "
        + sql.s3(sql.manifestKey(BACKUP_ID), "JSONEachRow", "layout String, shards UInt32")
        + " FORMAT TSV";
  }

  /** The statements attaching the chosen (root-layout) backup's databases read-only. */
  public String attach() {
    return FigureStatements.attachAll(sql.target(), sql.backupPrefix(BACKUP_ID));
  }

  /**
   * The statements attaching shard {@code SHARD}'s databases of the chosen per-shard backup, beside
   * the other shards' ones.
   */
  public String attachShard() {
    ShardStatements shards = new ShardStatements(sql);
    return FigureStatements.attachAll(
        sql.target(),
        shards.shardPrefix(BACKUP_ID, ShardStatements.SHARD),
        FigureStatements.shardTag(ShardStatements.SHARD));
  }

  /**
   * The restore, one statement per line: per MergeTree-family table of the attached backup, its
   * database (under the name it has in the backup), a local MergeTree table of its columns, and a
   * copy of every row into it. A table kept in several shards' backups gets one local table, and
   * every shard's rows, in shard order, so the restored figures are the whole table's.
   */
  public String copy() {
    String db = "unhex(arrayElement(splitByChar('_', database), -1))";
    String local =
        FigureStatements.identifier(db) + ", '.', " + FigureStatements.identifier("name");
    String attached = "database, '.', " + FigureStatements.identifier("name");
    return "SELECT arrayJoin([concat('CREATE DATABASE IF NOT EXISTS ', "
        + FigureStatements.identifier(db)
        + "), concat('CREATE TABLE IF NOT EXISTS ', "
        + local
        + ", ' ENGINE = MergeTree ORDER BY tuple() EMPTY AS SELECT * FROM ', "
        + attached
        + "), concat('INSERT INTO ', "
        + local
        + ", ' SELECT * FROM ', "
        + attached
        + ")]) FROM (SELECT database, name FROM system.tables WHERE startsWith(database, "
        + Sql.literal(FigureStatements.ATTACHED)
        + ") AND engine LIKE '%MergeTree' ORDER BY database, name) FORMAT TSVRaw";
  }

  private String header() {
    return "INSERT INTO FUNCTION "
        + sql.s3(recordKey(), "JSONEachRow", RECORD_STRUCTURE)
        + " SELECT toUInt8(1), "
        + Sql.literal(sql.organisation())
        + ", "
        + Sql.literal(sql.service())
        + ", "
        + Sql.literal(BACKUP_ID)
        + ", "
        + Sql.literal("@@DRILL_ID@@")
        + ", "
        + Sql.literal("@@STARTED_AT@@")
        + ", formatDateTime(now(), '%Y-%m-%dT%H:%i:%SZ', 'UTC'), toUInt64(@@RESTORE_SECONDS@@), ";
  }

  /**
   * Records the comparison of the restored tables' figures ({@code FIGURES}) with the manifest's:
   * {@code passed} when every table is on both sides with the same rows and checksum.
   */
  public String record() {
    String expected =
        "SELECT tupleElement(t, 'database') AS d, tupleElement(t, 'table') AS n,"
            + " tupleElement(t, 'rows') AS r, tupleElement(t, 'checksum') AS c FROM (SELECT"
            + " arrayJoin(tables) AS t FROM "
            + sql.s3(
                sql.manifestKey(BACKUP_ID),
                "JSONEachRow",
                "tables " + FigureStatements.FIGURES_TYPE)
            + ")";
    String restored =
        "SELECT database AS d, `table` AS n, rows AS r, checksum AS c FROM (@@FIGURES@@)";
    String compared =
        "SELECT if(e.n = '', g.d, e.d) AS db_name, if(e.n = '', g.n, e.n) AS table_name,"
            + " multiIf(e.n = '', 'restored, but not in the manifest', g.n = '', 'in the"
            + " manifest, but not restored', e.r != g.r, concat('rows: ', toString(e.r), ' in the"
            + " manifest, ', toString(g.r), ' restored'), e.c != g.c, concat('checksum: ', e.c,"
            + " ' in the manifest, ', g.c, ' restored'), '') AS problem FROM ("
            + expected
            + ") AS e FULL OUTER JOIN ("
            + restored
            + ") AS g ON e.d = g.d AND e.n = g.n";
    return header()
        + "if(length(m) = 0, 'passed', 'failed'), toUInt64(k), m, '' FROM (SELECT count() AS k,"
        + " arrayFilter(x -> tupleElement(x, 3) != '', groupArray(tuple(db_name, table_name,"
        + " problem))) AS m FROM ("
        + compared
        + ") SETTINGS join_use_nulls = 0)"
        + JSON_SETTINGS;
  }

  /** Records a drill whose restore failed, with the restore's error. */
  public String recordFailure() {
    return header() + "'failed', toUInt64(0), [], unhex('@@ERROR_HEX@@')" + JSON_SETTINGS;
  }

  /** The result the record of this drill holds ({@code passed} or {@code failed}). */
  public String result() {
    return "SELECT result FROM "
        + sql.s3(recordKey(), "JSONEachRow", RECORD_STRUCTURE)
        + " WHERE drill_id = "
        + Sql.literal("@@DRILL_ID@@");
  }
}
