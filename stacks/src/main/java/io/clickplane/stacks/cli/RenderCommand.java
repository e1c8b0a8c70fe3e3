package io.clickplane.stacks.cli;

import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.stacks.render.Fleet;
import io.clickplane.stacks.render.TreeWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clickplane render}: renders a stack's environment into a directory. When the directory
 * holds the snapshot of a previous render ({@code .clickplane/<env>/spec.yaml}), the change guards
 * compare it with the new spec first; a refused change is reported and nothing is written.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Render the environment's Flux tree (ClickHouse, ZooKeeper, storage classes, ...) into DIR.",
      "Compared with the snapshot already in DIR, changes that lose data are refused unless the stack",
      "file allows them; then nothing is written and the exit code is 2.",
      "Files of the environment that are no longer rendered are removed; output is byte-identical across runs."
    })
public final class RenderCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "DIR",
      description =
          "Directory to write the tree into (created if missing), e.g. a Flux repository checkout")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PlatformSpec next = config.loadOrReport(err);
    if (next == null) {
      return Clickplane.INVALID;
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      err.println("clickplane: --out " + out + " is a file; give a directory");
      return Clickplane.INVALID;
    }
    Path snapshot = out.resolve(SpecSnapshot.platformPath(next.environment()));
    Optional<PlatformSpec> published;
    try {
      published =
          SpecSnapshot.read(
              out + "/",
              next.environment(),
              path -> {
                Path file = out.resolve(path);
                return Files.isRegularFile(file) ? Files.readString(file) : null;
              },
              Map.of());
    } catch (InvalidConfigException e) {
      for (ConfigProblem p : e.problems()) {
        err.println(p);
      }
      err.println("the published snapshot " + snapshot + " cannot be read; nothing was written.");
      return Clickplane.INVALID;
    }
    Path tenants = out.resolve(FluxPaths.tenants(next.environment()));
    if (published.isEmpty() && hasContent(tenants)) {
      err.println(
          "clickplane: "
              + tenants
              + "/ holds a rendered environment but its spec snapshot "
              + out.resolve(FluxPaths.state(next.environment()))
              + "/ is missing, so the change guards cannot check this render; restore the"
              + " snapshot (e.g. git checkout -- "
              + FluxPaths.state(next.environment())
              + " in that checkout), or remove "
              + tenants
              + "/ to render the environment from scratch; nothing was written.");
      return Clickplane.INVALID;
    }
    {
      // Before the first render every service is new: the guards run against an empty fleet.
      PlatformSpec previous = published.orElse(next.withOrganisations(List.of()));
      List<Refusal> refusals = Fleet.guards().check(previous, next);
      if (!refusals.isEmpty()) {
        RefusalReport.print(config.file(), next, refusals, err);
        err.println(
            refusals.size() == 1
                ? "1 change refused; nothing was written."
                : refusals.size() + " changes refused; nothing was written.");
        return Clickplane.INVALID;
      }
    }
    ManifestSet tree = Fleet.render(next);
    TreeWriter.Result result = TreeWriter.write(out, next.environment(), tree);
    spec.commandLine()
        .getOut()
        .printf(
            "%s: environment %s rendered into %s: %d files (%d written, %d unchanged), %d removed%n",
            config.file(),
            next.environment(),
            out,
            tree.size(),
            result.written(),
            result.unchanged(),
            result.removed());
    return Clickplane.OK;
  }

  private static boolean hasContent(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    }
  }
}
