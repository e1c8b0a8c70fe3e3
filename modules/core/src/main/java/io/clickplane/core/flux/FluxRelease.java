package io.clickplane.core.flux;

/**
 * The Flux release the platform installs, in one place: the fluxcd-community {@code flux2} chart
 * version {@code pulumi up} installs, the Flux version that chart ships (its {@code appVersion}),
 * and so the API the controllers serve. The rendered Flux objects are validated against the CRDs in
 * {@code ../shared/crds/flux}, which come from the same Flux minor line (their {@code SOURCE.md});
 * a test ties the two, so a chart of another line fails the suite instead of a cluster silently
 * pruning fields its controllers do not know.
 */
public final class FluxRelease {
  private FluxRelease() {}

  public static final String CHART_REPOSITORY = "https://fluxcd-community.github.io/helm-charts";

  public static final String CHART = "flux2";

  /**
   * The {@code flux2} chart: 2.19.1 ships Flux v2.9.5 (fluxcd-community/helm-charts pull request
   * 293, "upgrade charts to Flux v2.9.5": flux2 2.19.1).
   */
  public static final String CHART_VERSION = "2.19.1";

  /** The Flux version {@link #CHART_VERSION} ships (the chart's {@code appVersion}). */
  public static final String FLUX_VERSION = "2.9.5";

  /** The Flux minor line ({@code 2.9}): the controllers' API is fixed within a line. */
  public static String line() {
    return line(FLUX_VERSION);
  }

  /** The {@code major.minor} of a Flux version such as {@code v2.9.4} or {@code 2.9.4}. */
  public static String line(String version) {
    String v = version.startsWith("v") ? version.substring(1) : version;
    String[] parts = v.split("\\.");
    if (parts.length < 2) {
      throw new IllegalArgumentException("not a Flux version: " + version);
    }
    return parts[0] + "." + parts[1];
  }
}
