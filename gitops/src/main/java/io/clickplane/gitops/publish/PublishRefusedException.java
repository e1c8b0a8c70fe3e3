package io.clickplane.gitops.publish;

import java.util.List;

/**
 * A publish refused before anything was written, for a reason the user resolves by changing the
 * input or the command (the command line exits 2): the target branch has no spec snapshot over a
 * non-empty environment, someone else changed the same organisation or service meanwhile, or the
 * target branch is checked out in the repository's work tree. Each line of {@link #problems()} says
 * what was found and what to do next.
 */
public final class PublishRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public PublishRefusedException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a refusal needs a reason");
    }
    this.problems = List.copyOf(problems);
  }

  public PublishRefusedException(String problem) {
    this(List.of(problem));
  }

  /** One line per problem: what was found and what to do next. */
  public List<String> problems() {
    return problems;
  }
}
