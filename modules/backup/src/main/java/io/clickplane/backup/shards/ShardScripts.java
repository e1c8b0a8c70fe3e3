package io.clickplane.backup.shards;

import static io.clickplane.backup.render.BackupScripts.quote;

import io.clickplane.backup.drill.FigureStatements;
import io.clickplane.backup.plan.BackupLayout;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.plan.RestoreDatabases;
import io.clickplane.backup.plan.ShardStatements;
import io.clickplane.backup.render.BackupScripts;
import java.util.List;

/**
 * The shell of a service of several shards: its backup job, which takes one backup per shard
 * ({@link BackupLayout#SHARDS}), and the part of a restore job that restores such a backup shard by
 * shard. Every SQL statement comes from {@link BackupStatements}, {@link ShardStatements} and
 * {@link FigureStatements}; {@code hosts} are the servers the statements of each shard go to
 * (replica 0 of each of the operator's shards, in shard order).
 */
public final class ShardScripts {
  private ShardScripts() {}

  /**
   * {@code on HOST QUERY}: the query on one server of the service, with the job's credentials;
   * {@code follow_on HOST QUERY}: asks it until the operation is no longer in progress and prints
   * its final status; {@code run_each_on HOST QUERY}: runs every statement the query yields there.
   */
  public static final String ON_HOST =
      "on() {\n"
          + "  clickhouse-client --host \"$1\" --port \"$CLICKHOUSE_PORT\""
          + " --user \"$CLICKHOUSE_USER\" --password \"$CLICKHOUSE_PASSWORD\" --query \"$2\"\n"
          + "}\n"
          + "follow_on() {\n"
          + "  while :; do\n"
          + "    S=$(on \"$1\" \"$2\")\n"
          + "    case \"$S\" in\n"
          + "      "
          + String.join("|", BackupStatements.IN_PROGRESS)
          + ") sleep 10 ;;\n"
          + "      *) echo \"$S\"; return 0 ;;\n"
          + "    esac\n"
          + "  done\n"
          + "}\n"
          + "run_each_on() {\n"
          + "  L=$(on \"$1\" \"$2\") || return 1\n"
          + "  printf '%s\\n' \"$L\" | while IFS= read -r q; do\n"
          + "    [ -z \"$q\" ] || on \"$1\" \"$q\" >/dev/null || exit 1\n"
          + "  done\n"
          + "}\n";

