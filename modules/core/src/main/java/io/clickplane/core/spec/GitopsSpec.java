package io.clickplane.core.spec;

import java.util.Objects;

/**
 * The Flux repository that rendered manifests are published to.
 *
 * @param repository URL or path of the repository; empty for the local default bare repository
 * @param branch the branch Flux reconciles
 */
public record GitopsSpec(String repository, String branch) {
  public GitopsSpec {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(branch, "branch");
  }

  /** True when no repository is named and the local default is used. */
  public boolean usesLocalDefault() {
    return repository.isEmpty();
  }
}
