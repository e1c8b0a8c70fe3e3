package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Repo;
import io.clickplane.stacks.render.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * ClickHouse lines past their end of support: a new service on one is refused with the file and
 * line of its {@code version}; a running one is warned about by validate, plan and publish.
 */
class ReleaseLinesCommandTest {
  @TempDir Path project;
  private Path stack;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void copyStack() throws Exception {
    Files.createDirectories(project.resolve("stacks"));
    stack = project.resolve("stacks/Pulumi.dev.yaml");
    Files.copy(Repo.stackFile("dev"), stack);
    ReleaseWarnings.clock =
        Clock.fixed(java.time.Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC);
  }

  @AfterEach
  void resetClock() {
    ReleaseWarnings.clock = Clock.systemUTC();
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Clickplane.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** The line number of scratch's version (acme's second service). */
  private int scratchVersionLine;

  /** scratch on {@code version}. */
  private void scratchOn(String version) throws Exception {
    List<String> lines = Files.readAllLines(stack);
    int at = lines.indexOf("        - name: scratch") + 2;
    assertThat(lines.get(at)).isEqualTo("          version: \"26.3\"");
    lines.set(at, "          version: \"" + version + "\"");
    Files.write(stack, lines);
    scratchVersionLine = at + 1;
  }

  @Test
  void aNewServiceOnALinePastItsEndIsRefusedWithItsFileAndLine() throws Exception {
    scratchOn("25.3");
    assertThat(
            run("render", "--config", stack.toString(), "--out", project.resolve("out").toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains(
            stack
                + ":"
                + scratchVersionLine
                + ": clickplane:organisations[0].services[1].version: organisation acme,"
                + " service scratch: ClickHouse 25.3 is past its end of support (ended 2026-03-20")
        .contains("nothing was written")
        .doesNotContain("\tat ");
    assertThat(project.resolve("out/tenants")).doesNotExist();

    assertThat(run("publish", "--config", stack.toString(), "--direct")).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            stack + ":" + scratchVersionLine + ": clickplane:organisations[0].services[1].version:")
        .contains("nothing was published");
    assertThat(out.toString()).doesNotContain("published ");
  }

  @Test
  void aRunningServiceOnALinePastItsEndIsWarnedAboutAndStillPublished() throws Exception {
    // published in January 2026, when 25.3 was still supported
    scratchOn("25.3");
    CommandLine january =
        new CommandLine(new PublishCommand(Fleet.guards(() -> LocalDate.parse("2026-01-05"))));
    StringWriter januaryErr = new StringWriter();
    january.setErr(new PrintWriter(januaryErr, true));
    january.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(january.execute("--config", stack.toString(), "--direct"))
        .as(januaryErr.toString())
        .isZero();

    String warning =
        "warning: organisation acme, service scratch: ClickHouse 25.3 is past its end of support"
            + " (ended 2026-03-20; supported: 26.3 until 2027-03-27); upgrade through a canary:"
            + " publish upgrade: {canary: \"26.3\"}, check it, then set version: \"26.3\" and"
            + " remove upgrade (docs/endpoints.md#canary-upgrades)";
    assertThat(run("validate", "--config", stack.toString())).isZero();
    assertThat(err.toString()).contains(warning);
    assertThat(out.toString()).contains("valid (environment dev");
    assertThat(run("plan", "--config", stack.toString(), "--output", "json")).isZero();
    assertThat(err.toString()).contains(warning);
    assertThat(out.toString()).doesNotContain("warning");

    // December: a change elsewhere publishes; the running service is warned about, not refused
    Files.writeString(stack, Files.readString(stack).replace("retention: 14", "retention: 15"));
    assertThat(run("publish", "--config", stack.toString(), "--direct"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("published ").contains(warning);
  }
}
