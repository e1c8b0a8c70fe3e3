package io.clickplane.stacks.upgrade;

import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.UpgradeChannel;
import java.time.Instant;
import java.util.List;

/**
 * One step of a rollout: the services of one channel that share a maintenance window take the same
 * step (canary or promote) in that window.
 *
 * @param number 1-based position in the plan
 * @param step canary (one replica of every shard runs the new line) or promote (every replica)
 * @param channel the services' channel
 * @param window the services' maintenance window
 * @param opens the first opening of the window after the previous wave's
 * @param services the services, those past end of support first
 */
public record UpgradeWave(
    int number,
    Step step,
    UpgradeChannel channel,
    MaintenanceWindow window,
    Instant opens,
    List<Member> services) {
  public UpgradeWave {
    services = List.copyOf(services);
  }

  /** What a wave does to its services. */
  public enum Step {
    CANARY,
    PROMOTE;

    public String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A service in a wave.
   *
   * @param organisation its organisation
   * @param service its name
   * @param from the version it runs now
   * @param pastEndOfSupport true when that version's line is past its end of support
   */
  public record Member(String organisation, String service, String from, boolean pastEndOfSupport) {
    public String id() {
      return organisation + "/" + service;
    }
  }

  /** When the window closes after {@link #opens}. */
  public Instant closes() {
    return opens.plus(window.length());
  }
}
