package io.clickplane.gitops.publish;

import java.util.List;
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
  /**
   * {@code branch} of environment {@code environment} already holds the tree at {@code tip};
   * nothing was committed.
   */
  public static PublishResult upToDate(
      String environment, String branch, int attempts, ObjectId tip) {
    return new PublishResult(
        Status.UP_TO_DATE,
        Optional.empty(),
        branch,
        ChangeSummary.of(environment, List.of()),
        attempts,
        Optional.empty(),
        Optional.of(tip));
  }

  /** The same change already waits on {@code changeBranch} at {@code commit}. */
  public static PublishResult pending(
      ObjectId commit, String changeBranch, ChangeSummary summary, int attempts) {
    return onChangeBranch(
        Status.PENDING, commit, changeBranch, summary, attempts, Optional.empty());
  }

  /** {@code commit} was pushed to a new change branch, with a pull request when one was opened. */
  public static PublishResult toChangeBranch(
      ObjectId commit,
      String changeBranch,
      ChangeSummary summary,
      int attempts,
      Optional<String> pullRequest) {
    return onChangeBranch(Status.PUBLISHED, commit, changeBranch, summary, attempts, pullRequest);
  }

  private static PublishResult onChangeBranch(
      Status status,
      ObjectId commit,
      String changeBranch,
      ChangeSummary summary,
      int attempts,
      Optional<String> pullRequest) {
    return new PublishResult(
        status,
        Optional.of(commit),
        changeBranch,
        summary,
        attempts,
        pullRequest,
        Optional.empty());
  }

  /** {@code commit} was pushed to the target branch itself, which now holds the tree. */
  public static PublishResult toTarget(
      ObjectId commit, String branch, ChangeSummary summary, int attempts) {
    return new PublishResult(
        Status.PUBLISHED,
        Optional.of(commit),
        branch,
        summary,
        attempts,
        Optional.empty(),
        Optional.of(commit));
  }

  public enum Status {
    /** The target branch already holds the rendered tree; nothing was committed. */
    UP_TO_DATE,
    /** A commit was pushed. */
    PUBLISHED,
    /** The same change already waits on its change branch; nothing was pushed. */
    PENDING
  }
}
