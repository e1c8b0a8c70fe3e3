package io.clickplane.gitops.publish;

import java.io.IOException;

/** Opens a pull request on the Git host. */
@FunctionalInterface
public interface PullRequests {
  /**
   * Opens a pull request from {@code head} into {@code base}.
   *
   * @return the pull request's web address
   */
  String open(String head, String base, String title, String body) throws IOException;
}
