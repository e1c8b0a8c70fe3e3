package io.clickplane.core.release;

import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.spec.ClickHouseReleases;
import io.clickplane.core.spec.ClickHouseReleases.Release;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Services on a ClickHouse line past its end of support ({@link ClickHouseReleases}): a new service
 * (one the published snapshot does not hold) is refused on such a line; a running one is warned
 * about, with the date and the way off the line (a canary on the newest supported line, then
 * promotion).
 */
public final class EndOfSupport {
  /** Start of every refusal and warning this class writes. */
  static final String PAST = " is past its end of support";

  private EndOfSupport() {}

  /**
   * A service on a line past its end of support.
   *
   * @param organisation the organisation
   * @param service the service
   * @param keyPath the key path of the service's {@code version} in the stack file
   * @param release the line it runs
   * @param isNew true when the published snapshot does not hold the service
   */
  public record Finding(
      String organisation, String service, String keyPath, Release release, boolean isNew) {
    /** What is wrong and the way off the line, for the person reading it. */
    public String message(LocalDate today) {
      String newest = newestSupported(today).map(Release::line).orElse("a supported line");
      String what =
          "ClickHouse "
              + release.line()
              + PAST
              + " (ended "
              + release.endOfSupport()
              + "; supported: "
              + supported(today)
              + ")";
      if (isNew) {
        return what + "; a new service starts on a supported line: version: \"" + newest + "\"";
      }
      return what
          + "; upgrade through a canary: publish upgrade: {canary: \""
          + newest
          + "\"}, check it, then set version: \""
          + newest
          + "\" and remove upgrade (docs/endpoints.md#canary-upgrades)";
    }
  }

  /**
   * Every service of {@code next} on a line past its end of support on {@code today}; {@code
   * published} (empty before the first publish) tells new services from running ones.
   */
  public static List<Finding> findings(
      PlatformSpec next, Optional<PlatformSpec> published, LocalDate today) {
    Set<String> running = new HashSet<>();
    published.ifPresent(
        p -> {
          for (OrganisationSpec org : p.organisations()) {
            for (ServiceSpec s : org.services()) {
              running.add(org.name() + "/" + s.name());
            }
          }
        });
    List<Finding> out = new ArrayList<>();
    for (int o = 0; o < next.organisations().size(); o++) {
      OrganisationSpec org = next.organisations().get(o);
      for (int i = 0; i < org.services().size(); i++) {
        ServiceSpec s = org.services().get(i);
        Optional<Release> release = ClickHouseReleases.line(s.version());
        if (release.isEmpty() || release.get().supportedOn(today)) {
          continue;
        }
        out.add(
            new Finding(
                org.name(),
                s.name(),
                "clickplane:organisations[" + o + "].services[" + i + "].version",
                release.get(),
                !running.contains(org.name() + "/" + s.name())));
      }
    }
    return List.copyOf(out);
  }

  /** Warnings for the services already running on a line past its end of support. */
  public static List<String> warnings(
      PlatformSpec next, Optional<PlatformSpec> published, LocalDate today) {
    return findings(next, published, today).stream()
        .filter(f -> !f.isNew())
        .map(
            f ->
                "warning: organisation "
                    + f.organisation()
                    + ", service "
                    + f.service()
                    + ": "
                    + f.message(today))
        .toList();
  }

  /**
   * The guard that refuses a new service on a line past its end of support; {@code today} is read
   * when the guard runs. There is nothing to allow it with: a new service starts on a supported
   * line.
   */
  public static ChangeGuard guard(Supplier<LocalDate> today) {
    return (previous, next) -> {
      LocalDate day = today.get();
      return findings(next, Optional.of(previous), day).stream()
          .filter(Finding::isNew)
          .map(
              f ->
                  new Refusal(
                      f.organisation(),
                      f.service(),
                      f.message(day),
                      "name a supported line in " + f.keyPath()))
          .toList();
    };
  }

  /** True when {@code refusal} is one of {@link #guard}'s. */
  public static boolean isEndOfSupport(Refusal refusal) {
    return refusal.change().startsWith("ClickHouse ") && refusal.change().contains(PAST);
  }

  /** The newest line still supported on {@code today}. */
  public static Optional<Release> newestSupported(LocalDate today) {
    List<Release> supported = ClickHouseReleases.supportedOn(today);
    return supported.isEmpty()
        ? Optional.empty()
        : Optional.of(supported.get(supported.size() - 1));
  }

  private static String supported(LocalDate today) {
    List<String> lines =
        ClickHouseReleases.supportedOn(today).stream()
            .map(r -> r.line() + " until " + r.endOfSupport())
            .toList();
    return lines.isEmpty() ? "none" : String.join(", ", lines);
  }
}
