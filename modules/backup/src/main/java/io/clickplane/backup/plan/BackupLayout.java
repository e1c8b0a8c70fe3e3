package io.clickplane.backup.plan;

import io.clickplane.core.naming.Naming;
import java.util.Optional;

/**
 * Where a backup's files sit, as its manifest's {@code layout} records it, and what that means for
 * taking and restoring it.
 *
 * <ul>
 *   <li>{@value #ROOT}: taken without {@code ON CLUSTER} on one server; the files sit at the
 *       backup's root, where the {@code Backup} database engine (the figures, the drill) reads
 *       them. Restored without {@code ON CLUSTER} on one server of the new service.
 *   <li>{@value #CLUSTER}: taken {@code ON CLUSTER}; ClickHouse keeps every host's part under
 *       {@code shards/<n>/replicas/<m>/}, a one-host cluster included. Restored {@code ON CLUSTER},
 *       each host reading its own part. A manifest without the field was written before it existed,
 *       when every rendered backup was taken {@code ON CLUSTER}: it is this layout.
 * </ul>
 */
public final class BackupLayout {
  /** Taken without {@code ON CLUSTER}: the files at the backup's root. */
  public static final String ROOT = "root";

  /** Taken {@code ON CLUSTER}: each host's files under {@code shards/<n>/replicas/<m>/}. */
  public static final String CLUSTER = "cluster";

  private BackupLayout() {}

  /** The layout of backups taken {@code ON CLUSTER cluster}, or on one server without a cluster. */
  public static String of(Optional<String> cluster) {
    return cluster.isPresent() ? CLUSTER : ROOT;
  }

  /** A recorded layout, a missing one ({@code null} or empty) read as {@value #CLUSTER}. */
  public static String recorded(String layout) {
    return layout == null || layout.isEmpty() ? CLUSTER : layout;
  }

  /**
   * The {@code ON CLUSTER} clause restoring a backup of {@code layout} needs ({@code ""} for root).
   */
  static String restoreClause(String layout) {
    return switch (layout) {
      case ROOT -> "";
      case CLUSTER -> " ON CLUSTER " + Sql.literal(Naming.CLUSTER);
      default -> throw new IllegalArgumentException("unknown backup layout " + layout);
    };
  }

  /**
   * The layout of {@code source}'s backup {@code backupId} as its manifest in {@code target}
   * records it: {@value #ROOT} or {@value #CLUSTER} (also for a manifest without the field).
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
