package io.clickplane.stacks.cli;

import io.clickplane.backup.aws.S3Clients;
import io.clickplane.billing.BucketUsage;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import java.io.PrintWriter;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The {@code --backups} and {@code --s3-endpoint} options of {@code cost} and {@code invoice}: how
 * each service's object storage is known. Measured sizes come from the organisation's bucket
 * through the AWS SDK's default credential chain; a bucket that cannot be read is reported once and
 * its services fall back to the estimate, labelled as such on every line.
 */
public final class BackupSizes implements AutoCloseable {
  /** How backup sizes are obtained. */
  public enum Mode {
    MEASURE,
    ESTIMATE
  }

  @Option(
      names = "--backups",
      paramLabel = "measure|estimate",
      description =
          "Backup sizes: measure them in each organisation's bucket, or estimate them from the"
              + " stack file (default: ${DEFAULT-VALUE} for cost, measure for invoice)",
      converter = ModeConverter.class)
  Mode mode;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description =
          "S3 endpoint to measure backups at instead of AWS (S3-compatible stores, tests)")
  URI endpoint;

  private S3Client client;

  static final class ModeConverter implements picocli.CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      return switch (value) {
        case "measure" -> Mode.MEASURE;
        case "estimate" -> Mode.ESTIMATE;
        default ->
            throw new picocli.CommandLine.TypeConversionException(
                "expected measure or estimate, got '" + value + "'");
      };
    }
  }

  /** Reports a refused {@code --s3-endpoint}; false when the command must exit 2. */
  boolean validEndpoint(PrintWriter err) {
    Optional<String> bad =
        endpoint == null
            ? Optional.empty()
            : EndpointUrls.problem("--s3-endpoint", endpoint.toString());
    bad.ifPresent(m -> err.println("clickplane: " + m));
    return bad.isEmpty();
  }

  /** The sizes to price with; {@code fallback} when the option was not given. */
  public BiFunction<String, String, Optional<Long>> sizes(
      PlatformSpec spec, Mode fallback, PrintWriter err) {
    if ((mode == null ? fallback : mode) == Mode.ESTIMATE) {
      return (org, service) -> Optional.empty();
    }
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(spec.region()))
            .overrideConfiguration(S3Clients.bounded(Clickplane.timeouts))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (endpoint != null) {
      builder.endpointOverride(endpoint).forcePathStyle(true);
    }
    client = builder.build();
    BucketUsage usage = new BucketUsage(client);
    Set<String> failed = new HashSet<>();
    Map<String, Optional<Long>> cache = new HashMap<>();
    return (org, service) -> {
      if (failed.contains(org)) {
        return Optional.empty();
      }
      String bucket = Naming.backupBucket(spec, org);
      return cache.computeIfAbsent(
          org + "/" + service,
          k -> {
            try {
              Optional<Long> bytes = usage.bytes(bucket, service);
              if (bytes.isEmpty()) {
                failed.add(org);
                err.println(
                    "clickplane: bucket "
                        + bucket
                        + " does not exist; backups of "
                        + org
                        + " are estimated");
              }
              return bytes;
            } catch (RuntimeException e) {
              failed.add(org);
              err.println(
                  "clickplane: cannot read bucket "
                      + bucket
                      + " at "
                      + S3Clients.endpoint(Region.of(spec.region()), endpoint)
                      + " ("
                      + e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : ": " + e.getMessage())
                      + "); backups of "
                      + org
                      + " are estimated");
              return Optional.empty();
            }
          });
    };
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
