package io.clickplane.stacks.cli;

import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares, and loading it with clear errors. */
public final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "Pulumi stack file, e.g. stacks/Pulumi.dev.yaml")
  Path file;

  /** The stack file as given. */
  public Path file() {
    return file;
  }

  /**
   * Loads and validates the stack file; on failure prints every problem to {@code err} and returns
   * null (the caller exits {@link Clickplane#INVALID}).
   */
  public PlatformSpec loadOrReport(PrintWriter err) {
    try {
      return StackConfig.load(file);
    } catch (InvalidConfigException e) {
      for (ConfigProblem p : e.problems()) {
        err.println(p);
      }
      err.println(
          e.problems().size() == 1
              ? "1 problem; nothing was changed."
              : e.problems().size() + " problems; nothing was changed.");
      return null;
    }
  }
}
