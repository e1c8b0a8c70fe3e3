package io.clickplane.stacks.cli;

import io.clickplane.core.spec.PlatformSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code clickplane validate}: checks a stack file against the configuration contract. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a stack file: every problem is reported at once as FILE:LINE: KEY.PATH: what is allowed.",
      "Warns (on standard error) about services on a ClickHouse line past its end of support.",
      "Exit 0 when valid, 2 when not."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PlatformSpec platform = config.loadOrReport(spec.commandLine().getErr());
    if (platform == null) {
      return Clickplane.INVALID;
    }
    if (ReleaseWarnings.print(platform, spec.commandLine().getErr()) > 0) {
      spec.commandLine()
          .getErr()
          .println("(a service not yet published on such a line is refused by render and publish)");
    }
    spec.commandLine()
        .getOut()
        .printf(
            "%s: valid (environment %s, %d organisations, %d services)%n",
            config.file(),
            platform.environment(),
            platform.organisations().size(),
            platform.serviceCount());
    return Clickplane.OK;
  }
}
