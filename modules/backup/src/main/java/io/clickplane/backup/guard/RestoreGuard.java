package io.clickplane.backup.guard;

import io.clickplane.core.guard.CellMoveGuard;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a restore over an existing service: {@code restoreFrom} may only come with a service's
 * first publication. Adding it to a published service, or changing the backup a published service
 * was created from, is refused; there is no override (a restore always creates a new service). A
 * service whose organisation moves to another cell in the same change is new in that cell's cluster
 * ({@link CellMoveGuard#moves}), so it may be restored there, from its own backups too.
 */
public final class RestoreGuard implements ChangeGuard {
  @Override
  public List<Refusal> check(PlatformSpec previous, PlatformSpec next) {
    List<Refusal> out = new ArrayList<>();
    for (OrganisationSpec org : next.organisations()) {
      Optional<OrganisationSpec> before = previous.organisation(org.name());
      boolean moves = before.isPresent() && CellMoveGuard.moves(previous, before.get(), next, org);
      for (ServiceSpec service : org.services()) {
        Optional<ServiceSpec> published =
            moves ? Optional.empty() : before.flatMap(o -> o.service(service.name()));
        if (service.restoreFrom().isEmpty()) {
          continue;
        }
        if (published.isEmpty()) {
          shardMismatch(org, before, service).ifPresent(out::add);
          continue;
        }
        Optional<RestoreSpec> was = published.get().restoreFrom();
        if (was.equals(service.restoreFrom())) {
          continue;
        }
        RestoreSpec from = service.restoreFrom().get();
        out.add(
            new Refusal(
                org.name(),
                service.name(),
                "restoreFrom "
                    + from.service()
                    + "/"
                    + from.backup()
                    + " on a service that already exists"
                    + was.map(w -> " (created from " + w.service() + "/" + w.backup() + ")")
                        .orElse("")
                    + " would restore over it",
                "declare restoreFrom on a new service name; a restore never writes over an"
                    + " existing service"));
      }
    }
    return out;
  }

  /**
   * A backup holds each shard's data apart (one directory per shard); restored into a service with
   * another shard count, shards would be missing or empty. The source's shard count is the one in
   * the stack file, else the one last published (a source removed since).
   */
  private static Optional<Refusal> shardMismatch(
      OrganisationSpec org, Optional<OrganisationSpec> before, ServiceSpec service) {
    RestoreSpec from = service.restoreFrom().get();
    Optional<ServiceSpec> source =
        org.service(from.service()).or(() -> before.flatMap(o -> o.service(from.service())));
    if (source.isEmpty() || source.get().shards() == service.shards()) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal(
            org.name(),
            service.name(),
            "restoreFrom "
                + from.service()
                + " restores a backup of "
                + source.get().shards()
                + " shard(s) into "
                + service.shards()
                + " shard(s): only matching shards' data would come back",
            "give the new service shards: " + source.get().shards() + " (the source's)"));
  }
}
