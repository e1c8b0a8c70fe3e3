package io.clickplane.backup.plan;

import io.clickplane.core.naming.Naming;
import java.util.Objects;

/**
 * The statements of a backup in the {@link BackupLayout#SHARDS} layout: one backup per shard, each
 * taken without {@code ON CLUSTER} on one replica of its shard into {@code <id>/shard-<n>/}, where
 * it is a root-layout backup the {@code Backup} database engine reads; each shard's server records
 * its own operation in {@code <id>/shard-<n>.json} ({@code system.backups} lives in the memory of
 * the server that ran it); the manifest is then written from those records.
 *
 * <p>The shard's number {@code n} counts from 1, as ClickHouse numbers a cluster's shards; shard
 * {@code n}'s backup is taken on the server of replica 0 of the operator's shard {@code n - 1}. The
 * access entities (users, roles, ...) are the same on every server and go into shard 1's backup
 * only. Shell variables of the scripts appear as {@code @@NAME@@}: {@code SHARD}, {@code
 * BACKUP_ID}, {@code BASE_ID}.
 *
 * @param sql the service's statements (bucket, names, shard count)
 */
public record ShardStatements(BackupStatements sql) {
  /** The shard variable of the scripts. */
  public static final String SHARD = "@@SHARD@@";

  /** Structure of a shard's record as ClickHouse writes and reads it. */
  public static final String RECORD_STRUCTURE =
      "shard UInt32, clickhouse_version String, finished_at Nullable(String), status String,"
          + " verified Bool, files UInt64, bytes UInt64, error String";

  public ShardStatements {
    Objects.requireNonNull(sql, "sql");
  }

  /** The directory of shard {@code shard}'s backup: {@code <service>/<id>/shard-<n>/}. */
  public String shardPrefix(String backupId, String shard) {
    return sql.backupPrefix(backupId) + BackupLayout.SHARD_DIR + shard + "/";
  }

  /** The key of shard {@code shard}'s record: {@code <service>/<id>/shard-<n>.json}. */
  public String recordKey(String backupId, String shard) {
    return sql.backupPrefix(backupId) + BackupLayout.SHARD_DIR + shard + ".json";
  }

  /**
   * Starts shard {@code shard}'s part of backup {@code backupId} on the server it is sent to
   * ({@code ASYNC}, with the operation id {@link BackupStatements#operationId}: each server keeps
   * its own {@code system.backups}), incremental against the same shard of {@code baseBackupId}
   * unless that is empty. Shard 1's part also holds the access entities.
   */
  public String backup(String backupId, String baseBackupId, int shard) {
    String n = Integer.toString(shard);
    StringBuilder out =
        new StringBuilder("BACKUP ")
            .append(sql.elements(shard == 1))
            .append(" TO ")
            .append(sql.backupEngineAt(shardPrefix(backupId, n)))
            .append(" SETTINGS id = ")
            .append(Sql.literal(sql.operationId(backupId)));
    if (!baseBackupId.isEmpty()) {
      out.append(", base_backup = ").append(sql.backupEngineAt(shardPrefix(baseBackupId, n)));
    }
    return out.append(" ASYNC").toString();
  }

  /**
   * Records, on the server that ran shard {@code shard}'s part, ClickHouse's own figures of it:
   * {@code succeeded} or {@code failed}, {@code verified} once its descriptor is read back from the
   * bucket.
   */
  public String record(String backupId, int shard) {
    String n = Integer.toString(shard);
    return "INSERT INTO FUNCTION "
        + sql.s3(recordKey(backupId, n), "JSONEachRow", RECORD_STRUCTURE)
        + " SELECT toUInt32("
        + shard
        + "), version(), formatDateTime(end_time, '%Y-%m-%dT%H:%i:%SZ', 'UTC'),"
        + " if(status = 'BACKUP_CREATED', 'succeeded', 'failed'),"
        + " status = 'BACKUP_CREATED' AND ("
        + sql.descriptorCountAt(shardPrefix(backupId, n))
        + ") = 1, toUInt64(num_files), toUInt64(total_size), error FROM system.backups WHERE id = "
        + Sql.literal(sql.operationId(backupId))
        + " SETTINGS "
        + BackupStatements.JSON_SETTINGS
        + ", s3_throw_on_zero_files_match = 0";
  }

  /** 1 when shard {@code shard}'s record of backup {@code backupId} says succeeded and verified. */
  public String recordGood(String backupId, int shard) {
    return "SELECT toUInt8(status = 'succeeded' AND verified) FROM "
        + sql.s3(recordKey(backupId, Integer.toString(shard)), "JSONEachRow", RECORD_STRUCTURE);
  }

  /**
   * Rewrites the manifest from the shards' records: {@code succeeded} when every shard's record
   * says so, {@code verified} when every shard's descriptor was read back, {@code files} and {@code
   * bytes} summed, the failed shards' errors joined; a shard without a record fails the backup.
   * {@code tables} is the query of the figures read back from every shard's backup (summed per
   * table, {@link io.clickplane.backup.drill.FigureStatements#asArray}), or null when they could
   * not be read.
   */
  public String manifestFinished(String backupId, String baseBackupId, String tables) {
    int shards = sql.shards();
    String figures = tables == null ? "false, []" : "true, " + tables;
    String records =
        sql.s3(
            sql.backupPrefix(backupId) + BackupLayout.SHARD_DIR + "{1.." + shards + "}.json",
            "JSONEachRow",
            RECORD_STRUCTURE);
    String all = "uniqExact(shard) = " + shards;
    return "INSERT INTO FUNCTION "
        + sql.s3(sql.manifestKey(backupId), "JSONEachRow", BackupStatements.WRITTEN_STRUCTURE)
        + " SELECT "
        + sql.commonColumns(backupId, baseBackupId)
        + ", max(finished_at),"
        + " if("
        + all
        + " AND countIf(status != 'succeeded') = 0, 'succeeded', 'failed'),"
        + " "
        + all
        + " AND countIf(NOT verified) = 0, sum(files), sum(bytes),"
        + " concat(if("
        + all
        + ", '', concat(toString("
        + shards
        + " - uniqExact(shard)), ' of "
        + shards
        + " shards recorded nothing; ')), arrayStringConcat(groupArrayIf(concat('shard ',"
        + " toString(shard), ': ', error), error != ''), '; ')), "
        + figures
        + ", "
        + Sql.literal(BackupLayout.SHARDS)
        + " FROM "
        + records
        + " SETTINGS "
        + BackupStatements.JSON_SETTINGS
        + ", s3_throw_on_zero_files_match = 0";
  }

  /**
   * Restores shard {@code shard} of {@code source}'s backup {@code backupId} on the server it is
   * sent to, without {@code ON CLUSTER}: shard 1 with the access entities, and the tables'
   * definitions, which the {@code Replicated} databases hand to every other server; every other
   * shard only its data, into the tables shard 1's restore created.
   */
  public String restore(String source, String backupId, int shard) {
    String prefix = Naming.backupPrefix(source) + backupId + "/" + BackupLayout.shardDir(shard);
    return "RESTORE "
        + sql.elements(shard == 1)
        + " FROM "
        + sql.backupEngineAt(prefix)
        + sql.restoreSettings(backupId);
  }
}
