package io.clickplane.core.spec;

import java.util.Objects;

/**
 * The backup a new service is created from.
 *
 * @param service a service of the same organisation whose backups are restored
 * @param backup a backup id of that service, or {@code latest} for its newest good backup
 */
public record RestoreSpec(String service, String backup) {
  /** The backup id that names a service's newest good backup. */
  public static final String LATEST = "latest";

  public RestoreSpec {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(backup, "backup");
  }
}