  /**
   * The backup job: the id of the scheduled run; a manifest already good ends it; a manifest
   * already there makes it a retry, which keeps the base it recorded; every shard whose server runs
   * (or ran) its part is followed, every shard whose record is good is left alone, every other
   * shard's part is started {@code ASYNC} on its server; then every shard is followed and recorded
   * on its server, the figures read back from all shards' backups, and the manifest written from
   * the shards' records.
   */
  public static String backup(BackupStatements sql, List<String> hosts) {
    if (hosts.size() != sql.shards() || hosts.size() < 2) {
      throw new IllegalArgumentException(
          "a per-shard backup needs one server per shard, got " + hosts + " for " + sql.shards());
    }
    ShardStatements shard = new ShardStatements(sql);
    String status = BackupStatements.operationStatus(sql.operationId("@@BACKUP_ID@@"));
    StringBuilder out = new StringBuilder();
    out.append("#!/bin/sh\n")
        .append("# Backup of ")
        .append(sql.organisation())
        .append("/")
        .append(sql.service())
        .append(", one backup per shard, each on one server of its shard: a full backup when the\n")
        .append("# last verified full one is older than ")
        .append(BackupStatements.FULL_AFTER_HOURS)
        .append(" hours, otherwise an incremental one against it.\n")
        .append("set -eu\n")
        .append(BackupScripts.CLIENT)
        .append(ON_HOST)
        .append(BackupScripts.RUN_EACH)
        .append(BackupScripts.ID_FROM_JOB)
        .append("if [ \"$(ch ")
        .append(quote(sql.manifestGood("@@BACKUP_ID@@")))
        .append(" 2>/dev/null || true)\" = \"1\" ]; then\n")
        .append("  echo \"backup $BACKUP_ID already taken and verified\"\n")
        .append("  exit 0\n")
        .append("fi\n")
        // A manifest already written: a retry of this run, which keeps the base it chose.
        .append("if BASE_ID=$(ch ")
        .append(quote(sql.manifestBase("@@BACKUP_ID@@")))
        .append(" 2>/dev/null); then\n")
        .append("  echo \"backup $BACKUP_ID already started: going on with it\"\n")
        .append("else\n")
        .append("  BASE_ID=$(ch ")
        .append(quote(sql.chooseBase(BackupStatements.fullBackupHorizon())))
        .append(")\n")
        .append("  echo \"backup $BACKUP_ID: ${BASE_ID:+incremental against }${BASE_ID:-full}\"\n")
        .append("  ch ")
        .append(quote(sql.manifestStarted("@@BACKUP_ID@@", "@@BASE_ID@@")))
        .append("\n")
        .append("fi\n");
    for (int n = 1; n <= hosts.size(); n++) {
      String host = hosts.get(n - 1);
      out.append("DONE_")
          .append(n)
          .append("=0\n")
          .append("STATUS=$(on ")
          .append(host)
          .append(" ")
          .append(quote(status))
          .append(")\n")
          .append("if [ -z \"$STATUS\" ] && [ \"$(on ")
          .append(host)
          .append(" ")
          .append(quote(shard.recordGood("@@BACKUP_ID@@", n)))
          .append(" 2>/dev/null || true)\" = \"1\" ]; then\n")
          .append("  DONE_")
          .append(n)
          .append("=1\n")
          .append("  echo \"shard ")
          .append(n)
          .append(": already taken and verified\"\n")
          .append("elif [ -z \"$STATUS\" ]; then\n")
          .append("  if [ -z \"$BASE_ID\" ]; then\n")
          .append("    on ")
          .append(host)
          .append(" ")
          .append(quote(shard.backup("@@BACKUP_ID@@", "", n)))
          .append(" >/dev/null\n")
          .append("  else\n")
          .append("    on ")
          .append(host)
          .append(" ")
          .append(quote(shard.backup("@@BACKUP_ID@@", "@@BASE_ID@@", n)))
          .append(" >/dev/null\n")
          .append("  fi\n")
          .append("else\n")
          .append("  echo \"shard ")
          .append(n)
          .append(": already started ($STATUS): following it\"\n")
          .append("fi\n");
    }
    out.append("FAILED=0\n");
    for (int n = 1; n <= hosts.size(); n++) {
      String host = hosts.get(n - 1);
      out.append("if [ \"$DONE_")
          .append(n)
          .append("\" = 0 ]; then\n")
          .append("  STATUS=$(follow_on ")
          .append(host)
          .append(" ")
          .append(quote(status))
          .append(")\n")
          .append("  on ")
          .append(host)
          .append(" ")
          .append(quote(shard.record("@@BACKUP_ID@@", n)))
          .append("\n")
          .append("  if [ \"$STATUS\" != \"BACKUP_CREATED\" ]; then\n")
          .append("    echo \"backup $BACKUP_ID, shard ")
          .append(n)
          .append(": failed (${STATUS:-no operation on its server})\" >&2\n")
          .append("    FAILED=1\n")
          .append("  fi\n")
          .append("fi\n");
    }
    out.append("FIGURED=0\n")
        .append("if [ \"$FAILED\" = 0 ] && run_each ")
        .append(quote(FigureStatements.detachAll()));
    for (int n = 1; n <= hosts.size(); n++) {
      String tag = Integer.toString(n);
      out.append(" && run_each ")
          .append(
              quote(
                  FigureStatements.attachAll(
                      sql.target(),
                      shard.shardPrefix("@@BACKUP_ID@@", tag),
                      FigureStatements.shardTag(tag))));
    }
    out.append(" && FIGURES=$(ch ")
        .append(quote(FigureStatements.ofAttachedBackup()))
        .append(") && ch ")
        .append(
            quote(
                shard.manifestFinished(
                    "@@BACKUP_ID@@", "@@BASE_ID@@", FigureStatements.asArray("@@FIGURES@@"))))
        .append("; then\n")
        .append("  FIGURED=1\n")
        .append("else\n")
        .append("  ch ")
        .append(quote(shard.manifestFinished("@@BACKUP_ID@@", "@@BASE_ID@@", null)))
        .append("\n")
        .append("fi\n")
        .append("run_each ")
        .append(quote(FigureStatements.detachAll()))
        .append(" || true\n")
        .append("if [ \"$FAILED\" != 0 ]; then\n")
        .append("  echo \"backup $BACKUP_ID failed\" >&2\n")
        .append("  exit 1\n")
        .append("fi\n")
        .append("if [ \"$(ch ")
        .append(quote(sql.manifestGood("@@BACKUP_ID@@")))
        .append(")\" != \"1\" ]; then\n")
        .append("  echo \"backup $BACKUP_ID finished but could not be verified\" >&2\n")
        .append("  exit 1\n")
        .append("fi\n")
        .append("if [ \"$FIGURED\" != 1 ]; then\n")
        .append("  echo \"backup $BACKUP_ID verified, but its table figures could not be read back")
        .append(" from it: no drill can check it\" >&2\n")
        .append("  exit 1\n")
        .append("fi\n")
        .append("echo \"backup $BACKUP_ID verified (")
        .append(hosts.size())
        .append(" shards)\"\n");
    return out.toString();
  }

