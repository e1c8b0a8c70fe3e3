package io.clickplane.core.spec;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one table of ClickHouse versions the platform runs: a stack file names a release line ({@code
 * "24.8"}), and every image of that line (server, Keeper, the databases Job) is the pinned patch
 * release here, by digest where the digest could be checked.
 *
 * <p>Sources: the release list in ClickHouse's repository ({@code
 * utils/list-versions/version_date.tsv}: the last patch release of each LTS line it lists), and
 * Docker Hub references of the {@code clickhouse/clickhouse-server} tags and digests in public
 * repositories (a digest is pinned only where two independent references agree). docs/clickhouse.md
 * lists what could not be checked from here.
 */
public final class ClickHouseReleases {
  /** One supported release line and its pinned patch release. */
  public record Release(String line, String version, Optional<String> serverDigest) {
    /** {@code clickhouse/clickhouse-server:<version>[@sha256:...]}. */
    public String serverImage() {
      return SERVER_IMAGE + ":" + version + serverDigest.map(d -> "@" + d).orElse("");
    }

    /** {@code clickhouse/clickhouse-keeper:<version>} (Keeper is released with the server). */
    public String keeperImage() {
      return KEEPER_IMAGE + ":" + version;
    }
  }

  public static final String SERVER_IMAGE = "clickhouse/clickhouse-server";
  public static final String KEEPER_IMAGE = "clickhouse/clickhouse-keeper";

  /** Supported lines, oldest first (the long-term-support lines). */
  public static final List<Release> SUPPORTED =
      List.of(
          new Release(
              "24.8",
              "24.8.14.39",
              Optional.of(
                  "sha256:1ffa82edee000a42c09313bd9f1293d94c570aee74babc1b3ca9983a35fa597b")),
          new Release(
              "25.3",
              "25.3.14.14",
              Optional.of(
                  "sha256:b627d7a9bc0e0c1bac26cdbe9d2fc6316faa29c5d8a174f28f5abd57d0fa6ba2")),
          new Release("25.8", "25.8.20.4", Optional.empty()));

  private ClickHouseReleases() {}

  /** The release of a supported line such as {@code "24.8"}. */
  public static Optional<Release> line(String line) {
    return SUPPORTED.stream().filter(r -> r.line().equals(line)).findFirst();
  }

  /** The release of a line the validation accepted; fails for any other value. */
  public static Release of(String line) {
    return line(line)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported ClickHouse release line \"" + line + "\" (" + accepted() + ")"));
  }

  /** "24.8, 25.3 or 25.8". */
  public static String accepted() {
    List<String> lines = SUPPORTED.stream().map(Release::line).toList();
    return lines.subList(0, lines.size() - 1).stream().collect(Collectors.joining(", "))
        + " or "
        + lines.get(lines.size() - 1);
  }
}
