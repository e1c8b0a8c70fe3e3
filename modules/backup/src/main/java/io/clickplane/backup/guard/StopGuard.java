package io.clickplane.backup.guard;

import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses to stop a running service unless its newest good backup is fresh by its schedule (what
 * {@code backups verify} calls fresh), or the stack file sets {@code allow.stopWithoutBackup}. A
 * stop keeps the volumes, so starting again needs no backup; the backup is the copy that remains if
 * a kept volume is lost while nobody watches the service.
 *
 * <p>The publish cannot see the buckets from Git alone: it reads the catalogue of the services it
 * is about to stop only ({@link Freshness}); a catalogue that cannot be read counts as no fresh
 * backup.
 */
public final class StopGuard implements ChangeGuard {
  /** What the publish knows of a service's backups. */
  @FunctionalInterface
  public interface Freshness {
    /**
     * The id of the service's newest good backup when it is fresh, else empty; {@code problem}
     * receives why not (no good backup, too old, bucket unreadable).
     */
    Optional<String> freshBackup(
        PlatformSpec spec, OrganisationSpec org, ServiceSpec service, List<String> problem);
  }

  /** Backups not visible to the publish: every stop needs {@code allow.stopWithoutBackup}. */
  public static final Freshness UNSEEN =
      (spec, org, service, problem) -> {
        problem.add("the publish was not given the backup catalogue");
        return Optional.empty();
      };

  private final Freshness freshness;

  public StopGuard(Freshness freshness) {
    this.freshness = freshness;
  }

  @Override
  public List<Refusal> check(PlatformSpec previous, PlatformSpec next) {
    List<Refusal> out = new ArrayList<>();
    for (OrganisationSpec org : next.organisations()) {
      Optional<OrganisationSpec> before = previous.organisation(org.name());
      for (ServiceSpec service : org.services()) {
        Optional<ServiceSpec> published = before.flatMap(o -> o.service(service.name()));
        if (!service.stopped()
            || published.isEmpty()
            || published.get().stopped()
            || service.allow().stopWithoutBackup()) {
          continue;
        }
        List<String> problem = new ArrayList<>();
        if (freshness.freshBackup(next, org, service, problem).isPresent()) {
          continue;
        }
        out.add(
            new Refusal(
                org.name(),
                service.name(),
                "state stopped without a fresh backup (" + String.join("; ", problem) + ")",
                "run a backup and publish again once `clickplane backups verify --service "
                    + service.name()
                    + "` passes, or set allow.stopWithoutBackup: true"));
      }
    }
    return out;
  }
}
