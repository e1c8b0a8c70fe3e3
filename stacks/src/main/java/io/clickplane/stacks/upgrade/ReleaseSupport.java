package io.clickplane.stacks.upgrade;

import io.clickplane.core.spec.ClickHouseReleases;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Whether a release line is past its end of support on a given day, from {@link
 * ClickHouseReleases}: a line the table does not list is past it.
 */
final class ReleaseSupport {
  private ReleaseSupport() {}

  static boolean pastEndOfSupport(String line, Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return ClickHouseReleases.line(line).map(r -> !r.supportedOn(day)).orElse(true);
  }

  /** Compares {@code major.minor} lines numerically. */
  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    int c = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
    return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
  }
}
