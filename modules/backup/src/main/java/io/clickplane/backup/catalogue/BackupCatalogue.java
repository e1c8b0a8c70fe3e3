package io.clickplane.backup.catalogue;

import io.clickplane.backup.drill.DrillRecord;
import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.core.naming.Naming;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads and deletes backups in an organisation's bucket through the AWS SDK. Reading is by listing
 * one service's prefix: every backup directory {@code <service>/<id>/} found, with its manifest and
 * descriptors (one at the root, or one per shard directory {@code shard-<n>/} in the per-shard
 * layout); keys that are not under a backup id (the restore record) are not backups.
 */
public final class BackupCatalogue {
  /** Keys per DeleteObjects request (the S3 limit). */
  private static final int DELETE_BATCH = 1000;

  private final S3Client s3;

  public BackupCatalogue(S3Client s3) {
    this.s3 = s3;
  }

  /** The backups of {@code service} in {@code bucket}, oldest first. */
  public List<StoredBackup> read(String bucket, String service) {
    String prefix = Naming.backupPrefix(service);
    Map<String, List<S3Object>> byId = new TreeMap<>();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
    for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
      String rest = object.key().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash <= 0 || !BackupId.isValid(rest.substring(0, slash))) {
        continue;
      }
      byId.computeIfAbsent(rest.substring(0, slash), k -> new ArrayList<>()).add(object);
    }
    List<StoredBackup> out = new ArrayList<>();
    for (Map.Entry<String, List<S3Object>> e : byId.entrySet()) {
      String dir = prefix + e.getKey() + "/";
      List<String> keys = e.getValue().stream().map(S3Object::key).sorted().toList();
      long bytes = e.getValue().stream().mapToLong(S3Object::size).sum();
      Optional<BackupManifest> manifest = Optional.empty();
      Optional<String> problem = Optional.empty();
      if (keys.contains(dir + BackupManifest.FILE)) {
        try {
          manifest = Optional.of(BackupManifest.parse(get(bucket, dir + BackupManifest.FILE)));
        } catch (IOException ex) {
          problem = Optional.of("unreadable manifest: " + ex.getMessage());
        }
      }
      // Every descriptor the recorded layout needs: one at the root, or one per shard.
      boolean descriptor =
          manifest
              .map(m -> keys.containsAll(m.descriptorKeys(dir)))
              .orElse(keys.contains(dir + ".backup"));
      Optional<DrillRecord> drill = Optional.empty();
      Optional<String> drillProblem = Optional.empty();
      if (keys.contains(dir + DrillRecord.FILE)) {
        try {
          drill = Optional.of(DrillRecord.parse(get(bucket, dir + DrillRecord.FILE)));
        } catch (IOException ex) {
          drillProblem = Optional.of("unreadable drill record: " + ex.getMessage());
        }
      }
      out.add(
          new StoredBackup(
              e.getKey(), manifest, problem, descriptor, keys, bytes, drill, drillProblem));
    }
    return out;
  }

  private String get(String bucket, String key) {
    return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build())
        .asString(StandardCharsets.UTF_8);
  }

  /**
   * Deletes every object of a backup (in a versioned bucket: their current versions; the bucket's
   * lifecycle expires the noncurrent ones later). The manifest goes first, so a deletion cut short
   * leaves an unrecorded directory that no restore picks, never a recorded backup with missing
   * files.
   *
   * @throws SdkException when S3 refuses or reports a key it could not delete
   */
  public void delete(String bucket, StoredBackup backup) {
    List<String> keys = new ArrayList<>();
    backup.keys().stream().filter(k -> k.endsWith("/" + BackupManifest.FILE)).forEach(keys::add);
    if (!keys.isEmpty()) {
      deleteBatch(bucket, backup, keys);
    }
    keys = backup.keys().stream().filter(k -> !k.endsWith("/" + BackupManifest.FILE)).toList();
    deleteBatch(bucket, backup, keys);
  }

  private void deleteBatch(String bucket, StoredBackup backup, List<String> keys) {
    for (int i = 0; i < keys.size(); i += DELETE_BATCH) {
      List<ObjectIdentifier> batch =
          keys.subList(i, Math.min(keys.size(), i + DELETE_BATCH)).stream()
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      DeleteObjectsResponse response =
          s3.deleteObjects(
              DeleteObjectsRequest.builder()
                  .bucket(bucket)
                  .delete(Delete.builder().objects(batch).quiet(true).build())
                  .build());
      if (response.hasErrors() && !response.errors().isEmpty()) {
        throw SdkException.builder()
            .message(
                "S3 did not delete "
                    + response.errors().size()
                    + " objects of backup "
                    + backup.id()
                    + ", e.g. "
                    + response.errors().get(0).key()
                    + ": "
                    + response.errors().get(0).message())
            .build();
      }
    }
  }
}
