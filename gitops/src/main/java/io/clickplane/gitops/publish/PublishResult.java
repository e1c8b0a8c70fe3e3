package io.clickplane.gitops.publish;

import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What a publish did.
 *
 * @param status whether anything was committed
 * @param commit the new commit, or the pending one (empty when up to date)
 * @param branch the branch it was pushed to (the change branch, or the target with {@code
 *     --direct})
 * @param summary what changed, per organisation and service
 * @param attempts how many times it built the commit (more than one when the remote moved
 *     meanwhile)
 * @param pullRequest the pull request's address, when one was opened
 * @param holding the commit at which the target branch holds exactly the rendered tree: the
 *     branch's commit this publish compared with when up to date, the new commit when it was
 *     published to the target branch; empty otherwise (a change branch)
 */
public record PublishResult(
    Status status,
    Optional<ObjectId> commit,
    String branch,
    ChangeSummary summary,
    int attempts,
    Optional<String> pullRequest,
    Optional<ObjectId> holding) {
  public enum Status {
    /** The target branch already holds the rendered tree; nothing was committed. */
    UP_TO_DATE,
    /** A commit was pushed. */
    PUBLISHED,
    /** The same change already waits on its change branch; nothing was pushed. */
    PENDING
  }
}
