package io.clickplane.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A stack configuration that cannot be used, with every problem found in it. */
public final class InvalidConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public InvalidConfigException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no problems");
    }
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order of their lines. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
