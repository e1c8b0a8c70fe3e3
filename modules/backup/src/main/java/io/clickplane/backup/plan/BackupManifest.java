package io.clickplane.backup.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The platform's record of one backup, {@code <service>/<backup-id>/clickplane.json} in the
 * organisation's bucket. The backup job writes it through ClickHouse (the same statements as {@link
 * BackupStatements}) twice: {@code running} before {@code BACKUP} starts, then {@code succeeded} or
 * {@code failed} with ClickHouse's own figures from {@code system.backups}. The catalogue reads
 * only these records and the objects' presence; it never guesses from key names.
 *
 * @param formatVersion version of this record's layout (1)
 * @param organisation the organisation
 * @param service the service backed up
 * @param backupId the backup's id ({@link BackupId}), also its directory
 * @param kind {@code full} or {@code incremental}
 * @param baseBackupId the full backup an incremental one is taken against
 * @param clickhouseVersion {@code version()} of the server that took it
 * @param shards shards of the service when it was taken
 * @param replicas replicas per shard
 * @param startedAt start, ISO-8601 UTC
 * @param finishedAt end, ISO-8601 UTC, when finished
 * @param status {@code running}, {@code succeeded} or {@code failed}
 * @param verified true once the job read the finished backup's descriptor back from the bucket
 * @param files files in the backup (ClickHouse's count)
 * @param bytes bytes of the backup's files (ClickHouse's {@code total_size})
 * @param error ClickHouse's error when the backup failed
 * @param figures true when {@code tables} was computed from the finished backup (absent in
 *     manifests written before the figures were recorded: false)
 * @param tables per table the backup holds, its row count and content checksum ({@link
 *     TableFigures}), read back from the backup itself
 * @param layout where the backup's files sit ({@link BackupLayout}): {@code root} (taken without
 *     {@code ON CLUSTER} on one server), {@code shards} (one root-layout backup per shard) or
 *     {@code cluster} (taken {@code ON CLUSTER}, per shard and replica); absent in manifests
 *     written before the field existed, which were all taken {@code ON CLUSTER}: {@link #layout()}
 *     reads them as {@code cluster}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("organisation") String organisation,
    @JsonProperty("service") String service,
    @JsonProperty("backup_id") String backupId,
    @JsonProperty("kind") String kind,
    @JsonProperty("base_backup_id") String baseBackupId,
    @JsonProperty("clickhouse_version") String clickhouseVersion,
    @JsonProperty("shards") int shards,
    @JsonProperty("replicas") int replicas,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("finished_at") String finishedAt,
    @JsonProperty("status") String status,
    @JsonProperty("verified") boolean verified,
    @JsonProperty("files") long files,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("error") String error,
    @JsonProperty("figures") boolean figures,
    @JsonProperty("tables") List<TableFigures> tables,
    @JsonProperty("layout") String layout) {

  /** File name of the manifest inside a backup's directory. */
  public static final String FILE = "clickplane.json";

  public static final String FULL = "full";
  public static final String INCREMENTAL = "incremental";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

  public BackupManifest {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(backupId, "backup_id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    if (baseBackupId != null && baseBackupId.isEmpty()) {
      baseBackupId = null;
    }
    if (error != null && error.isEmpty()) {
      error = null;
    }
    tables = tables == null ? List.of() : List.copyOf(tables);
    layout = BackupLayout.recorded(layout);
  }

  /** A manifest without table figures (as written before they were recorded). */
  public BackupManifest(
      int formatVersion,
      String organisation,
      String service,
      String backupId,
      String kind,
      String baseBackupId,
      String clickhouseVersion,
      int shards,
      int replicas,
      String startedAt,
      String finishedAt,
      String status,
      boolean verified,
      long files,
      long bytes,
      String error) {
    this(
        formatVersion,
        organisation,
        service,
        backupId,
        kind,
        baseBackupId,
        clickhouseVersion,
        shards,
        replicas,
        startedAt,
        finishedAt,
        status,
        verified,
        files,
        bytes,
        error,
        false,
        List.of(),
        null);
  }

  /** The same manifest with the figures read from the backup. */
  public BackupManifest withTables(List<TableFigures> figures) {
    return with(true, figures, layout);
  }

  /**
   * The same manifest recording {@code newLayout} ({@code root}, {@code shards} or {@code
   * cluster}).
   */
  public BackupManifest withLayout(String newLayout) {
    return with(figures, tables, newLayout);
  }

  private BackupManifest with(boolean newFigures, List<TableFigures> newTables, String newLayout) {
    return new BackupManifest(
        formatVersion,
        organisation,
        service,
        backupId,
        kind,
        baseBackupId,
        clickhouseVersion,
        shards,
        replicas,
        startedAt,
        finishedAt,
        status,
        verified,
        files,
        bytes,
        error,
        newFigures,
        newTables,
        newLayout);
  }

  /** True when the backup's files sit at its root (taken without {@code ON CLUSTER}). */
  public boolean rootLayout() {
    return BackupLayout.ROOT.equals(layout);
  }

  /**
   * True when the {@code Backup} database engine reads the backup (the figures, the drill): at its
   * root, or one root-layout backup per shard; not one taken {@code ON CLUSTER}.
   */
  public boolean readableLayout() {
    return rootLayout() || BackupLayout.SHARDS.equals(layout);
  }

  /**
   * The keys of the descriptors ({@code .backup}) the backup in directory {@code dir} (ending in /)
   * needs: one at its root, or one per shard in the per-shard layout.
   */
  public java.util.List<String> descriptorKeys(String dir) {
    if (!BackupLayout.SHARDS.equals(layout)) {
      return java.util.List.of(dir + ".backup");
    }
    java.util.List<String> keys = new java.util.ArrayList<>();
    for (int shard = 1; shard <= Math.max(shards, 1); shard++) {
      keys.add(dir + BackupLayout.shardDir(shard) + ".backup");
    }
    return java.util.List.copyOf(keys);
  }

  /** The base of an incremental backup. */
  public Optional<String> base() {
    return Optional.ofNullable(baseBackupId);
  }

  public boolean isIncremental() {
    return INCREMENTAL.equals(kind);
  }

  public boolean succeeded() {
    return SUCCEEDED.equals(status);
  }

  /**
   * Reads a manifest as ClickHouse writes it ({@code JSONEachRow}: one JSON object on one line).
   *
   * @throws IOException when the text is not a manifest
   */
  public static BackupManifest parse(String text) throws IOException {
    BackupManifest manifest = JSON.readValue(text.strip(), BackupManifest.class);
    if (manifest.formatVersion() != 1) {
      throw new IOException("unknown manifest format_version " + manifest.formatVersion());
    }
    return manifest;
  }

  /** The manifest as one JSON line. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a manifest", e);
    }
  }
}
