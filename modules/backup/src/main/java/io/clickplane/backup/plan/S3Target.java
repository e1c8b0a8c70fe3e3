package io.clickplane.backup.plan;

import java.util.Objects;
import java.util.Optional;

/**
 * Where ClickHouse reads and writes an organisation's backups: the bucket's endpoint URL (ending in
 * {@code /}) and, only for tests and S3-compatible stores, a static key. In production the key is
 * absent: ClickHouse takes credentials from the pod's web identity (IRSA), which the server's
 * configuration enables for this endpoint only.
 *
 * @param endpoint bucket URL, e.g. {@code https://<bucket>.s3.<region>.amazonaws.com/}
 * @param accessKey static access key id (tests), or empty
 * @param secretKey static secret key (tests), or empty
 */
public record S3Target(String endpoint, Optional<String> accessKey, Optional<String> secretKey) {
  public S3Target {
    Objects.requireNonNull(endpoint, "endpoint");
    if (!endpoint.endsWith("/")) {
      throw new IllegalArgumentException("endpoint must end with '/': " + endpoint);
    }
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw new IllegalArgumentException("give both keys or neither");
    }
  }

  /** A target that uses the server's environment credentials. */
  public static S3Target ofEndpoint(String endpoint) {
    return new S3Target(endpoint, Optional.empty(), Optional.empty());
  }

  /** A target with a static key (tests against an S3-compatible store). */
  public static S3Target withKey(String endpoint, String accessKey, String secretKey) {
    return new S3Target(endpoint, Optional.of(accessKey), Optional.of(secretKey));
  }

  /** The URL of {@code key} in the bucket. */
  public String url(String key) {
    return endpoint + key;
  }

  /** The arguments after the URL that carry the key, e.g. {@code , 'id', 'secret'}, or nothing. */
  public String credentialArguments() {
    return accessKey.isEmpty()
        ? ""
        : ", " + Sql.literal(accessKey.get()) + ", " + Sql.literal(secretKey.get());
  }
}
