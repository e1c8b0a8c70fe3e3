package io.clickplane.stacks.storage;

import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * When each service's data disks were last resized, from the history of the branch Flux reconciles:
 * the time of the first-parent commit whose spec snapshot first declared the service's current
 * {@code storage.size} (a merged pull request counts from its merge commit). Flux applies a commit
 * after it lands, and the CSI driver modifies the volumes right after, so EBS's cooldown starts no
 * earlier than this time; {@code storage propose} counts it from here.
 *
 * <p>Only commits since {@code since} (and the one before them) are read: an older resize is out of
 * the cooldown anyway.
 */
public final class ResizeHistory {
  private ResizeHistory() {}

  /**
   * Organisation + "/" + service → commit time of its last size change after {@code since}; empty
   * when the branch does not exist.
   */
  public static Map<String, Instant> lastResizes(
      Repository repository, String branch, String environment, Instant since)
      throws IOException, InvalidConfigException {
    Map<String, Instant> out = new HashMap<>();
    ObjectId head = repository.resolve("refs/heads/" + branch);
    if (head == null) {
      return out;
    }
    try (RevWalk walk = new RevWalk(repository);
        ObjectReader reader = repository.newObjectReader()) {
      RevCommit commit = walk.parseCommit(head);
      PlatformSpec newer = null;
      Instant newerAt = null;
      while (commit != null) {
        RevCommit current = commit;
        Optional<PlatformSpec> spec =
            SpecSnapshot.read(
                branch + "@" + commit.abbreviate(8).name() + ":",
                environment,
                path -> text(reader, current, path),
                Map.of());
        if (newer != null && spec.isPresent()) {
          for (OrganisationSpec org : newer.organisations()) {
            for (ServiceSpec s : org.services()) {
              String key = org.name() + "/" + s.name();
              Optional<ServiceSpec> before =
                  spec.get().organisation(org.name()).flatMap(o -> o.service(s.name()));
              if (before.isPresent() && !before.get().storage().size().equals(s.storage().size())) {
                out.putIfAbsent(key, newerAt);
              }
            }
          }
        }
        Instant at = commit.getCommitterIdent().getWhenAsInstant();
        if (at.isBefore(since)) {
          break;
        }
        if (spec.isPresent()) {
          newer = spec.get();
          newerAt = at;
        }
        commit = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
      }
    }
    return out;
  }

  private static String text(ObjectReader reader, RevCommit commit, String path)
      throws IOException {
    try (TreeWalk tw = TreeWalk.forPath(reader, path, commit.getTree())) {
      if (tw == null) {
        return null;
      }
      return new String(reader.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
    }
  }
}
