package io.clickplane.backup.aws;

import io.clickplane.core.net.NetworkTimeouts;
import java.net.URI;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/**
 * What every S3 client of the command line shares: bounded waits ({@link NetworkTimeouts}: each
 * attempt within the read bound, the whole call with its retries within the call bound), and the
 * sentence that names the endpoint when S3 cannot be reached.
 */
public final class S3Clients {
  private S3Clients() {}

  /** The client configuration that bounds every call. */
  public static ClientOverrideConfiguration bounded(NetworkTimeouts timeouts) {
    return ClientOverrideConfiguration.builder()
        .apiCallAttemptTimeout(timeouts.read())
        .apiCallTimeout(timeouts.call())
        .build();
  }

  /** The endpoint a client talks to: the override, else AWS's regional endpoint. */
  public static String endpoint(Region region, URI override) {
    return override != null ? override.toString() : "https://s3." + region.id() + ".amazonaws.com";
  }

  /** What to print when a call to {@code endpoint} did not complete. */
  public static String unreachable(
      String endpoint, NetworkTimeouts timeouts, SdkClientException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "no usable answer from S3 at "
        + endpoint
        + " (each attempt is bounded to "
        + timeouts.readText()
        + ", the whole call to "
        + timeouts.callText()
        + "): "
        + reason;
  }
}
