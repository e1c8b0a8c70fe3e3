package io.clickplane.stacks.cli;

import io.clickplane.core.config.edit.KeyPath;
import io.clickplane.core.config.edit.StackFileEditor;
import io.clickplane.core.spec.ClickHouseReleases;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.stacks.upgrade.UpgradePlanner;
import io.clickplane.stacks.upgrade.UpgradeReport;
import io.clickplane.stacks.upgrade.UpgradeWave;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clickplane upgrade}: roll a release line out in channels and maintenance windows. */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description = "Roll a ClickHouse release line out over the fleet, wave by wave.",
    subcommands = {
      UpgradeCommand.Plan.class,
      UpgradeCommand.Next.class,
      CommandLine.HelpCommand.class
    })
public final class UpgradeCommand implements Runnable {
  @Spec CommandSpec spec;

  /** The clock (tests fix it). */
  static Clock clock = Clock.systemUTC();

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Options both subcommands take. */
  static final class Target {
    @Option(
        names = "--to",
        required = true,
        paramLabel = "LINE",
        description = "The release line to roll out, e.g. 26.3")
    String line;

    /** Null after printing why, when {@code --to} names no supported line. */
    String checked(PrintWriter err) {
      List<String> supported =
          ClickHouseReleases.supportedOn(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))
              .stream()
              .map(ClickHouseReleases.Release::line)
              .toList();
      if (!supported.contains(line)) {
        err.println(
            "clickplane: --to must be a supported release line: "
                + String.join(", ", supported)
                + " (got '"
                + line
                + "')");
        return null;
      }
      return line;
    }
  }

  /** {@code clickplane upgrade plan}. */
  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description = {
        "List the waves that take the fleet to a release line: channel fast, then regular, then"
            + " slow; in each, the canaries first, then the promotion; one wave per maintenance"
            + " window, services past end of support first in their channel.",
        "Computed from the stack file as it stands, so published waves drop out."
      })
  static final class Plan implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Mixin Target target;
    @Spec CommandSpec spec;

    @Option(
        names = "--output",
        paramLabel = "table|json",
        defaultValue = "table",
        description = "Output format (default: ${DEFAULT-VALUE})")
    String output;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!output.equals("table") && !output.equals("json")) {
        err.println("clickplane: --output must be table or json (got '" + output + "')");
        return Clickplane.INVALID;
      }
      String line = target.checked(err);
      if (line == null) {
        return Clickplane.INVALID;
      }
      PlatformSpec platform = config.loadOrReport(err);
      if (platform == null) {
        return Clickplane.INVALID;
      }
      List<UpgradeWave> waves = UpgradePlanner.plan(platform, line, clock.instant());
      List<String> newer = UpgradePlanner.newer(platform, line);
      out.print(
          output.equals("json")
              ? UpgradeReport.json(line, waves, newer)
              : UpgradeReport.table(line, waves, newer));
      out.flush();
      return Clickplane.OK;
    }
  }

  /** {@code clickplane upgrade next}. */
  @Command(
      name = "next",
      mixinStandardHelpOptions = true,
      description = {
        "Write the next wave of the plan into the stack file (upgrade.canary for a canary wave;"
            + " version, with the canary removed, for a promotion; only those lines change) and"
            + " publish it on a branch whose summary states the wave's maintenance window: merge"
            + " it inside that window."
      })
  static final class Next implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Mixin Target target;
    @Mixin FluxTarget flux;
    @Spec CommandSpec spec;

    @Option(
        names = "--pull-request",
        description =
            "Also open a GitHub pull request from the branch (token in GITHUB_TOKEN; the"
                + " repository must be a GitHub URL).")
    boolean pullRequest;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String line = target.checked(err);
      if (line == null) {
        return Clickplane.INVALID;
      }
      PlatformSpec platform = config.loadOrReport(err);
      if (platform == null) {
        return Clickplane.INVALID;
      }
      Instant now = clock.instant();
      List<UpgradeWave> waves = UpgradePlanner.plan(platform, line, now);
      if (waves.isEmpty()) {
        out.println("every service runs " + line + " or newer; nothing to publish");
        out.flush();
        return Clickplane.OK;
      }
      UpgradeWave wave = waves.get(0);
      StackFileEditor editor = ChangePublisher.editor(config.file(), err);
      if (editor == null) {
        return Clickplane.INVALID;
      }
      for (UpgradeWave.Member m : wave.services()) {
        KeyPath service = KeyPath.service(m.organisation(), m.service());
        if (wave.step() == UpgradeWave.Step.CANARY) {
          editor.set(service.key("upgrade", "canary"), line);
        } else {
          editor.set(service.key("version"), line);
          editor.remove(service.key("upgrade", "canary"));
        }
      }
      int code =
          ChangePublisher.publish(
              config,
              flux,
              editor,
              UpgradeReport.summary(line, wave, waves.size()),
              pullRequest,
              out,
              err);
      out.flush();
      return code;
    }
  }
}
