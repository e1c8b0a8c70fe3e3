package io.clickplane.core.spec;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one table of ClickHouse versions the platform runs: a stack file names a release line ({@code
 * "26.3"}), and every image of that line (server, Keeper, the databases Job, the backup and restore
 * jobs) is the pinned patch release here, by digest where the digest could be checked. The table
 * also holds each line's end of support: a line past it still renders for the services that run it,
 * but no new service may start on it.
 *
 * <p>Sources: the release list in ClickHouse's repository ({@code
 * utils/list-versions/version_date.tsv}, newest entry read: {@code v26.3.1.896-lts 2026-03-27}):
 * the first release of each LTS line (its start of support) and the last patch release it lists;
 * ClickHouse's support policy (an LTS line is supported for a year after its first release; {@code
 * utils/security-generator/generate_security.py} keeps the two newest LTS lines in the supported
 * list, which comes to the same as a new LTS line appears every six months); and Docker Hub
 * references of the {@code clickhouse/clickhouse-server} tags and digests in public repositories (a
 * digest is pinned only where two independent references agree). Line 26.8 is not offered: the
 * release list read here has no 26.8 release to pin. docs/clickhouse.md lists what could not be
 * checked from here.
 */
public final class ClickHouseReleases {
  /**
   * One release line and its pinned patch release.
   *
   * @param line the release line, {@code "26.3"}
   * @param version the pinned patch release of the line
   * @param serverDigest the server image's digest, where it could be checked
   * @param firstRelease the date of the line's first release ({@code version_date.tsv})
   */
  public record Release(
      String line, String version, Optional<String> serverDigest, LocalDate firstRelease) {
    /** {@code clickhouse/clickhouse-server:<version>[@sha256:...]}. */
    public String serverImage() {
      return SERVER_IMAGE + ":" + version + serverDigest.map(d -> "@" + d).orElse("");
    }

    /** {@code clickhouse/clickhouse-keeper:<version>} (Keeper is released with the server). */
    public String keeperImage() {
      return KEEPER_IMAGE + ":" + version;
    }

    /** The first day the line is no longer supported: a year after its first release. */
    public LocalDate endOfSupport() {
      return firstRelease.plusYears(SUPPORT_YEARS);
    }

    /** True when the line is still supported on {@code day}. */
    public boolean supportedOn(LocalDate day) {
      return day.isBefore(endOfSupport());
    }
  }

  public static final String SERVER_IMAGE = "clickhouse/clickhouse-server";
  public static final String KEEPER_IMAGE = "clickhouse/clickhouse-keeper";

  /** Years an LTS line is supported after its first release. */
  public static final int SUPPORT_YEARS = 1;

  /**
   * Every line the platform renders, oldest first: the supported ones and those past their end of
   * support that running services may still be on.
   */
  public static final List<Release> LINES =
      List.of(
          new Release(
              "24.8",
              "24.8.14.39",
              Optional.of(
                  "sha256:1ffa82edee000a42c09313bd9f1293d94c570aee74babc1b3ca9983a35fa597b"),
              LocalDate.parse("2024-08-21")),
          new Release(
              "25.3",
              "25.3.14.14",
              Optional.of(
                  "sha256:b627d7a9bc0e0c1bac26cdbe9d2fc6316faa29c5d8a174f28f5abd57d0fa6ba2"),
              LocalDate.parse("2025-03-20")),
          new Release("25.8", "25.8.20.4", Optional.empty(), LocalDate.parse("2025-08-29")),
          new Release("26.3", "26.3.1.896", Optional.empty(), LocalDate.parse("2026-03-27")));

  /** The line a service gets when its stack entry names none: the newest. */
  public static final String DEFAULT_LINE = LINES.get(LINES.size() - 1).line();

  private ClickHouseReleases() {}

  /** The release of a line the platform renders, such as {@code "26.3"}. */
  public static Optional<Release> line(String line) {
    return LINES.stream().filter(r -> r.line().equals(line)).findFirst();
  }

  /** The release of a line the validation accepted; fails for any other value. */
  public static Release of(String line) {
    return line(line)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported ClickHouse release line \"" + line + "\" (" + accepted() + ")"));
  }

  /** The lines still supported on {@code day}, oldest first. */
  public static List<Release> supportedOn(LocalDate day) {
    return LINES.stream().filter(r -> r.supportedOn(day)).toList();
  }

  /** "24.8, 25.3, 25.8 or 26.3": every line a stack file may name. */
  public static String accepted() {
    List<String> lines = LINES.stream().map(Release::line).toList();
    return lines.subList(0, lines.size() - 1).stream().collect(Collectors.joining(", "))
        + " or "
        + lines.get(lines.size() - 1);
  }
}
