package io.clickplane.core.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * When a service is backed up, how long backups are kept, and when its restore drill runs.
 *
 * @param schedule a five-field cron expression, in UTC
 * @param retention number of backups kept
 * @param enabled false to take no scheduled backups
 * @param drillSchedule the restore drill's cron expression, {@link #DRILL_OFF}, or null for the
 *     default (weekly, at a minute taken from the service's name)
 */
public record BackupSpec(String schedule, int retention, boolean enabled, String drillSchedule) {
  /** The drill schedule that turns the drill off. */
  public static final String DRILL_OFF = "off";

  public BackupSpec {
    Objects.requireNonNull(schedule, "schedule");
  }

  /** A backup with the default drill. */
  public BackupSpec(String schedule, int retention, boolean enabled) {
    this(schedule, retention, enabled, null);
  }

  /** The drill schedule the stack file sets, when it sets one. */
  public Optional<String> drill() {
    return Optional.ofNullable(drillSchedule);
  }

  /** The drill part of the canonical spec: written only when the stack file sets it. */
  public Drill drillSetting() {
    return drillSchedule == null ? null : new Drill(drillSchedule);
  }

  /**
   * The {@code backup.drill} map as the stack file holds it.
   *
   * @param schedule cron expression or {@code off}
   */
  public record Drill(String schedule) {}
}
