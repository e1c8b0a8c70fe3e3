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
}
