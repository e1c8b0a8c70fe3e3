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

  /**
   * Moves {@code refs/heads/<branch>} from {@code expected} (null: the branch must not exist) to
   * {@code commit}, which must contain {@code expected}.
   *
   * @return false when the branch had moved meanwhile (the caller rebuilds and retries)
   * @throws IOException for any other refusal, with the server's reason
   */
  boolean update(String branch, ObjectId expected, ObjectId commit) throws IOException;

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
