package io.clickplane.backup.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The IAM documents guarding one organisation's backup bucket, as pure functions of ARNs.
 *
 * <p>Together they promise: only the organisation's role reads or writes the bucket's data, the
 * role reaches no other bucket, and no request without TLS is served. Bucket management (policy,
 * lifecycle, encryption) stays with the account's administrators, so the deploying identity cannot
 * lock itself out.
 */
public final class BackupPolicies {
  /** Data-plane actions the bucket policy reserves to the organisation's role. */
  public static final List<String> DATA_ACTIONS =
      List.of(
          "s3:GetObject*",
          "s3:PutObject*",
          "s3:DeleteObject*",
          "s3:ListBucket*",
          "s3:AbortMultipartUpload",
          "s3:ListMultipartUploadParts",
          "s3:RestoreObject",
          "s3:ReplicateObject");

  /**
   * Bucket-level actions of the role: {@code s3:ListBucket} only. ClickHouse lists a backup's
   * directory before writing ({@code BACKUP_ALREADY_EXISTS}) and expands the globs of the backup
   * job's manifest queries; the catalogue lists each service's prefix. Without it, a missing key
   * answers 403 instead of 404.
   */
  public static final List<String> ROLE_BUCKET_ACTIONS = List.of("s3:ListBucket");

  /**
   * Object-level actions of the role, each for a reason:
   *
   * <ul>
   *   <li>{@code s3:GetObject}: RESTORE, reading an incremental backup's base, the manifests, the
   *       catalogue (also authorises HeadObject);
   *   <li>{@code s3:PutObject}: BACKUP's files (single and multipart uploads) and the manifests;
   *   <li>{@code s3:DeleteObject}: ClickHouse removing a failed backup's files, and {@code backups
   *       prune} (in the versioned bucket this only hides the current version; the lifecycle
   *       expires it later);
   *   <li>{@code s3:AbortMultipartUpload}: ClickHouse abandoning a failed multipart upload.
   * </ul>
   *
   * <p>Not granted: object versions ({@code s3:GetObjectVersion}, {@code s3:DeleteObjectVersion}),
   * so a compromised server cannot destroy the bucket's history; and no bucket management.
   */
  public static final List<String> ROLE_OBJECT_ACTIONS =
      List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload");

  private static final ObjectMapper JSON = new ObjectMapper();

  private BackupPolicies() {}

  /**
   * Resource policy of an organisation's bucket: refuses every request made without TLS, and
   * refuses data access to every principal but {@code roleArn}.
   */
  public static String bucketPolicy(String bucketArn, String roleArn) {
    ObjectNode doc = document();
    ArrayNode statements = doc.putArray("Statement");
    ObjectNode tls = statements.addObject();
    tls.put("Sid", "DenyInsecureTransport");
    tls.put("Effect", "Deny");
    tls.put("Principal", "*");
    tls.put("Action", "s3:*");
    resources(tls, bucketArn);
    tls.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");

    ObjectNode others = statements.addObject();
    others.put("Sid", "DenyDataAccessToOtherPrincipals");
    others.put("Effect", "Deny");
    others.put("Principal", "*");
    strings(others.putArray("Action"), DATA_ACTIONS);
    resources(others, bucketArn);
    others.putObject("Condition").putObject("ArnNotEquals").put("aws:PrincipalArn", roleArn);
    return write(doc);
  }

  /**
   * Identity policy of an organisation's role: list, read and write its own bucket, nothing else.
   */
  public static String rolePolicy(String bucketArn) {
    ObjectNode doc = document();
    ArrayNode statements = doc.putArray("Statement");
    ObjectNode bucket = statements.addObject();
    bucket.put("Sid", "ListOwnBucket");
    bucket.put("Effect", "Allow");
    strings(bucket.putArray("Action"), ROLE_BUCKET_ACTIONS);
    bucket.put("Resource", bucketArn);
    ObjectNode objects = statements.addObject();
    objects.put("Sid", "ReadWriteOwnObjects");
    objects.put("Effect", "Allow");
    strings(objects.putArray("Action"), ROLE_OBJECT_ACTIONS);
    objects.put("Resource", bucketArn + "/*");
    return write(doc);
  }

  private static ObjectNode document() {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("Version", "2012-10-17");
    return doc;
  }

  private static void resources(ObjectNode statement, String bucketArn) {
    statement.putArray("Resource").add(bucketArn).add(bucketArn + "/*");
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static String write(ObjectNode doc) {
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a policy document", e);
    }
  }
}
