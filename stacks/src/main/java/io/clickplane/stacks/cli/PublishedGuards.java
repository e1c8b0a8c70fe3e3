package io.clickplane.stacks.cli;

import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.publish.FluxRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The change guards a publish would run, run against what the branch holds now: {@code diff} says
 * what {@code publish} would refuse, so a refused change never looks like an ordinary one.
 */
final class PublishedGuards {
  private PublishedGuards() {}

  /**
   * The refusals of changing the spec snapshot on {@code branch} of {@code repository} (fetched as
   * {@code tip}) to {@code next}; empty when nothing is published or nothing is refused.
   */
  static List<Refusal> check(
      FluxRepository repository, ObjectId tip, String branch, PlatformSpec next, ChangeGuard guard)
      throws IOException, InvalidConfigException {
    Optional<PlatformSpec> previous;
    try (ObjectReader reader = repository.objects().newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit commit = walk.parseCommit(tip);
      ObjectId root = commit.getTree();
      previous =
          SpecSnapshot.read(
              branch + ":",
              next.environment(),
              path -> {
                try (TreeWalk tree = TreeWalk.forPath(reader, path, root)) {
                  return tree == null || !FileMode.REGULAR_FILE.equals(tree.getFileMode(0))
                      ? null
                      : new String(
                          reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes(),
                          StandardCharsets.UTF_8);
                }
              },
              Map.of());
    }
    return previous.map(p -> guard.check(p, next)).orElse(List.of());
  }
}
