package io.clickplane.stacks.cli;

import io.clickplane.core.release.EndOfSupport;
import io.clickplane.core.spec.PlatformSpec;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The warnings {@code validate}, {@code plan} and {@code publish} print for services on a
 * ClickHouse line past its end of support. A new service on such a line is refused by {@code
 * render} and {@code publish}, which know the published snapshot; these commands warn about every
 * such service.
 */
final class ReleaseWarnings {
  /** The clock the day is read from (tests fix it). */
  static Clock clock = Clock.systemUTC();

  private ReleaseWarnings() {}

  static LocalDate today() {
    return LocalDate.now(clock);
  }

  /** Prints one warning per service on a line past its end of support; returns how many. */
  static int print(PlatformSpec spec, PrintWriter out) {
    List<String> warnings = EndOfSupport.warnings(spec, Optional.of(spec), today());
    for (String w : warnings) {
      out.println(w);
    }
    return warnings.size();
  }
}
