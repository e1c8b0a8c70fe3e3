package io.clickplane.backup.plan;

import io.clickplane.core.naming.Naming;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SQL the platform runs against a service's ClickHouse to take, record, choose and restore
 * backups. Pure text: the backup and restore jobs send exactly these statements (with the backup id
 * and base filled in by the job's shell), and the end-to-end test runs them against a real engine.
 *
 * <p>What a backup holds: every database and table except the system ones, and the access entities
 * (users, roles, settings profiles, row policies, quotas) through ClickHouse's {@code system}
 * tables for them.
 *
 * <p>No statement runs {@code ON CLUSTER}: a service of one shard is backed up on one server (the
 * {@link BackupLayout#ROOT} layout), a service of several shards on one server of each shard, one
 * root-layout backup per shard ({@link BackupLayout#SHARDS}, the statements of one shard in {@link
 * ShardStatements}). The manifest records the layout, and a restore follows the layout of the
 * backup it restores (an older backup taken {@code ON CLUSTER} included).
 *
 * @param target the organisation's bucket as ClickHouse reaches it
 * @param organisation the organisation
 * @param service the service
 * @param shards shards of the service (recorded in the manifest)
 * @param replicas replicas per shard (recorded in the manifest)
 * @param accessTables the {@code system} tables whose access entities are backed up
 */
public record BackupStatements(
    S3Target target,
    String organisation,
    String service,
    int shards,
    int replicas,
    List<String> accessTables) {

  /** Access entity tables a ClickHouse server has (backing them up backs up the entities). */
  public static final List<String> ACCESS_TABLES =
      List.of(
          "system.users",
          "system.roles",
          "system.settings_profiles",
          "system.row_policies",
          "system.quotas");

  /** Databases never backed up or restored. */
  public static final List<String> SYSTEM_DATABASES =
      List.of("system", "information_schema", "INFORMATION_SCHEMA");

  /** Hours after which the job takes a full backup instead of an incremental one (6.5 days). */
  public static final int FULL_AFTER_HOURS = 156;

  /** File, under a service's prefix, recording the restore that created the service. */
  public static final String RESTORE_RECORD = "restore.json";

  /** The settings every write of a JSON record ends with. */
  static final String JSON_SETTINGS =
      "s3_truncate_on_insert = 1, output_format_json_quote_64bit_integers = 0";

  public BackupStatements {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(service, "service");
    accessTables = List.copyOf(accessTables);
  }

  /** Key prefix of a backup's directory: {@code <service>/<id>/}. */
  public String backupPrefix(String backupId) {
    return Naming.backupPrefix(service) + backupId + "/";
  }

  /** Key of a backup's manifest. */
  public String manifestKey(String backupId) {
    return backupPrefix(backupId) + BackupManifest.FILE;
  }

  /** The {@code ALL EXCEPT ...} element list both BACKUP and RESTORE name. */
  String elements() {
    return elements(true);
  }

  /**
   * The element list, with the access entities or without them (every shard of a per-shard backup
   * but the first: the entities are the same on every server, kept once).
   */
  String elements(boolean access) {
    List<String> parts = new ArrayList<>();
    if (access) {
      for (String table : accessTables) {
        parts.add("TABLE " + table);
      }
    }
    parts.add("ALL EXCEPT DATABASES " + String.join(", ", SYSTEM_DATABASES));
    return String.join(", ", parts);
  }

  /** The {@link BackupLayout} of the backups these statements take. */
  public String layout() {
    return BackupLayout.of(shards);
  }

  String backupEngine(String serviceName, String backupId) {
    return backupEngineAt(Naming.backupPrefix(serviceName) + backupId + "/");
  }

  /** ClickHouse's {@code S3} backup engine over the directory {@code prefix} (ending in /). */
  String backupEngineAt(String prefix) {
    return "S3(" + Sql.literal(target.url(prefix)) + target.credentialArguments() + ")";
  }

  /** The {@code s3} table function over {@code key} in the organisation's bucket. */
  public String s3(String key, String format, String structure) {
    return "s3("
        + Sql.literal(target.url(key))
        + target.credentialArguments()
        + ", "
        + Sql.literal(format)
        + ", "
        + Sql.literal(structure)
        + ")";
  }

  /** ClickHouse's operation id of a backup (the {@code id} column of {@code system.backups}). */
  public String operationId(String backupId) {
    return service + "-" + backupId;
  }

  /**
   * Starts backup {@code backupId} ({@code ASYNC}: the statement returns at once and the server
   * goes on; {@link #operationStatus} follows it): full when {@code baseBackupId} is empty, else
   * incremental against that (full) backup of the same service.
   */
  public String backup(String backupId, String baseBackupId) {
    StringBuilder sql =
        new StringBuilder("BACKUP ")
            .append(elements())
            .append(" TO ")
            .append(backupEngine(service, backupId))
            .append(" SETTINGS id = ")
            .append(Sql.literal(operationId(backupId)));
    if (!baseBackupId.isEmpty()) {
      sql.append(", base_backup = ").append(backupEngine(service, baseBackupId));
    }
    return sql.append(" ASYNC").toString();
  }

  /** Statuses of a backup or restore that the server is still working on. */
  public static final List<String> IN_PROGRESS = List.of("CREATING_BACKUP", "RESTORING");

  /**
   * The status of operation {@code operationId} on the server this runs on ({@code system.backups}
   * lives in each server's memory: ask the one that started it), or no row when it has none.
   */
  public static String operationStatus(String operationId) {
    return "SELECT status FROM system.backups WHERE id = "
        + Sql.literal(operationId)
        + " ORDER BY start_time DESC LIMIT 1";
  }

  /** The base a started backup recorded in its manifest ({@code ''} for a full one). */
  public String manifestBase(String backupId) {
    return "SELECT ifNull(base_backup_id, '') FROM "
        + s3(manifestKey(backupId), "JSONEachRow", MANIFEST_STRUCTURE);
  }

  /** Writes the manifest of a backup about to start ({@code running}). */
  public String manifestStarted(String backupId, String baseBackupId) {
    return "INSERT INTO FUNCTION "
        + s3(manifestKey(backupId), "JSONEachRow", WRITTEN_STRUCTURE)
        + " SELECT "
        + commonColumns(backupId, baseBackupId)
        + ", CAST(NULL, 'Nullable(String)') AS finished_at, 'running' AS status, false AS verified,"
        + " toUInt64(0) AS files, toUInt64(0) AS bytes, '' AS error, false AS figures, [] AS tables, "
        + Sql.literal(layout())
        + " AS layout SETTINGS "
        + JSON_SETTINGS;
  }

  /**
   * Rewrites the manifest from ClickHouse's own record of the finished backup: {@code succeeded}
   * with its figures, or {@code failed} with its error; {@code verified} once the backup's
   * descriptor ({@code .backup}) is read back from the bucket. {@code tables} is the query that
   * yields the per table figures read back from the backup (a shell variable in the script), or
   * null when they could not be read ({@code figures} false, no tables).
   */
  public String manifestFinished(String backupId, String baseBackupId, String tables) {
    String figures = tables == null ? "false, []" : "true, " + tables;
    return "INSERT INTO FUNCTION "
        + s3(manifestKey(backupId), "JSONEachRow", WRITTEN_STRUCTURE)
        + " SELECT "
        + commonColumns(backupId, baseBackupId)
        + ", formatDateTime(end_time, '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS finished_at,"
        // No alias "status" here: it would shadow system.backups.status in the next column.
        + " if(status = 'BACKUP_CREATED', 'succeeded', 'failed'),"
        + " status = 'BACKUP_CREATED' AND ("
        + descriptorCount(backupId)
        + ") = 1 AS verified,"
        + " toUInt64(num_files) AS files, toUInt64(total_size) AS bytes, error, "
        + figures
        + ", "
        + Sql.literal(layout())
        + " FROM system.backups WHERE id = "
        + Sql.literal(operationId(backupId))
        + " SETTINGS "
        + JSON_SETTINGS
        + ", s3_throw_on_zero_files_match = 0";
  }

  /** 1 when backup {@code backupId}'s manifest says it succeeded and was verified, else 0. */
  public String manifestGood(String backupId) {
    return "SELECT toUInt8(status = 'succeeded' AND verified) FROM "
        + s3(manifestKey(backupId), "JSONEachRow", MANIFEST_STRUCTURE);
  }

  /** Structure of the manifest's own columns as ClickHouse reads them. */
  public static final String MANIFEST_STRUCTURE =
      "format_version UInt8, organisation String, service String, backup_id String, kind String,"
          + " base_backup_id Nullable(String), clickhouse_version String, shards UInt32,"
          + " replicas UInt32, started_at String, finished_at Nullable(String), status String,"
          + " verified Bool, files UInt64, bytes UInt64, error String";

  /** Structure of the manifest as the job writes it: its own columns, then the table figures. */
  static final String WRITTEN_STRUCTURE =
      MANIFEST_STRUCTURE
          + ", figures Bool, tables Array(Tuple(database String, `table` String, rows UInt64,"
          + " checksum String)), layout String";

  String commonColumns(String backupId, String baseBackupId) {
    String base = Sql.literal(baseBackupId);
    return "toUInt8(1) AS format_version, "
        + Sql.literal(organisation)
        + " AS organisation, "
        + Sql.literal(service)
        + " AS service, "
        + Sql.literal(backupId)
        + " AS backup_id, if("
        + base
        + " = '', 'full', 'incremental') AS kind, nullIf("
        + base
        + ", '') AS base_backup_id, version() AS clickhouse_version, toUInt32("
        + shards
        + ") AS shards, toUInt32("
        + replicas
        + ") AS replicas, formatDateTime(parseDateTime("
        + Sql.literal(backupId)
        + ", '%Y%m%dT%H%i%SZ', 'UTC'), '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS started_at";
  }

  /** 1 when backup {@code backupId}'s descriptor is in the bucket, else 0. */
  private String descriptorCount(String backupId) {
    return descriptorCountAt(backupPrefix(backupId));
  }

  /** 1 when the descriptor of the backup in directory {@code prefix} is in the bucket, else 0. */
  String descriptorCountAt(String prefix) {
    return "SELECT count() FROM " + s3(prefix + ".backup*", "One", "dummy UInt8");
  }

  /**
   * Ids of {@code serviceName}'s backups whose descriptor ({@code .backup}) is in the bucket: the
   * backups ClickHouse can open.
   */
  private String descriptorIds(String serviceName) {
    return "SELECT arrayElement(splitByChar('/', _path), -2) FROM "
        + s3(Naming.backupPrefix(serviceName) + "*/.backup", "One", "dummy UInt8");
  }

  /**
   * Per backup of {@code serviceName} in the per-shard layout, its id and how many of its shards'
   * descriptors ({@code shard-<n>/.backup}) are in the bucket.
   */
  private String shardDescriptorCounts(String serviceName) {
    return "SELECT arrayElement(splitByChar('/', _path), -3) AS i, toUInt32(count()) FROM "
        + s3(
            Naming.backupPrefix(serviceName) + "*/" + BackupLayout.SHARD_DIR + "*/.backup",
            "One",
            "dummy UInt8")
        + " GROUP BY i";
  }

  /**
   * A condition over a manifest row of {@code serviceName} (its column {@code shards} at hand): the
   * backup {@code idExpr} names has every descriptor its layout needs in the bucket, {@code
   * .backup} at its root, or one in each of its {@code shards} shard directories. ClickHouse writes
   * a backup's descriptor last, so a backup whose descriptors are all there can be opened.
   */
  public String descriptorsPresent(String serviceName, String idExpr) {
    return "("
        + idExpr
        + " IN ("
        + descriptorIds(serviceName)
        + ") OR ("
        + idExpr
        + ", shards) IN ("
        + shardDescriptorCounts(serviceName)
        + "))";
  }

  /**
   * The condition over a manifest row that the backup can be opened: every descriptor of it
   * present, and, if incremental, every descriptor of its base (a base has the same layout and
   * shards: {@link #chooseBase} picks no other).
   */
  public String restorable(String serviceName) {
    return descriptorsPresent(serviceName, "backup_id")
        + " AND (base_backup_id IS NULL OR "
        + descriptorsPresent(serviceName, "assumeNotNull(base_backup_id)")
        + ")";
  }

  /** The manifests of {@code serviceName}'s backups, with their layout ('' when unrecorded). */
  public String manifests(String serviceName) {
    return s3(
        Naming.backupPrefix(serviceName) + "*/" + BackupManifest.FILE,
        "JSONEachRow",
        MANIFEST_STRUCTURE + ", layout String");
  }

  /**
   * The base for the next backup: the newest verified full backup started after {@code notBefore}
   * (an SQL expression of a backup id), taken in this service's layout and shard count, whose
   * descriptors are still in the bucket; no row when a full backup is due. A backup taken in
   * another layout (before the service changed shape, or {@code ON CLUSTER}) keeps its files under
   * other paths, so an incremental against it would share nothing with it.
   */
  public String chooseBase(String notBefore) {
    return "SELECT backup_id FROM "
        + manifests(service)
        + " WHERE kind = 'full' AND status = 'succeeded' AND verified AND backup_id >= "
        + notBefore
        + " AND layout = "
        + Sql.literal(layout())
        + " AND shards = "
        + shards
        + " AND "
        + descriptorsPresent(service, "backup_id")
        + " ORDER BY backup_id DESC LIMIT 1 SETTINGS s3_throw_on_zero_files_match = 0";
  }

  /** The production {@code notBefore} of {@link #chooseBase}: {@value #FULL_AFTER_HOURS}h ago. */
  public static String fullBackupHorizon() {
    return "formatDateTime(now() - INTERVAL "
        + FULL_AFTER_HOURS
        + " HOUR, '%Y%m%dT%H%i%SZ', 'UTC')";
  }

  /**
   * The newest restorable backup of {@code source}: succeeded, verified, its descriptor present,
   * and (if incremental) its base's descriptor present too.
   */
  public String latestRestorable(String source) {
    return "SELECT backup_id FROM "
        + manifests(source)
        + " WHERE status = 'succeeded' AND verified AND "
        + restorable(source)
        + " ORDER BY backup_id DESC LIMIT 1 SETTINGS s3_throw_on_zero_files_match = 0";
  }

  /** Number of tables outside the system databases (a restore target must have none). */
  public String userTableCount() {
    return "SELECT count() FROM system.tables WHERE database NOT IN ("
        + String.join(", ", SYSTEM_DATABASES.stream().map(Sql::literal).toList())
        + ") AND NOT is_temporary";
  }

  /**
   * Restores {@code source}'s backup {@code backupId}, taken in {@link BackupLayout} {@code
   * layout}: a root-layout backup on the one server the statement is sent to (Replicated databases
   * give every other replica the tables, replicated tables their parts), a cluster-layout one
   * {@code ON CLUSTER}.
   */
  public String restore(String source, String backupId, String layout) {
    return restoreStatement(source, backupId, BackupLayout.restoreClause(layout));
  }

  private String restoreStatement(String source, String backupId, String onCluster) {
    return "RESTORE "
        + elements()
        + onCluster
        + " FROM "
        + backupEngine(source, backupId)
        + restoreSettings(backupId);
  }

  /**
   * The settings of every restore into this service: its operation id, and databases that already
   * exist (the platform creates the declared ones, empty) keep their own definition, so the
   * restored service keeps its own ZooKeeper paths.
   */
  String restoreSettings(String backupId) {
    return " SETTINGS id = "
        + Sql.literal(restoreOperationId(backupId))
        + ", allow_different_database_def = 1 ASYNC";
  }

  /**
   * The backup id of a restore into this service the server is running or has finished, or no row:
   * a retried restore Job follows (or records) it instead of starting another, and never resolves
   * {@code latest} again.
   */
  public String restoreInProgress() {
    String prefix = restoreOperationId("");
    return "SELECT substring(id, "
        + (prefix.length() + 1)
        + ") FROM system.backups WHERE startsWith(id, "
        + Sql.literal(prefix)
        + ") AND status IN ('RESTORING', 'RESTORED') ORDER BY start_time DESC LIMIT 1";
  }

  /** ClickHouse's operation id of the restore of {@code backupId} into this service. */
  public String restoreOperationId(String backupId) {
    return "restore-" + service + "-" + backupId;
  }

  /** The number of successful restores recorded for this service (0 or 1). */
  public String restoreRecorded() {
    return "SELECT count() FROM "
        + s3(Naming.backupPrefix(service) + RESTORE_RECORD + "*", "JSONEachRow", "status String")
        + " WHERE status = 'succeeded' SETTINGS s3_throw_on_zero_files_match = 0";
  }

  /** Records the outcome of a restore into this service from ClickHouse's own record of it. */
  public String restoreRecord(String source, String backupId) {
    return "INSERT INTO FUNCTION "
        + s3(
            Naming.backupPrefix(service) + RESTORE_RECORD,
            "JSONEachRow",
            "organisation String, service String, source_service String, backup_id String,"
                + " status String, started_at String, finished_at String, error String")
        + " SELECT "
        + Sql.literal(organisation)
        + ", "
        + Sql.literal(service)
        + ", "
        + Sql.literal(source)
        + ", "
        + Sql.literal(backupId)
        + ", if(status = 'RESTORED', 'succeeded', 'failed'),"
        + " formatDateTime(start_time, '%Y-%m-%dT%H:%i:%SZ', 'UTC'),"
        + " formatDateTime(end_time, '%Y-%m-%dT%H:%i:%SZ', 'UTC'), error"
        + " FROM system.backups WHERE id = "
        + Sql.literal(restoreOperationId(backupId))
        + " SETTINGS "
        + JSON_SETTINGS;
  }
}
