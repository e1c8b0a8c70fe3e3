package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void helpIsAvailableOnEveryCommand() {
    CliRun top = CliRun.of("--help");
    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("Usage: clickplane", "validate", "Exit codes:");
    for (var sub : Clickplane.commandLine().getSubcommands().keySet()) {
      if (sub.equals("help")) {
        continue;
      }
      CliRun run = CliRun.of(sub, "--help");
      assertThat(run.exitCode()).as(sub).isZero();
      assertThat(run.out()).as(sub).contains("Usage: clickplane " + sub);
    }
  }

  @Test
  void unknownOptionsAndMissingCommandsAreUsageErrors() {
    CliRun noCommand = CliRun.of();
    assertThat(noCommand.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(noCommand.err()).contains("a command is required");
    CliRun unknown = CliRun.of("validate", "--config", "x.yaml", "--colour");
    assertThat(unknown.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(unknown.err()).contains("Unknown option: '--colour'");
    CliRun missing = CliRun.of("validate");
    assertThat(missing.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(missing.err()).contains("Missing required option: '--config=FILE'");
  }

  /** The real process: exit status and streams as a user's shell sees them. */
  @Test
  void aSeparateProcessExitsTwoWithoutAStackTrace() throws IOException, InterruptedException {
    Path bad = Repo.root().resolve("stacks/src/test/resources/invalid/sharded-one-shard.yaml");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Clickplane.class.getName(),
                "validate",
                "--config",
                bad.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isEqualTo(2);
    assertThat(output)
        .contains(
            bad
                + ":43: clickplane:organisations[0].services[1].shards: must be at least 2 for mode sharded (got 1)");
    assertThat(output).doesNotContain("\tat ", "Exception");
  }
}
