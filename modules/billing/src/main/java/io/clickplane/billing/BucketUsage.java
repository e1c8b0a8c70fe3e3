package io.clickplane.billing;

import io.clickplane.core.naming.Naming;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Measures what a service's backups occupy in its organisation's bucket: the sum of the sizes of
 * every object under the service's prefix ({@link Naming#backupPrefix}).
 */
public final class BucketUsage {
  private final S3Client s3;

  public BucketUsage(S3Client s3) {
    this.s3 = s3;
  }

  /** Bytes under the service's prefix in {@code bucket}; empty when the bucket does not exist. */
  public Optional<Long> bytes(String bucket, String service) {
    long total = 0;
    String token = null;
    try {
      do {
        ListObjectsV2Response page =
            s3.listObjectsV2(
                ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(Naming.backupPrefix(service))
                    .continuationToken(token)
                    .build());
        for (S3Object o : page.contents()) {
          total += o.size();
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (NoSuchBucketException e) {
      return Optional.empty();
    }
    return Optional.of(total);
  }
}
