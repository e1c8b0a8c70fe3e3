package io.clickplane.gitops.publish;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The Flux repository a publish writes to: where new objects are built, how the target branch is
 * read, and how a ref is moved on it. Every ref move is a compare-and-swap; none is ever forced.
 */
public interface FluxRepository extends AutoCloseable {
  /** The local repository whose object database new commits are built in (bare; no work tree). */
  Repository objects();

  /**
   * The current tip of {@code branch} (fetched into {@link #objects()} if remote), empty if absent.
   */
  Optional<ObjectId> tip(String branch) throws IOException;

  /** What a compare-and-swap move of a branch did. */
  enum RefMove {
    /** The branch did not exist and now points at the commit. */
    CREATED,
    /** The branch moved from the expected commit to the new one. */
    FAST_FORWARDED,
    /** The branch already pointed at the commit. */
    UNCHANGED,
    /**
     * The branch was not where it was expected (it moved meanwhile, or exists when it was to be
     * created); nothing changed.
     */
    STALE
  }

  /**
   * Moves {@code refs/heads/<branch>} from {@code expected} (null: the branch must not exist) to
   * {@code commit}, which must contain {@code expected}.
   *
   * @return what the move did; {@link RefMove#STALE} when the branch was not at {@code expected}
   *     (for a publish to the target branch: it rebuilds and retries)
   * @throws IOException for any other refusal, with the server's reason
   */
  RefMove update(String branch, ObjectId expected, ObjectId commit) throws IOException;

  /**
   * Whether {@code refs/heads/<branch>} is checked out in a work tree of this repository: moving it
   * would leave that work tree's files and index behind the branch, as git's {@code
   * receive.denyCurrentBranch} guards against. A remote or bare repository says false.
   */
  default boolean checkedOut(String branch) throws IOException {
    return false;
  }

  /** Where this is, for messages: a path or a URL without credentials. */
  String describe();

  @Override
  void close();
}
