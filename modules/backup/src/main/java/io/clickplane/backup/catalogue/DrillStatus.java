package io.clickplane.backup.catalogue;

import io.clickplane.backup.drill.DrillRecord;
import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.BackupTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A service's restore drills as its bucket records them ({@code drill.json} next to each drilled
 * backup), judged: the last drill must have passed and be no older than the drill schedule allows
 * (its longest gap plus the start and run deadlines, as for backups). A service whose drill is off
 * or that is stopped is not judged.
 *
 * @param last the newest drill record of the service (by start time)
 * @param timing the drill schedule's limits; empty when the service has no drill
 * @param unreadable drill records that could not be read, as {@code <backup-id>: why}
 * @param firstDrillable start of the oldest good backup with table figures: a drill is owed only
 *     once one has been there for longer than the drill schedule allows
 * @param figuresMissing true when the service has good backups but none carries table figures
 *     (nothing a drill could check)
 * @param undrillable the newest good backup, when it carries no table figures: no drill can check
 *     it (a backup taken {@code ON CLUSTER}, or one whose figures could not be read), so a drill
 *     schedule that is on cannot be met
 * @param now the time of the judgement
 */
public record DrillStatus(
    Optional<DrillRecord> last,
    Optional<BackupTiming> timing,
    List<String> unreadable,
    Optional<Instant> firstDrillable,
    boolean figuresMissing,
    Optional<BackupManifest> undrillable,
    Instant now) {
  public DrillStatus {
    unreadable = List.copyOf(unreadable);
  }

  /** The drills recorded among {@code backups}. */
  public static DrillStatus of(ServiceBackups backups, Optional<BackupTiming> timing, Instant now) {
    List<String> unreadable = new ArrayList<>();
    for (ServiceBackups.Judged j : backups.backups()) {
      j.stored().drillProblem().ifPresent(p -> unreadable.add(j.id() + ": " + p));
    }
    Optional<DrillRecord> last =
        backups.backups().stream()
            .flatMap(j -> j.stored().drill().stream())
            .max(
                Comparator.comparing((DrillRecord d) -> d.started().orElse(Instant.EPOCH))
                    .thenComparing(DrillRecord::backupId));
    Optional<Instant> first =
        backups.good().stream()
            .filter(j -> j.manifest().map(BackupManifest::figures).orElse(false))
            .findFirst()
            .flatMap(j -> BackupId.start(j.id()));
    boolean missing = !backups.good().isEmpty() && first.isEmpty();
    Optional<BackupManifest> undrillable =
        backups.lastGood().flatMap(ServiceBackups.Judged::manifest).filter(m -> !m.figures());
    return new DrillStatus(last, timing, unreadable, first, missing, undrillable, now);
  }

  /** Age of the last drill (from its start). */
  public Optional<Duration> age() {
    return last.flatMap(DrillRecord::started).map(s -> Duration.between(s, now));
  }

  /** Why {@code verify} fails the service's drills; empty when they hold. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    for (String u : unreadable) {
      out.add("drill record unreadable: " + u);
    }
    if (timing.isEmpty()) {
      return out;
    }
    undrillable.ifPresent(m -> out.add(undrillableProblem(m)));
    Duration limit = timing.get().freshnessLimit();
    if (last.isEmpty()) {
      if (firstDrillable.isPresent()
          && Duration.between(firstDrillable.get(), now).compareTo(limit) > 0) {
        out.add(
            "drill: no restore drill recorded, though backup "
                + BackupId.of(firstDrillable.get())
                + " could have been drilled for longer than the drill schedule allows ("
                + FleetBackups.age(limit)
                + ")");
      }
      return out;
    }
    DrillRecord d = last.get();
    if (!d.passed()) {
      out.add("drill " + d.drillId() + " of backup " + d.backupId() + " failed: " + d.failure());
    }
    Optional<Duration> age = age();
    if (age.isEmpty() || age.get().compareTo(limit) > 0) {
      out.add(
          "drill "
              + d.drillId()
              + " is "
              + age.map(FleetBackups::age).orElse("of unknown age")
              + " old; the drill schedule allows "
              + FleetBackups.age(limit));
    }
    return out;
  }

  /**
   * A drill is scheduled but the newest good backup carries no table figures: no drill can check
   * it, so the drill schedule cannot be met. Reported as a failure rather than skipped, so that a
   * service whose drills cannot run never passes {@code verify} silently.
   */
  static String undrillableProblem(BackupManifest m) {
    if (m.readableLayout()) {
      // Taken without ON CLUSTER: readable, but its figures could not be read back.
      return "drill: cannot run: newest good backup "
          + m.backupId()
          + " carries no table figures (they could not be read back from it when it was taken);"
          + " no drill can check it";
    }
    return "drill: cannot run: newest good backup "
        + m.backupId()
        + " carries no table figures (it was taken ON CLUSTER, which keeps its files per shard and"
        + " replica where the drill cannot read them; the next backup, taken shard by shard, can be"
        + " drilled); no drill can check it";
  }
}
