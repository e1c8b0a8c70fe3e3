package io.clickplane.billing;

import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.SpecSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The declared states of an environment from the history of the branch Flux reconciles: one per
 * first-parent commit that carries the environment's spec snapshot, at the commit's time. A merged
 * pull request counts from its merge commit; commits that did not change the snapshot repeat the
 * state before them and change nothing.
 */
public final class FluxHistory {
  private FluxHistory() {}

  /**
   * Reads every state of {@code environment} on {@code branch} committed before {@code until}.
   *
   * @throws IllegalArgumentException when the branch does not exist
   */
  public static List<DeclaredState> read(
      Repository repository, String branch, String environment, Instant until)
      throws IOException, InvalidConfigException {
    ObjectId head = repository.resolve("refs/heads/" + branch);
    if (head == null) {
      throw new IllegalArgumentException(
          "the Flux repository has no branch " + branch + " (nothing was published to it)");
    }
    return read(repository, head, branch, environment, until);
  }

  /**
   * Reads every state of {@code environment} in the first-parent history of {@code head} (the tip
   * of {@code branch}, as a remote repository advertised it) committed before {@code until}.
   */
  public static List<DeclaredState> read(
      Repository repository, ObjectId head, String branch, String environment, Instant until)
      throws IOException, InvalidConfigException {
    List<DeclaredState> states = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository);
        ObjectReader reader = repository.newObjectReader()) {
      RevCommit commit = walk.parseCommit(head);
      while (commit != null) {
        Instant at = commit.getCommitterIdent().getWhenAsInstant();
        if (at.isBefore(until)) {
          RevCommit current = commit;
          Optional<io.clickplane.core.spec.PlatformSpec> spec =
              SpecSnapshot.read(
                  branch + "@" + commit.abbreviate(8).name() + ":",
                  environment,
                  path -> text(reader, current, path),
                  Map.of());
          if (spec.isPresent()) {
            states.add(new DeclaredState(at, commit.abbreviate(8).name(), spec.get()));
          }
        }
        commit = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
      }
    }
    return states;
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
