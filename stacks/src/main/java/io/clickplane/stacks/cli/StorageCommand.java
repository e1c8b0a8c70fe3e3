package io.clickplane.stacks.cli;

import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.edit.KeyPath;
import io.clickplane.core.config.edit.StackFileEditor;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.publish.FluxRepository;
import io.clickplane.stacks.storage.ResizeHistory;
import io.clickplane.stacks.storage.StorageProposal;
import io.clickplane.stacks.storage.StorageProposer;
import io.clickplane.stacks.storage.StorageTable;
import io.clickplane.stacks.storage.VolumeMetrics;
import io.clickplane.stacks.storage.VolumeUsage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clickplane storage}: data disks sized from what the volumes really hold. */
@Command(
    name = "storage",
    mixinStandardHelpOptions = true,
    description = "Size the services' data disks from their measured usage.",
    subcommands = {StorageCommand.Propose.class, CommandLine.HelpCommand.class})
public final class StorageCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** The clock (tests fix it). */
  static Clock clock = Clock.systemUTC();

  /** {@code clickplane storage propose}. */
  @Command(
      name = "propose",
      mixinStandardHelpOptions = true,
      description = {
        "Read every data volume's usage from Prometheus (kubelet_volume_stats_used_bytes and"
            + " kubelet_volume_stats_capacity_bytes, one query each for the whole fleet) and"
            + " propose new disk sizes: a service whose fullest volume is at least --threshold"
            + " used grows by 25% or to 70% used, whichever is more, rounded up to 10 GiB, within"
            + " storage.maxSize and EBS's limits, and not within six hours of its last resize"
            + " (from the Flux repository's history).",
        "Prints a table; --publish also writes the new sizes into the stack file (only those lines)"
            + " and publishes the change on a branch with the figures in its summary."
      })
  static final class Propose implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Mixin FluxTarget target;
    @Spec CommandSpec spec;

    @Option(
        names = "--prometheus",
        required = true,
        paramLabel = "URL",
        description = "Prometheus base URL, e.g. http://127.0.0.1:9090")
    String prometheus;

    @Option(
        names = "--threshold",
        paramLabel = "PCT",
        defaultValue = "80",
        description =
            "Grow a disk once its fullest volume is this many percent used (1-99; default: ${DEFAULT-VALUE})")
    int threshold;

    @Option(
        names = "--pull-request",
        description =
            "Also open a GitHub pull request from the branch (token in GITHUB_TOKEN; the"
                + " repository must be a GitHub URL).")
    boolean pullRequest;

    @Option(
        names = "--publish",
        description = "Write the proposed sizes into the stack file and publish them on a branch.")
    boolean publish;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (threshold < 1 || threshold > 99) {
        err.println("clickplane: --threshold must be from 1 to 99 percent (got " + threshold + ")");
        return Clickplane.INVALID;
      }
      URI base;
      try {
        base = URI.create(prometheus);
        if (base.getScheme() == null
            || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
            || base.getHost() == null) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        err.println(
            "clickplane: --prometheus must be an http(s) URL such as http://127.0.0.1:9090 (got '"
                + prometheus
                + "')");
        return Clickplane.INVALID;
      }
      PlatformSpec platform = config.loadOrReport(err);
      if (platform == null) {
        return Clickplane.INVALID;
      }
      Instant now = clock.instant();
      Map<String, VolumeUsage> usage = VolumeMetrics.at(base).read(now);
      Map<String, Instant> resized;
      try (FluxRepository repo = target.open(platform, config.file(), System.getenv(), false)) {
        resized =
            ResizeHistory.lastResizes(
                repo.objects(),
                platform.gitops().branch(),
                platform.environment(),
                now.minus(StorageProposer.EBS_COOLDOWN));
      } catch (IllegalArgumentException e) {
        err.println("clickplane: " + e.getMessage());
        return Clickplane.INVALID;
      } catch (InvalidConfigException e) {
        for (ConfigProblem p : e.problems()) {
          err.println(p);
        }
        err.println("clickplane: a published snapshot in the history does not read back");
        return Clickplane.FAILURE;
      }
      List<StorageProposal> proposals =
          StorageProposer.propose(platform, usage, resized, threshold, now);
      out.print(StorageTable.table(proposals, threshold));
      List<StorageProposal> growing =
          proposals.stream().filter(p -> p.proposedSize().isPresent()).toList();
      if (!publish) {
        out.flush();
        return Clickplane.OK;
      }
      if (growing.isEmpty()) {
        out.println("nothing to grow; nothing was published");
        out.flush();
        return Clickplane.OK;
      }
      StackFileEditor editor = ChangePublisher.editor(config.file(), err);
      if (editor == null) {
        return Clickplane.INVALID;
      }
      for (StorageProposal p : growing) {
        editor.set(
            KeyPath.service(p.organisation(), p.service()).key("storage", "size"),
            p.proposedSize().orElseThrow());
      }
      int code =
          ChangePublisher.publish(
              config,
              target,
              editor,
              StorageTable.summary(growing, threshold),
              pullRequest,
              out,
              err);
      out.flush();
      return code;
    }
  }
}
