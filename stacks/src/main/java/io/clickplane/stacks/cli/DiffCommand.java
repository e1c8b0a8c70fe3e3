package io.clickplane.stacks.cli;

import io.clickplane.core.config.GitUrls;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.publish.Diff;
import io.clickplane.gitops.publish.FluxRepository;
import io.clickplane.stacks.render.Fleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.ObjectId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clickplane diff}: what {@code publish} would change, without writing anything. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Show what a publish would change in the Flux repository's target branch.",
      "Lists the changes per organisation and service; --patch adds a unified diff. Writes nothing.",
      "Runs the change guards publish runs: exit 2 when publish would refuse the change."
    })
public final class DiffCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin FluxTarget target;
  @Spec CommandSpec spec;

  @Option(names = "--patch", description = "Also print a unified diff of every changed file.")
  boolean patch;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PlatformSpec platform = config.loadOrReport(err);
    if (platform == null) {
      return Clickplane.INVALID;
    }
    FluxRepository repository;
    try {
      repository = target.open(platform, config.file(), System.getenv(), false);
    } catch (IllegalArgumentException e) {
      err.println("clickplane: " + GitUrls.redact(e.getMessage()));
      return Clickplane.INVALID;
    }
    try (repository) {
      Diff.Result result =
          Diff.of(repository)
              .branch(platform.gitops().branch())
              .rendered(platform, Fleet.render(platform))
              .patch(patch)
              .call();
      String where = repository.describe() + ", branch " + platform.gitops().branch();
      if (result.summary().isEmpty()) {
        out.println(where + ": no changes");
        return Clickplane.OK;
      }
      out.println(where + ": " + result.summary().title());
      out.print(result.summary().body());
      if (patch) {
        out.print(result.patch());
      }
      out.flush();
      // The guards publish runs: a change it would refuse is shown, and said to be refused.
      Optional<ObjectId> tip = repository.tip(platform.gitops().branch());
      List<Refusal> refusals;
      try {
        refusals =
            tip.isEmpty()
                ? List.of()
                : PublishedGuards.check(
                    repository,
                    tip.get(),
                    platform.gitops().branch(),
                    platform,
                    PublishCommand.FLEET_GUARDS);
      } catch (InvalidConfigException e) {
        err.println(
            "clickplane: the published spec snapshot cannot be read ("
                + e.problems().size()
                + " problems); publish would refuse to go on");
        return Clickplane.FAILURE;
      }
      if (!refusals.isEmpty()) {
        for (Refusal r : refusals) {
          err.println(config.file() + ": " + r);
        }
        err.println("clickplane: publish would refuse this change; nothing was written");
        return Clickplane.INVALID;
      }
      return Clickplane.OK;
    }
  }
}
