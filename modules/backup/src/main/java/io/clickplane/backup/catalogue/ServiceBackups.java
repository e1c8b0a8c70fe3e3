package io.clickplane.backup.catalogue;

import io.clickplane.backup.plan.BackupId;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.BackupTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One service's backups as the bucket holds them, judged: which are restorable, which chains are
 * broken, what retention keeps and deletes, and whether the newest good backup is fresh enough. A
 * pure function of the stored backups, the retention, the timing and the time now.
 *
 * <p>Rules. A backup is <em>good</em> when its manifest says it succeeded and was verified, its
 * descriptor is in the bucket, and, if incremental, its base is a full backup whose manifest
 * succeeded and whose descriptor is in the bucket. A backup that succeeded but fails any of these
 * is <em>broken</em>. Retention keeps the newest {@code retention} good backups and every base they
 * need; older good backups and failed attempts older than the newest good backup are deleted. A
 * broken backup is never deleted by retention, and while a service has one, nothing of that service
 * is deleted: the operator decides.
 */
public final class ServiceBackups {
  /** Judgement of one stored backup. */
  public enum State {
    GOOD,
    BROKEN,
    RUNNING,
    FAILED,
    UNRECORDED
  }

  /** One stored backup with its judgement and, when not good, why. */
  public record Judged(StoredBackup stored, State state, String reason) {
    public String id() {
      return stored.id();
    }

    public Optional<BackupManifest> manifest() {
      return stored.manifest();
    }
  }

  private final String organisation;
  private final String service;
  private final int retention;
  private final BackupTiming timing;
  private final boolean scheduled;
  private final Instant now;
  private final List<Judged> judged;

  /**
   * @param organisation the organisation
   * @param service the service
   * @param backups what the bucket holds under the service's prefix
   * @param retention good backups to keep
   * @param timing the schedule's limits
   * @param scheduled false when the stack disables scheduled backups (no freshness check)
   * @param now the time of the judgement
   */
  public ServiceBackups(
      String organisation,
      String service,
      List<StoredBackup> backups,
      int retention,
      BackupTiming timing,
      boolean scheduled,
      Instant now) {
    this.organisation = organisation;
    this.service = service;
    this.retention = retention;
    this.timing = timing;
    this.scheduled = scheduled;
    this.now = now;
    Map<String, StoredBackup> byId = new LinkedHashMap<>();
    backups.stream()
        .sorted(Comparator.comparing(StoredBackup::id))
        .forEach(b -> byId.put(b.id(), b));
    List<Judged> out = new ArrayList<>();
    for (StoredBackup b : byId.values()) {
      out.add(judge(b, byId));
    }
    this.judged = List.copyOf(out);
  }

  private Judged judge(StoredBackup b, Map<String, StoredBackup> byId) {
    if (b.manifest().isEmpty()) {
      return new Judged(
          b, State.UNRECORDED, b.manifestProblem().orElse("no manifest " + BackupManifest.FILE));
    }
    BackupManifest m = b.manifest().get();
    if (BackupManifest.RUNNING.equals(m.status())) {
      Instant started = BackupId.start(b.id()).orElse(Instant.EPOCH);
      Duration limit = timing.startingDeadline().plus(timing.activeDeadline());
      return started.plus(limit).isAfter(now)
          ? new Judged(b, State.RUNNING, "")
          : new Judged(b, State.FAILED, "never finished (job deadline passed)");
    }
    if (!m.succeeded()) {
      return new Judged(b, State.FAILED, m.error() == null ? "failed" : firstLine(m.error()));
    }
    if (!b.descriptorPresent()) {
      return new Judged(b, State.BROKEN, "descriptor .backup missing from the bucket");
    }
    if (!m.verified()) {
      return new Judged(b, State.BROKEN, "never verified by the backup job");
    }
    if (m.isIncremental()) {
      String base = m.base().orElse("");
      StoredBackup baseStored = byId.get(base);
      if (baseStored == null || !baseStored.descriptorPresent()) {
        return new Judged(b, State.BROKEN, "base " + base + " is missing from the bucket");
      }
      Optional<BackupManifest> baseManifest = baseStored.manifest();
      if (baseManifest.isEmpty()
          || !baseManifest.get().succeeded()
          || baseManifest.get().isIncremental()) {
        return new Judged(b, State.BROKEN, "base " + base + " is not a good full backup");
      }
    }
    return new Judged(b, State.GOOD, "");
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  public String organisation() {
    return organisation;
  }

  public String service() {
    return service;
  }

  public int retention() {
    return retention;
  }

  public BackupTiming timing() {
    return timing;
  }

  /** Every stored backup, oldest first. */
  public List<Judged> backups() {
    return judged;
  }

  /** Good backups, oldest first. */
  public List<Judged> good() {
    return judged.stream().filter(j -> j.state() == State.GOOD).toList();
  }

  /** Broken backups, oldest first. */
  public List<Judged> broken() {
    return judged.stream().filter(j -> j.state() == State.BROKEN).toList();
  }

  /** The newest good backup. */
  public Optional<Judged> lastGood() {
    List<Judged> good = good();
    return good.isEmpty() ? Optional.empty() : Optional.of(good.get(good.size() - 1));
  }

  /** Age of the newest good backup (from its start). */
  public Optional<Duration> lastGoodAge() {
    return lastGood().flatMap(j -> BackupId.start(j.id())).map(s -> Duration.between(s, now));
  }

  /** True when scheduled backups are on and the newest good one is missing or too old. */
  public boolean stale() {
    if (!scheduled) {
      return false;
    }
    return lastGoodAge().map(age -> age.compareTo(timing.freshnessLimit()) > 0).orElse(true);
  }

  /** The ids retention keeps among the good backups: the newest ones and the bases they need. */
  public Set<String> kept() {
    List<Judged> good = good();
    Set<String> keep = new TreeSet<>();
    for (int i = Math.max(0, good.size() - retention); i < good.size(); i++) {
      Judged j = good.get(i);
      keep.add(j.id());
      j.manifest().flatMap(BackupManifest::base).ifPresent(keep::add);
    }
    return keep;
  }

  /**
   * What retention deletes: good backups it does not keep (and no kept backup needs), and failed
   * attempts older than the newest good backup. Empty while the service has a broken backup.
   */
  public List<Judged> toDelete() {
    if (!broken().isEmpty()) {
      return List.of();
    }
    Set<String> keep = kept();
    String newestGood = lastGood().map(Judged::id).orElse("");
    List<Judged> out = new ArrayList<>();
    for (Judged j : judged) {
      boolean expiredGood = j.state() == State.GOOD && !keep.contains(j.id());
      boolean oldFailure = j.state() == State.FAILED && j.id().compareTo(newestGood) < 0;
      if (expiredGood || oldFailure) {
        out.add(j);
      }
    }
    return List.copyOf(out);
  }

  /** The chain of a backup as text: {@code full} or {@code incremental <- <base>}. */
  public static String chain(Judged j) {
    return j.manifest()
        .map(m -> m.isIncremental() ? "incremental <- " + m.base().orElse("?") : m.kind())
        .orElse("-");
  }
}
