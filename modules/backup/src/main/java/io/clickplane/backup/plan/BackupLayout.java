package io.clickplane.backup.plan;

import io.clickplane.core.naming.Naming;

/**
 * Where a backup's files sit, as its manifest's {@code layout} records it, and what that means for
 * taking and restoring it.
 *
 * <ul>
 *   <li>{@value #ROOT}: taken without {@code ON CLUSTER} on one server; the files sit at the
 *       backup's root, where the {@code Backup} database engine (the figures, the drill) reads
 *       them. Restored without {@code ON CLUSTER} on one server of the new service.
 *   <li>{@value #SHARDS}: one {@value #ROOT}-layout backup per shard, each taken without {@code ON
 *       CLUSTER} on one replica of its shard, under {@code shard-<n>/} ({@code n} from 1, the
 *       shard's number in ClickHouse's cluster), with that shard's record {@code shard-<n>.json}
 *       beside it; the access entities are in shard 1's only. Restored shard by shard, each on a
 *       server of the same shard of the new service.
 *   <li>{@value #CLUSTER}: taken {@code ON CLUSTER} (every backup of a service of more than one
 *       host before the per-shard layout); ClickHouse keeps every host's part under {@code
 *       shards/<n>/replicas/<m>/}, a layout the {@code Backup} database engine cannot read.
 *       Restored {@code ON CLUSTER}, each host reading its own part. A manifest without the field
 *       was written before it existed, when every rendered backup was taken {@code ON CLUSTER}: it
 *       is this layout. No backup is taken in it any more.
 * </ul>
 */
public final class BackupLayout {
  /** Taken without {@code ON CLUSTER}: the files at the backup's root. */
  public static final String ROOT = "root";

  /** One root-layout backup per shard, under {@code shard-<n>/}. */
  public static final String SHARDS = "shards";

  /** Taken {@code ON CLUSTER}: each host's files under {@code shards/<n>/replicas/<m>/}. */
  public static final String CLUSTER = "cluster";

  /** Directory of shard {@code n}'s backup (and stem of its record) inside a backup's directory. */
  public static final String SHARD_DIR = "shard-";

  private BackupLayout() {}

  /**
   * The layout of the backups a service of {@code shards} shards takes: {@value #ROOT} for one
   * shard (however many replicas: the one replica backed up holds every part of its shard), else
   * {@value #SHARDS}.
   */
  public static String of(int shards) {
    return shards > 1 ? SHARDS : ROOT;
  }

  /** The directory of shard {@code shard}'s backup inside a backup's directory. */
  public static String shardDir(int shard) {
    return SHARD_DIR + shard + "/";
  }

  /** A recorded layout, a missing one ({@code null} or empty) read as {@value #CLUSTER}. */
  public static String recorded(String layout) {
    return layout == null || layout.isEmpty() ? CLUSTER : layout;
  }

  /**
   * The {@code ON CLUSTER} clause restoring a backup of {@code layout} needs ({@code ""} for root
   * and for each shard of a per-shard backup).
   */
  static String restoreClause(String layout) {
    return switch (layout) {
      case ROOT, SHARDS -> "";
      case CLUSTER -> " ON CLUSTER " + Sql.literal(Naming.CLUSTER);
      default -> throw new IllegalArgumentException("unknown backup layout " + layout);
    };
  }

  /**
   * The layout of {@code source}'s backup {@code backupId} as its manifest in {@code target}
   * records it: {@value #ROOT}, {@value #SHARDS} or {@value #CLUSTER} (also for a manifest without
   * the field).
   */
  public static String ofManifest(S3Target target, String source, String backupId) {
    return "SELECT if(layout = '', "
        + Sql.literal(CLUSTER)
        + ", layout) FROM s3("
        + Sql.literal(
            target.url(Naming.backupPrefix(source) + backupId + "/" + BackupManifest.FILE))
        + target.credentialArguments()
        + ", 'JSONEachRow', 'layout String')";
  }
}
