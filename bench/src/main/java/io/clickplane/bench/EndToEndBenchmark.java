package io.clickplane.bench;

import io.clickplane.core.config.CanonicalSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.stacks.cli.Clickplane;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures {@code clickplane publish --direct} as a user runs it: whole processes started through
 * the {@code ./clickplane} launcher (JVM start, loading and validating the stack file, rendering,
 * publishing, exit), on a synthetic stack file (default 100 organisations × 10 services = 1,000
 * services) published into the local default repository. Three cases: the first publish into no
 * repository; a publish with no change; a publish after one service's CPU request changed (5, 4, 5,
 * ... so its ClickHouseInstallation changes). Wall time, CPU time (user + system) and peak resident
 * memory come from {@code /usr/bin/time}. Beside them, the same three commands run in this JVM
 * through the command line's entry point once the JIT is warm (no process start), the in-process
 * figures.
 *
 * <p>Run: {@code ./mvnw -q -B -o -pl bench -am verify -DskipTests -Dbench.skip=false
 * -Dbench.main=io.clickplane.bench.EndToEndBenchmark [-Dbench.args="--organisations 100 --services
 * 10 --repeats 3"]}. Writes {@code bench-results/publish-e2e.txt}.
 */
public final class EndToEndBenchmark {
  private EndToEndBenchmark() {}

  /** One measured process: wall and CPU seconds, peak resident set in KiB. */
  record Run(double wall, double cpu, long rssKib) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchOptions.parse(
            args,
            Map.of(
                "--organisations", "100",
                "--services", "10",
                "--repeats", "3",
                "--out", "bench-results"));
    int orgs = Integer.parseInt(options.get("--organisations"));
    int services = Integer.parseInt(options.get("--services"));
    int repeats = Integer.parseInt(options.get("--repeats"));
    Path out = Path.of(options.get("--out"));
    Path launcher = TimedProcess.launcher();
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("clickplane-e2e");
    try {
      PlatformSpec spec = PublishBenchmark.synthetic(orgs, services);
      String stack = CanonicalSpec.write(spec);
      String marker = "cpu: \"" + spec.organisations().get(0).services().get(0).resources().cpu();
      if (!stack.contains(marker + "\"")) {
        throw new IllegalStateException("the synthetic stack has no " + marker);
      }
      // built (and its class archive dumped) before anything is measured
      process(launcher, work, List.of("--version"), "clickplane");

      List<Run> first = new ArrayList<>();
      List<Run> noChange = new ArrayList<>();
      List<Run> oneService = new ArrayList<>();
      int files = 0;
      for (int r = 0; r < repeats; r++) {
        Path project = work.resolve("p" + r);
        Path config = project.resolve("stacks/Pulumi.bench.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, stack);
        List<String> publish = List.of("publish", "--config", config.toString(), "--direct");
        first.add(process(launcher, project, publish, "published "));
        noChange.add(process(launcher, project, publish, "up to date"));
        Files.writeString(config, stack.replaceFirst(marker + "\"", "cpu: \"5\""));
        oneService.add(process(launcher, project, publish, "published "));
        Files.writeString(config, stack);
        oneService.add(process(launcher, project, publish, "published "));
        files = countFiles(project.resolve(".clickplane/flux.git"));
      }

      // in-process: the same commands through the entry point, in this JVM, warmed up first
      Map<String, List<Double>> inProcess = new LinkedHashMap<>();
      for (int r = 0; r < repeats + 1; r++) {
        Path project = work.resolve("in" + r);
        Path config = project.resolve("stacks/Pulumi.bench.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, stack);
        String[] publish = {"publish", "--config", config.toString(), "--direct"};
        double f = inProcess(publish, "published ");
        double n = inProcess(publish, "up to date");
        Files.writeString(config, stack.replaceFirst(marker + "\"", "cpu: \"5\""));
        double o = inProcess(publish, "published ");
        if (r > 0) { // the first round warms the JIT
          inProcess.computeIfAbsent("first", k -> new ArrayList<>()).add(f);
          inProcess.computeIfAbsent("none", k -> new ArrayList<>()).add(n);
          inProcess.computeIfAbsent("one", k -> new ArrayList<>()).add(o);
        }
      }

      String report = report(spec, files, repeats, first, noChange, oneService, inProcess);
      System.out.print(report);
      Files.writeString(out.resolve("publish-e2e.txt"), report);
    } finally {
      try (Stream<Path> walk = Files.walk(work)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String report(
      PlatformSpec spec,
      int files,
      int repeats,
      List<Run> first,
      List<Run> noChange,
      List<Run> oneService,
      Map<String, List<Double>> inProcess) {
    double f = median(first.stream().map(Run::wall).toList());
    double n = median(noChange.stream().map(Run::wall).toList());
    double o = median(oneService.stream().map(Run::wall).toList());
    double fc = median(first.stream().map(Run::cpu).toList());
    double nc = median(noChange.stream().map(Run::cpu).toList());
    double oc = median(oneService.stream().map(Run::cpu).toList());
    long rss =
        Stream.of(first, noChange, oneService)
            .flatMap(List::stream)
            .mapToLong(Run::rssKib)
            .max()
            .orElse(0);
    double fi = median(inProcess.get("first"));
    double ni = median(inProcess.get("none"));
    double oi = median(inProcess.get("one"));
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "clickplane publish end to end: %d organisations x %d services = %d services, %d files"
                + " in the published tree; medians of %d runs (one-service: %d)%n",
            spec.organisations().size(),
            spec.organisations().get(0).services().size(),
            spec.serviceCount(),
            files,
            repeats,
            oneService.size()));
    s.append(
        String.format(
            Locale.ROOT,
            "  whole process (./clickplane publish --direct), wall s: first %.2f | no change %.2f"
                + " | one service %.2f%n",
            f,
            n,
            o));
    s.append(
        String.format(
            Locale.ROOT,
            "  ratios to the first publish, wall: no change %.0f %% | one service %.0f %%"
                + "  (targets: <= 30 %%, <= 35 %%)%n",
            100 * n / f,
            100 * o / f));
    s.append(
        String.format(
            Locale.ROOT,
            "  CPU s (user + system): first %.2f | no change %.2f | one service %.2f;"
                + " ratios %.0f %% | %.0f %%%n",
            fc,
            nc,
            oc,
            100 * nc / fc,
            100 * oc / fc));
    s.append(String.format(Locale.ROOT, "  peak RSS of any run: %d MiB%n", rss / 1024));
    s.append(
        String.format(
            Locale.ROOT,
            "  in process (the command's entry point in a warm JVM), wall s: first %.2f | no change"
                + " %.2f | one service %.2f; ratios %.0f %% | %.0f %%%n",
            fi,
            ni,
            oi,
            100 * ni / fi,
            100 * oi / fi));
    s.append(
        String.format(
            Locale.ROOT,
            "  all wall s: first %s | no change %s | one service %s%n",
            first.stream().map(r -> fmt(r.wall())).toList(),
            noChange.stream().map(r -> fmt(r.wall())).toList(),
            oneService.stream().map(r -> fmt(r.wall())).toList()));
    return s.toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Runs {@code launcher args} in {@code dir} under /usr/bin/time; its output must hold expect. */
  private static Run process(Path launcher, Path dir, List<String> args, String expect)
      throws Exception {
    TimedProcess.Result r = TimedProcess.run(launcher, dir, args);
    if (r.exitCode() != 0 || !r.output().contains(expect)) {
      throw new IllegalStateException(
          String.join(" ", args) + " failed (expected \"" + expect + "\"):\n" + r.output());
    }
    return r.run();
  }

  /** Runs the command line's entry point in this JVM; wall seconds. */
  private static double inProcess(String[] args, String expect) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    int code = Clickplane.run(args, new PrintWriter(out), new PrintWriter(err));
    double s = (System.nanoTime() - t0) / 1e9;
    if (code != 0 || !out.toString().contains(expect)) {
      throw new IllegalStateException(
          String.join(" ", args) + " failed (" + code + "): " + out + err);
    }
    return s;
  }

  private static int countFiles(Path bare) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("git", "--git-dir=" + bare, "ls-tree", "-r", "--name-only", "main")
            .redirectErrorStream(true)
            .start();
    int n =
        (int) new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().count();
    p.waitFor(1, TimeUnit.MINUTES);
    return n;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
