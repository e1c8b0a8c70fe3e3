package io.clickplane.backup.plan;

import io.clickplane.core.spec.BackupSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The time limits of a service's backups, all derived from its schedule: how late a run may start,
 * how long it may take, and therefore how old the newest good backup may be before {@code verify}
 * calls the service stale.
 *
 * @param maxInterval the longest time between two scheduled runs
 * @param startingDeadline how late after its time a run may still start (CronJob {@code
 *     startingDeadlineSeconds})
 * @param activeDeadline how long a run may take (Job {@code activeDeadlineSeconds})
 */
public record BackupTiming(
    Duration maxInterval, Duration startingDeadline, Duration activeDeadline) {
  /** A run that could not start within this time is skipped (the next one is due anyway). */
  public static final Duration STARTING_DEADLINE = Duration.ofHours(1);

  /** No run takes longer than this (nor longer than the schedule's longest gap). */
  public static final Duration MAX_ACTIVE_DEADLINE = Duration.ofHours(6);

  /**
   * The longest gap of each schedule seen so far. A fleet shares a few schedules; finding the gap
   * scans years of days, so each distinct schedule text is scanned once per process (the result is
   * a pure function of the text).
   */
  private static final Map<String, Duration> INTERVALS = new ConcurrentHashMap<>();

  /** The timing of a service's backup schedule. */
  public static BackupTiming of(BackupSpec backup) {
    Duration interval =
        INTERVALS.computeIfAbsent(
            backup.schedule(), schedule -> CronSchedule.parse(schedule).maxInterval());
    Duration active = interval.compareTo(MAX_ACTIVE_DEADLINE) < 0 ? interval : MAX_ACTIVE_DEADLINE;
    Duration starting = interval.compareTo(STARTING_DEADLINE) < 0 ? interval : STARTING_DEADLINE;
    return new BackupTiming(interval, starting, active);
  }

  /**
   * How old (from its start) the newest good backup may be: one full interval, plus the latest a
   * run may start and the longest it may take.
   */
  public Duration freshnessLimit() {
    return maxInterval.plus(startingDeadline).plus(activeDeadline);
  }
}
