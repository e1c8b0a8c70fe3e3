package io.clickplane.core.config.section;

import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.PlatformSpec;
import java.util.List;
import java.util.Optional;

/** The top-level scalars: the region, the environment's name and domain, the bucket prefix. */
public final class TopLevelBinder implements SectionBinder<TopLevelBinder.Names> {
  public static final TopLevelBinder BINDER = new TopLevelBinder();

  /**
   * What this section binds; a component is null when its key is refused.
   *
   * @param region the AWS region
   * @param environment the environment's name
   * @param domain the DNS domain of service endpoints
   * @param bucketPrefix the first part of backup bucket and role names
   */
  public record Names(String region, String environment, String domain, String bucketPrefix) {}

  public static final String DEFAULT_BUCKET_PREFIX = "clickplane";

  static final Key<String> REGION =
      Key.<String>bound("aws:region")
          .defaultDoc("required")
          .doc("string", "AWS region, e.g. `eu-west-1`.")
          .writes(PlatformSpec::region);
  static final Key<String> ENVIRONMENT =
      Key.<String>bound(Sections.NS + "environment")
          .defaultDoc("required")
          .doc(
              "DNS-1123 label",
              "Names the environment (`dev`, `prod`); part of every resource name.")
          .writes(PlatformSpec::environment);
  static final Key<String> DOMAIN =
      Key.<String>bound(Sections.NS + "domain")
          .defaultDoc("required")
          .doc(
              "DNS domain",
              "Services are reachable at `<service>.<org>.<domain>`. At least two labels.")
          .writes(PlatformSpec::domain);
  static final Key<String> BUCKET_PREFIX =
      Key.bound(Sections.NS + "bucketPrefix", DEFAULT_BUCKET_PREFIX)
          .doc(
              "DNS-1123 label, ≤ 30 chars",
              "First part of every backup bucket and backup role name. S3 bucket names are global:"
                  + " choose a prefix your company owns.")
          .writes(PlatformSpec::bucketPrefix);

  private TopLevelBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(REGION, ENVIRONMENT, DOMAIN, BUCKET_PREFIX);
  }

  @Override
  public Names bind(Section section, Bound earlier) {
    String region =
        section.string(REGION.name(), null, ": the AWS region, e.g. eu-west-1", Rules::region);
    String environment =
        section.string(
            ENVIRONMENT.name(),
            null,
            ": a DNS-1123 label naming the environment, e.g. dev",
            v -> Rules.dnsLabel(v).or(() -> Rules.namePart(v)));
    String domain =
        section.string(
            DOMAIN.name(),
            null,
            ": the DNS domain of service endpoints, e.g. ch.dev.example.com",
            Rules::domain);
    String bucketPrefix =
        section.string(
            BUCKET_PREFIX.name(),
            DEFAULT_BUCKET_PREFIX,
            "",
            v ->
                Rules.dnsLabel(v)
                    .or(() -> Rules.namePart(v))
                    .or(
                        () ->
                            v.length() > 30
                                ? Optional.of(
                                    "must be at most 30 characters so bucket names fit S3's 63 (got "
                                        + v.length()
                                        + ")")
                                : Optional.empty()));
    return new Names(region, environment, domain, bucketPrefix);
  }
}
