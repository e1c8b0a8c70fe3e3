package io.clickplane.backup.drill;

import io.clickplane.backup.plan.BackupTiming;
import io.clickplane.core.spec.BackupSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.Optional;

/**
 * When a service's restore drill runs: {@code backup.drill.schedule} from the stack, else weekly on
 * Sunday at 10:MM UTC, the minute taken from the organisation and service names (so a fleet's
 * drills do not all start at once, and a service keeps its minute from render to render). Sunday
 * 10:00 is after the default daily backup at 02:00 and its longest run (6 h).
 */
public final class DrillSchedule {
  /** Hour (UTC) of the default drill. */
  static final int HOUR = 10;

  /** Day of the week of the default drill (cron: 0 is Sunday). */
  static final int WEEKDAY = 0;

  private DrillSchedule() {}

  /** The default schedule of a service's drill. */
  public static String defaultFor(String organisation, String service) {
    int minute = Math.floorMod((organisation + "/" + service).hashCode(), 60);
    return minute + " " + HOUR + " * * " + WEEKDAY;
  }

  /** The service's drill schedule; empty when the drill is off or the service is stopped. */
  public static Optional<String> of(String organisation, ServiceSpec service) {
    if (service.stopped()) {
      return Optional.empty();
    }
    String schedule = service.backup().drill().orElse(defaultFor(organisation, service.name()));
    return BackupSpec.DRILL_OFF.equals(schedule) ? Optional.empty() : Optional.of(schedule);
  }

  /**
   * The time limits of the drill: its longest gap, how late a run may start and how long it may
   * take (as for backups), so the last drill may be {@code freshnessLimit()} old.
   */
  public static Optional<BackupTiming> timing(String organisation, ServiceSpec service) {
    return of(organisation, service).map(s -> BackupTiming.of(new BackupSpec(s, 1, true)));
  }
}
