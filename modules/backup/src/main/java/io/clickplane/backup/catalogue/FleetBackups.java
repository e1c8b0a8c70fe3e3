package io.clickplane.backup.catalogue;

import io.clickplane.backup.catalogue.ServiceBackups.Judged;
import io.clickplane.backup.catalogue.ServiceBackups.State;
import io.clickplane.backup.drill.DrillRecord;
import io.clickplane.backup.drill.DrillSchedule;
import io.clickplane.backup.plan.BackupTiming;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue over a whole stack: for every selected service, its backups read from its
 * organisation's bucket and judged ({@link ServiceBackups}); and the three reports {@code list},
 * {@code verify} and {@code prune} print.
 */
public final class FleetBackups {
  private final PlatformSpec spec;
  private final List<ServiceBackups> services;
  private final List<DrillStatus> drills;

  private FleetBackups(PlatformSpec spec, List<ServiceBackups> services, List<DrillStatus> drills) {
    this.spec = spec;
    this.services = List.copyOf(services);
    this.drills = List.copyOf(drills);
  }

  /**
   * Reads the selected services' backups.
   *
   * @param organisation only this organisation, when present
   * @param service only services of this name, when present
   */
  public static FleetBackups read(
      PlatformSpec spec,
      BackupCatalogue catalogue,
      Optional<String> organisation,
      Optional<String> service,
      Instant now) {
    List<ServiceBackups> out = new ArrayList<>();
    List<DrillStatus> drills = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      if (organisation.isPresent() && !organisation.get().equals(org.name())) {
        continue;
      }
      String bucket = Naming.backupBucket(spec, org.name());
      for (ServiceSpec s : org.services()) {
        if (service.isPresent() && !service.get().equals(s.name())) {
          continue;
        }
        out.add(
            new ServiceBackups(
                org.name(),
                s.name(),
                catalogue.read(bucket, s.name()),
                s.backup().retention(),
                BackupTiming.of(s.backup()),
                s.backup().enabled() && !s.stopped(),
                now));
        drills.add(
            DrillStatus.of(out.get(out.size() - 1), DrillSchedule.timing(org.name(), s), now));
      }
    }
    return new FleetBackups(spec, out, drills);
  }

  public List<ServiceBackups> services() {
    return services;
  }

  /** The drills of {@link #services}, in the same order. */
  public List<DrillStatus> drills() {
    return drills;
  }

  /** {@code list}: per service, the last good backup, its age, size and chain, and every backup. */
  public void list(PrintWriter out) {
    for (int i = 0; i < services.size(); i++) {
      ServiceBackups s = services.get(i);
      out.printf("%s/%s (retention %d)%n", s.organisation(), s.service(), s.retention());
      Optional<Judged> last = s.lastGood();
      if (last.isEmpty()) {
        out.println("  last good: none");
      } else {
        out.printf(
            "  last good: %s (%s ago, %s, %s)%n",
            last.get().id(),
            age(s.lastGoodAge().orElseThrow()),
            size(last.get().stored().storedBytes()),
            ServiceBackups.chain(last.get()));
      }
      out.println("  last drill: " + drillLine(drills.get(i)));
      for (Judged j : s.backups()) {
        String line =
            String.format(
                java.util.Locale.ROOT,
                "  %s  %-10s  %-9s  %-34s  %s",
                j.id(),
                j.state().name().toLowerCase(java.util.Locale.ROOT),
                size(j.stored().storedBytes()),
                ServiceBackups.chain(j),
                j.reason());
        out.println(line.stripTrailing());
      }
    }
    if (services.isEmpty()) {
      out.println("no service matches");
    }
  }

  /**
   * {@code verify}: every selected service's newest good backup is fresh and no chain is broken.
   *
   * @return true when everything holds
   */
  public boolean verify(PrintWriter out) {
    boolean ok = true;
    for (int i = 0; i < services.size(); i++) {
      ServiceBackups s = services.get(i);
      List<String> problems = problems(i);
      String name = s.organisation() + "/" + s.service();
      if (problems.isEmpty()) {
        out.printf(
            "ok      %s: newest good %s (%s old)%n",
            name,
            s.lastGood().map(Judged::id).orElse("-"),
            s.lastGoodAge().map(FleetBackups::age).orElse("-"));
      } else {
        ok = false;
        for (String p : problems) {
          out.printf("FAILED  %s: %s%n", name, p);
        }
      }
    }
    return ok;
  }

  /** True when {@code verify} finds nothing wrong with any service. */
  public boolean ok() {
    for (int i = 0; i < services.size(); i++) {
      if (!problems(i).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** What {@code verify} finds wrong with the {@code i}-th service; empty when all holds. */
  public List<String> problems(int i) {
    ServiceBackups s = services.get(i);
    List<String> problems = new ArrayList<>();
    if (s.stale()) {
      problems.add(
          s.lastGoodAge()
              .map(
                  a ->
                      "stale: newest good backup "
                          + s.lastGood().orElseThrow().id()
                          + " is "
                          + age(a)
                          + " old; the schedule allows "
                          + age(s.timing().freshnessLimit()))
              .orElse("stale: no good backup"));
    }
    for (Judged j : s.broken()) {
      problems.add("broken: " + j.id() + " (" + ServiceBackups.chain(j) + "): " + j.reason());
    }
    problems.addAll(drills.get(i).problems());
    return problems;
  }

  /**
   * {@code prune}: what retention deletes, per service; deletes it when {@code apply}. A service
   * with a broken chain is left untouched and reported.
   *
   * @return false when some service was refused (broken chain)
   */
  public boolean prune(BackupCatalogue catalogue, boolean apply, PrintWriter out) {
    boolean ok = true;
    for (ServiceBackups s : services) {
      String name = s.organisation() + "/" + s.service();
      if (!s.broken().isEmpty()) {
        ok = false;
        out.printf(
            "refused %s: broken chain (%s); nothing of this service is deleted until it is"
                + " repaired or a new full backup is taken and the broken backups are removed by"
                + " hand%n",
            name, String.join(", ", s.broken().stream().map(Judged::id).toList()));
        continue;
      }
      List<Judged> delete = s.toDelete();
      String bucket = Naming.backupBucket(spec, s.organisation());
      for (Judged j : delete) {
        if (apply) {
          catalogue.delete(bucket, j.stored());
        }
        out.printf(
            "%s %s %s (%s, %s)%n",
            apply ? "deleted" : "would delete",
            name,
            j.id(),
            j.state() == State.GOOD ? ServiceBackups.chain(j) : "failed attempt",
            size(j.stored().storedBytes()));
      }
      out.printf(
          "%s %s: keeps %d good backup(s)%s%n",
          delete.isEmpty() ? "nothing to delete for" : "kept for",
          name,
          s.kept().size(),
          s.kept().isEmpty() ? "" : " " + String.join(", ", s.kept()));
    }
    if (!apply) {
      out.println("dry run: nothing was deleted (--apply deletes)");
    }
    return ok;
  }

  /** The last drill in one line: when, result, backup and measured restore time. */
  static String drillLine(DrillStatus d) {
    if (d.last().isEmpty()) {
      if (d.timing().isEmpty()) {
        return "none (no drill scheduled)";
      }
      return d.figuresMissing() ? "none (no good backup carries table figures to check)" : "none";
    }
    DrillRecord r = d.last().get();
    return r.startedAt()
        + " ("
        + d.age().map(FleetBackups::age).orElse("?")
        + " ago) "
        + r.result()
        + ", backup "
        + r.backupId()
        + ", restore "
        + age(r.restoreTime())
        + ", "
        + r.tables()
        + " table(s)"
        + (r.passed() ? "" : ": " + r.failure())
        + (d.timing().isEmpty() ? " (no drill scheduled)" : "");
  }

  static String age(Duration d) {
    if (d.toMinutes() < 2) {
      return d.toSeconds() + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 120) {
      return minutes + "m";
    }
    long hours = d.toHours();
    return hours < 48 ? hours + "h" : (hours / 24) + "d" + (hours % 24) + "h";
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
