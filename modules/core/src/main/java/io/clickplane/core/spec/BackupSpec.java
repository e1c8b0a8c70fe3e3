package io.clickplane.core.spec;

import java.util.Objects;

/**
 * When a service is backed up and how long backups are kept.
 *
 * @param schedule a five-field cron expression, in UTC
 * @param retention number of backups kept
 * @param enabled false to take no scheduled backups
 */
public record BackupSpec(String schedule, int retention, boolean enabled) {
  public BackupSpec {
    Objects.requireNonNull(schedule, "schedule");
  }
}
