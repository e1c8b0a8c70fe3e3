package io.clickplane.core.config.section;

import io.clickplane.core.config.GitUrls;
import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.GitopsSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.List;

/** {@code clickplane:gitops}: the Flux repository. */
public final class GitopsBinder implements SectionBinder<GitopsSpec> {
  public static final GitopsBinder BINDER = new GitopsBinder();

  static final Key<String> REPOSITORY =
      Key.string("repository", "", Rules::gitRepository)
          .doc(
              "Git URL or path, no credential",
              "The Flux repository. Empty: a local bare repository at `.clickplane/flux.git` in the"
                  + " project root (the parent of `stacks/`), created on first use.")
          .writes((GitopsSpec g) -> GitUrls.redact(g.repository()));
  static final Key<String> BRANCH =
      Key.string("branch", "main", Rules::branch)
          .doc("Git branch name", "The branch Flux reconciles.")
          .writes(GitopsSpec::branch);

  static final Key<GitopsSpec> GITOPS =
      Key.<GitopsSpec>table(
              Sections.NS + "gitops", KeyTable.of("clickplane:gitops", REPOSITORY, BRANCH))
          .defaultDoc("see below")
          .doc("map", "The Flux repository.")
          .writes(PlatformSpec::gitops);

  private GitopsBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(GITOPS);
  }

  @Override
  public GitopsSpec bind(Section section, Bound earlier) {
    Fields o = section.map(GITOPS);
    String repository = REPOSITORY.read(o);
    String branch = BRANCH.read(o);
    return section.ok() ? new GitopsSpec(repository, branch) : null;
  }
}
