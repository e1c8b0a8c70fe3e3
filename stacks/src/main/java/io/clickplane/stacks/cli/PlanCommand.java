package io.clickplane.stacks.cli;

import io.clickplane.core.capacity.CapacityModel;
import io.clickplane.core.capacity.CapacityPlan;
import io.clickplane.core.capacity.CellCapacity;
import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.stacks.plan.CellsPlanReport;
import io.clickplane.stacks.plan.PlanReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clickplane plan}: how the fleet lands on the node groups. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show how the fleet lands on the node groups: per group what a node offers, the pods it"
          + " holds, the nodes needed at rest and at peak against min and max, each node's"
          + " headroom, and what does not fit with the key to change. Read it before changing a"
          + " group's min or max.",
      "A stack with cells gets a section per cell (each cell is its own cluster with the"
          + " environment's node groups and pools), then the environment's total.",
      "Warns (on standard error) about services on a ClickHouse line past its end of support.",
      "Exit 0 when every pod fits, 2 when something does not (the plan is still shown) or the"
          + " stack file is invalid."
    })
public final class PlanCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json")
  String output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!output.equals("text") && !output.equals("json")) {
      err.println("clickplane: --output must be text or json (got \"" + output + "\")");
      return Clickplane.INVALID;
    }
    List<ConfigProblem> problems = List.of();
    PlatformSpec platform;
    try {
      platform = StackConfig.load(config.file());
    } catch (InvalidConfigException full) {
      try {
        platform = StackConfig.loadWithoutCapacity(config.file());
        problems = full.problems();
      } catch (InvalidConfigException e) {
        return config.loadOrReport(err) == null ? Clickplane.INVALID : Clickplane.FAILURE;
      }
    }
    ReleaseWarnings.print(platform, err);
    if (platform.hasCells()) {
      List<CapacityPlan> plans = CellCapacity.perCell(platform);
      out.print(
          output.equals("json")
              ? CellsPlanReport.json(platform, plans, problems)
              : CellsPlanReport.text(platform, plans, problems));
    } else {
      CapacityPlan plan = CapacityModel.plan(platform);
      out.print(
          output.equals("json")
              ? PlanReport.json(platform, plan, problems)
              : PlanReport.text(platform, plan, problems));
    }
    out.flush();
    return problems.isEmpty() ? Clickplane.OK : Clickplane.INVALID;
  }
}
