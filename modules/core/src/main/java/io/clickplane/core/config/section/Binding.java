package io.clickplane.core.config.section;

import io.clickplane.core.config.ConfigDocument;
import io.clickplane.core.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * One binding of a {@link ConfigDocument}: the document being read and every problem found so far,
 * in the order the sections report them.
 */
public final class Binding {
  private final ConfigDocument doc;
  private final List<ConfigProblem> problems = new ArrayList<>();

  public Binding(ConfigDocument doc) {
    this.doc = doc;
    problems.addAll(doc.syntaxProblems());
  }

  public ConfigDocument doc() {
    return doc;
  }

  /** The problems found so far, in the order they were reported. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /** Reports a problem at {@code path}, on the line the document gives that path. */
  public void problem(String path, String message) {
    problems.add(new ConfigProblem(doc.source(), doc.line(path), path, message));
  }

  /** A fresh section: its own "ok" flag, cleared by every failed read within it. */
  public Section section() {
    return new Section(this);
  }
}
