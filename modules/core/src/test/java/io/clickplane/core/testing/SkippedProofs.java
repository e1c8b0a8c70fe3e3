package io.clickplane.core.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Makes a skipped proof loud. Every module whose tests use core's test-jar runs this listener
 * (registered in {@code META-INF/services}): a test skipped or aborted by an assumption (libchdb or
 * promtool missing, say) is listed with its reason at the end of the module's tests and written to
 * {@value #DIR}{@code <module>.txt} under the repository root, which the build prints once more as
 * its last output (bench's POM). A module whose proofs all ran prints nothing and removes its file.
 */
public final class SkippedProofs implements TestExecutionListener {
  /** Where each module's skipped proofs are kept, relative to the repository root. */
  public static final String DIR = "target/skipped-proofs/";

  private final List<String> skipped = new ArrayList<>();
  private final Path file;
  private final PrintStream out;

  /** The listener the build runs: its module's file under the repository root, standard output. */
  public SkippedProofs() {
    this(null, System.out);
  }

  /**
   * A listener writing to {@code file} (null: its module's file under the root) and {@code out}.
   */
  public SkippedProofs(Path file, PrintStream out) {
    this.file = file;
    this.out = out;
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    skipped.add(name(test) + ": " + reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      skipped.add(
          name(test) + ": " + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    String module = Path.of("").toAbsolutePath().getFileName().toString();
    Path target;
    try {
      target = file != null ? file : Repo.root().resolve(DIR + module + ".txt");
    } catch (IllegalStateException e) {
      return; // not run inside the repository
    }
    if (skipped.isEmpty()) {
      try {
        Files.deleteIfExists(target);
      } catch (IOException e) {
        out.println("clickplane: could not remove " + target + ": " + e.getMessage());
      }
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "clickplane: "
            + skipped.size()
            + (skipped.size() == 1 ? " proof" : " proofs")
            + " SKIPPED in "
            + module
            + " (the suite passed without them):");
    skipped.forEach(s -> lines.add("  - " + s));
    print(out, lines);
    try {
      Files.createDirectories(target.getParent());
      Files.write(target, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      out.println("clickplane: could not record the skipped proofs: " + e.getMessage());
    }
  }

  private static void print(PrintStream out, List<String> lines) {
    lines.forEach(out::println);
    out.flush();
  }

  private static String name(TestIdentifier test) {
    return test.getSource()
        .filter(MethodSource.class::isInstance)
        .map(MethodSource.class::cast)
        .map(m -> simple(m.getClassName()) + "." + m.getMethodName())
        .orElse(test.getDisplayName());
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
