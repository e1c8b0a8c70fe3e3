package io.clickplane.stacks.upgrade;

import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ReleaseOrder;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.UpgradeChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The rollout of a release line over a fleet, as waves, computed from the stack file as it stands
 * (so a wave already published drops out): channel by channel, {@code fast} then {@code regular}
 * then {@code slow}; in each channel the canary step first (services with more than one replica per
 * shard publish {@code upgrade.canary}), then the promotion ({@code version} set to the line, the
 * canary removed; single-replica services upgrade here directly). Within a step the services are
 * grouped by maintenance window, one wave per window; a wave holding a service whose line is past
 * end of support goes first in its step, the others follow in the order their windows open. Each
 * wave opens at its window's first opening after the previous wave's window closed.
 */
public final class UpgradePlanner {
  private static final List<UpgradeChannel> ORDER =
      List.of(UpgradeChannel.FAST, UpgradeChannel.REGULAR, UpgradeChannel.SLOW);

  private UpgradePlanner() {}

  /** The waves that take every service of {@code spec} on an older line to {@code line}. */
  public static List<UpgradeWave> plan(PlatformSpec spec, String line, Instant now) {
    return plan(spec, line, now, l -> ReleaseSupport.pastEndOfSupport(l, now));
  }

  /**
   * The same, with the lines past end of support given by {@code pastEndOfSupport} (a line such as
   * {@code "24.8"} → true when past).
   */
  public static List<UpgradeWave> plan(
      PlatformSpec spec, String line, Instant now, Predicate<String> pastEndOfSupport) {
    List<UpgradeWave> waves = new ArrayList<>();
    Instant after = now;
    for (UpgradeChannel channel : ORDER) {
      for (UpgradeWave.Step step : UpgradeWave.Step.values()) {
        Map<MaintenanceWindow, List<UpgradeWave.Member>> byWindow = new LinkedHashMap<>();
        for (OrganisationSpec org : spec.organisations()) {
          for (ServiceSpec s : org.services()) {
            if (s.upgrade().channel() != channel || !takes(s, line, step)) {
              continue;
            }
            byWindow
                .computeIfAbsent(s.upgrade().window(), w -> new ArrayList<>())
                .add(
                    new UpgradeWave.Member(
                        org.name(),
                        s.name(),
                        s.version(),
                        pastEndOfSupport.test(s.minorVersion())));
          }
        }
        List<Map.Entry<MaintenanceWindow, List<UpgradeWave.Member>>> groups =
            new ArrayList<>(byWindow.entrySet());
        Instant from = after;
        groups.sort(
            Comparator.comparing(
                    (Map.Entry<MaintenanceWindow, List<UpgradeWave.Member>> e) ->
                        !e.getValue().stream().anyMatch(UpgradeWave.Member::pastEndOfSupport))
                .thenComparing(e -> e.getKey().nextOpening(from))
                .thenComparing(e -> e.getKey().toString()));
        for (Map.Entry<MaintenanceWindow, List<UpgradeWave.Member>> g : groups) {
          List<UpgradeWave.Member> members = new ArrayList<>(g.getValue());
          members.sort(Comparator.comparing(m -> !m.pastEndOfSupport()));
          Instant opens = g.getKey().nextOpening(after);
          UpgradeWave wave =
              new UpgradeWave(waves.size() + 1, step, channel, g.getKey(), opens, members);
          waves.add(wave);
          after = wave.closes();
        }
      }
    }
    return waves;
  }

  /** Services on a newer line than {@code line}: a plan leaves them alone. */
  public static List<String> newer(PlatformSpec spec, String line) {
    List<String> out = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec s : org.services()) {
        if (ReleaseOrder.BY_LINE.compare(s.minorVersion(), line) > 0) {
          out.add(org.name() + "/" + s.name() + " (" + s.version() + ")");
        }
      }
    }
    return out;
  }

  private static boolean takes(ServiceSpec s, String line, UpgradeWave.Step step) {
    if (ReleaseOrder.BY_LINE.compare(s.minorVersion(), line) >= 0) {
      return false;
    }
    if (step == UpgradeWave.Step.CANARY) {
      String canary = s.upgrade().canary();
      return s.replicas() > 1 && !(canary.equals(line) || canary.startsWith(line + "."));
    }
    return true;
  }
}