  /**
   * The part of the restore job that restores {@code source}'s backup {@code BACKUP_ID}, taken in
   * the per-shard layout, into this service, shard by shard in shard order, each on its server:
   * shard 1 first (the access entities and the tables' definitions), then every other shard once
   * its server's {@code Replicated} databases have caught up with the tables shard 1's restore
   * created ({@code SYSTEM SYNC DATABASE REPLICA}), so its restore finds them and fills them. A
   * shard whose server runs (or ran) its restore is followed, not started again. Ends with {@code
   * STATUS} {@code RESTORED}, or records the failing shard's restore and exits.
   *
   * <p>What the {@code Replicated} databases do here is read from ClickHouse's sources, not run
   * (chDB has no Keeper): a restore without {@code ON CLUSTER} uses the local restore coordination,
   * which lets every restore create a table ({@code RestoreCoordinationLocal}); {@code
   * DatabaseReplicated::createTableRestoredFromBackup} then enqueues a {@code CREATE ... IF NOT
   * EXISTS}, which fails when the server lags more than {@code max_replication_lag_to_enqueue}
   * entries behind its database's log, and waits until the table exists. The sync first makes the
   * server apply the log ({@code InterpreterSystemQuery}, {@code
   * waitForReplicaToProcessAllEntries}), so the later shard finds the tables; {@code
   * RestorerFromBackup} compares an existing table's definition with the backup's, and {@code
   * StorageReplicatedMergeTree::restoreDataFromBackup} restores into it only while it holds no
   * data, which each shard's tables do (their ZooKeeper paths carry {@code {shard}}).
   */
  public static String restoreShards(BackupStatements sql, String source, List<String> hosts) {
    ShardStatements shard = new ShardStatements(sql);
    String status = BackupStatements.operationStatus(sql.restoreOperationId("@@BACKUP_ID@@"));
    StringBuilder out = new StringBuilder();
    for (int n = 1; n <= hosts.size(); n++) {
      String host = hosts.get(n - 1);
      out.append("    STATUS=$(on ")
          .append(host)
          .append(" ")
          .append(quote(status))
          .append(")\n")
          .append("    if [ -z \"$STATUS\" ]; then\n");
      if (n > 1) {
        out.append("      run_each_on ")
            .append(host)
            .append(" ")
            .append(quote(RestoreDatabases.syncAll()))
            .append("\n");
      }
      out.append("      on ")
          .append(host)
          .append(" ")
          .append(quote(shard.restore(source, "@@BACKUP_ID@@", n)))
          .append(" >/dev/null\n")
          .append("    fi\n")
          .append("    STATUS=$(follow_on ")
          .append(host)
          .append(" ")
          .append(quote(status))
          .append(")\n")
          .append("    if [ \"$STATUS\" != \"RESTORED\" ]; then\n")
          .append("      on ")
          .append(host)
          .append(" ")
          .append(quote(sql.restoreRecord(source, "@@BACKUP_ID@@")))
          .append("\n")
          .append("      echo \"restore of ")
          .append(source)
          .append("/$BACKUP_ID failed at shard ")
          .append(n)
          .append(" (${STATUS:-no operation on its server})\" >&2\n")
          .append("      exit 1\n")
          .append("    fi\n")
          .append("    echo \"shard ")
          .append(n)
          .append(" of ")
          .append(hosts.size())
          .append(" restored\"\n");
    }
    return out.toString();
  }
}
