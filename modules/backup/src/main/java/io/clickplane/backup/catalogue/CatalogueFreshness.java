package io.clickplane.backup.catalogue;

import io.clickplane.backup.guard.StopGuard;
import io.clickplane.backup.plan.BackupTiming;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A service's backup freshness read from its bucket, judged as {@code backups verify} judges it:
 * the newest good backup no older than the schedule allows.
 */
public final class CatalogueFreshness implements StopGuard.Freshness {
  private final Supplier<BackupCatalogue> catalogue;
  private final Instant now;

  /**
   * @param catalogue opened on first use (a publish that stops nothing reads no bucket)
   * @param now the time of the judgement
   */
  public CatalogueFreshness(Supplier<BackupCatalogue> catalogue, Instant now) {
    this.catalogue = catalogue;
    this.now = now;
  }

  @Override
  public Optional<String> freshBackup(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service, List<String> problem) {
    ServiceBackups backups;
    try {
      backups =
          new ServiceBackups(
              org.name(),
              service.name(),
              catalogue.get().read(Naming.backupBucket(spec, org.name()), service.name()),
              service.backup().retention(),
              BackupTiming.of(service.backup()),
              true,
              now);
    } catch (RuntimeException e) {
      String why = String.valueOf(e.getMessage());
      problem.add(
          "the backup bucket could not be read: "
              + (why.length() > 160 ? why.substring(0, 160) + "…" : why));
      return Optional.empty();
    }
    Optional<ServiceBackups.Judged> last = backups.lastGood();
    if (last.isEmpty()) {
      problem.add("no good backup");
      return Optional.empty();
    }
    if (backups.stale()) {
      problem.add(
          "newest good backup "
              + last.get().id()
              + " is older than its schedule allows ("
              + backups.lastGoodAge().map(d -> d.toHours() + "h").orElse("?")
              + ")");
      return Optional.empty();
    }
    return Optional.of(last.get().id());
  }
}
