package io.clickplane.bench;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.publish.LocalFluxRepository;
import io.clickplane.stacks.cli.Clickplane;
import io.clickplane.stacks.cli.FluxTarget;
import io.clickplane.stacks.storage.PrometheusServer;
import io.clickplane.stacks.storage.ResizeHistory;
import io.clickplane.stacks.storage.StorageProposal;
import io.clickplane.stacks.storage.StorageProposal.Status;
import io.clickplane.stacks.storage.StorageProposer;
import io.clickplane.stacks.storage.StorageTable;
import io.clickplane.stacks.storage.VolumeMetrics;
import io.clickplane.stacks.storage.VolumeUsage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures {@code clickplane storage propose} on a fleet of N organisations × M services (default
 * 100 × 10 = 1,000 services, three replicas each: 3,000 data volumes) against a real Prometheus
 * (Debian's {@code prometheus}, serving blocks that {@code promtool tsdb create-blocks-from
 * openmetrics} built) on 127.0.0.1, with the fleet's published Flux history (the stack published
 * ten hours and two hours earlier) in the project's default repository. {@link StorageFleet} says
 * which services get which verdict; every run's verdicts are checked against it.
 *
 * <ul>
 *   <li>Whole processes: {@code ./clickplane storage propose --config FILE --prometheus URL} as a
 *       user runs it, through the launcher; wall, CPU (user + system) and peak resident memory from
 *       {@code /usr/bin/time}. Each must exit 0 and print the table with the expected verdicts.
 *   <li>In process, JIT warm: the same command through the command line's entry point, and its
 *       parts as the command does them: loading the stack file, the Prometheus read ({@code
 *       VolumeMetrics.at(url).read(T)}, one query per metric), the Flux history ({@code
 *       ResizeHistory}), the decision ({@code StorageProposer.propose}) and the table.
 *   <li>Baseline: {@link PerVolumeQueries}, one query per data volume (3,000 by default) against
 *       the same Prometheus in the same JVM, which must read the same figures; the report gives the
 *       product's read as a ratio of it.
 * </ul>
 *
 * <p>Samples: one a minute ({@code --step} seconds) per volume, from an hour before the start to
 * {@link #SPAN} after it, so every query of the run (all must end within the span) sees a full
 * hour. A benchmark, not a test: it checks answers, never times.
 *
 * <p>Run: {@code ./mvnw -q -B -o -pl bench -am verify -DskipTests -Dbench.skip=false
 * -Dbench.main=io.clickplane.bench.StorageProposeBenchmark [-Dbench.args="--organisations 100
 * --services 10 --repeats 3 --step 60"]}. Writes {@code bench-results/storage-propose.txt}.
 */
public final class StorageProposeBenchmark {
  /** How long after the start the samples reach. */
  static final Duration SPAN = Duration.ofMinutes(30);

  private static final int THRESHOLD = StorageProposer.DEFAULT_THRESHOLD;
  private static final int WARM_UP = 2;

  private StorageProposeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchOptions.parse(
            args,
            Map.of(
                "--organisations", "100",
                "--services", "10",
                "--repeats", "3",
                "--step", "60",
                "--out", "bench-results"));
    int orgs = Integer.parseInt(options.get("--organisations"));
    int services = Integer.parseInt(options.get("--services"));
    int repeats = Integer.parseInt(options.get("--repeats"));
    Duration step = Duration.ofSeconds(Long.parseLong(options.get("--step")));
    Path out = Path.of(options.get("--out"));
    Path launcher = TimedProcess.launcher();
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("clickplane-storage");
    try {
      String report = run(work, launcher, orgs, services, repeats, step);
      System.out.print(report);
      Files.writeString(out.resolve("storage-propose.txt"), report);
    } finally {
      try (Stream<Path> walk = Files.walk(work)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String run(
      Path work, Path launcher, int orgs, int services, int repeats, Duration step)
      throws Exception {
    String loadBefore = load();
    StorageFleet fleet = StorageFleet.of(orgs, services);
    Path project = work.resolve("project");
    Path config = project.resolve("stacks/Pulumi.bench.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, fleet.stack);
    Path flux = FluxTarget.defaultRepository(config);
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    fleet.publishHistory(flux, start);
    StorageFleet.Samples samples =
        fleet.samples(start.minus(VolumeMetrics.LOOK_BACK), start.plus(SPAN), step);
    int series = samples.series();
    long sampleCount = 2L * samples.used().size();
    String openMetrics = PrometheusServer.openMetrics(samples.used(), samples.capacity());
    samples = null;
    Path prometheusDir = Files.createDirectories(work.resolve("prometheus"));
    try (PrometheusServer prometheus = PrometheusServer.serving(prometheusDir, openMetrics)) {
      openMetrics = null;
      URI url = prometheus.url();
      Map<Status, Integer> expected = fleet.expected();

      // built (and its class archive dumped) before anything is measured
      TimedProcess.Result version = TimedProcess.run(launcher, project, List.of("--version"));
      if (version.exitCode() != 0) {
        throw new IllegalStateException("./clickplane --version failed:\n" + version.output());
      }
      List<String> command =
          List.of(
              "storage", "propose", "--config", config.toString(), "--prometheus", url.toString());
      List<EndToEndBenchmark.Run> whole = new ArrayList<>();
      List<Double> versions = new ArrayList<>();
      String excerpt = "";
      for (int r = 0; r < repeats; r++) {
        versions.add(TimedProcess.run(launcher, project, List.of("--version")).run().wall());
        TimedProcess.Result result = TimedProcess.run(launcher, project, command);
        if (result.exitCode() != 0) {
          throw new IllegalStateException(
              "./clickplane storage propose exited " + result.exitCode() + ":\n" + result.output());
        }
        checkTable(result.output(), expected);
        excerpt = excerpt(result.output());
        whole.add(result.run());
      }

      Map<String, List<Double>> inProcess = new LinkedHashMap<>();
      int baselineQueries = 0;
      for (int r = 0; r < WARM_UP + repeats; r++) {
        Map<String, Double> round = new LinkedHashMap<>();
        round.put("command", entryPoint(command.toArray(String[]::new), expected));
        baselineQueries = parts(config, flux, url, fleet, expected, round);
        if (r >= WARM_UP) {
          round.forEach((k, v) -> inProcess.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
      }
      if (Instant.now().isAfter(start.plus(SPAN))) {
        throw new IllegalStateException(
            "the run outlasted the samples (" + SPAN + " after the start): raise SPAN");
      }
      String machine =
          String.format(
              Locale.ROOT,
              "%d cpus; %s on %s; load average before %s, after %s",
              Runtime.getRuntime().availableProcessors(),
              prometheusVersion(),
              url.getHost(),
              loadBefore,
              load());
      return report(
              fleet,
              expected,
              series,
              sampleCount,
              step,
              machine,
              whole,
              inProcess,
              baselineQueries)
          + String.format(
              Locale.ROOT,
              "  for scale: ./clickplane --version (JVM start and exit), median wall %.2f s%n",
              EndToEndBenchmark.median(versions))
          + excerpt;
    }
  }

  /** The command through the entry point in this JVM; checks its table; wall seconds. */
  private static double entryPoint(String[] args, Map<Status, Integer> expected) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    int code = Clickplane.run(args, new PrintWriter(out), new PrintWriter(err));
    double s = (System.nanoTime() - t0) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("storage propose exited " + code + ": " + out + err);
    }
    checkTable(out.toString(), expected);
    return s;
  }

  /**
   * The command's parts as it does them, each timed into {@code round}, then the baseline's read;
   * checks the verdicts and that both reads agree. Returns the baseline's query count.
   */
  private static int parts(
      Path config,
      Path flux,
      URI url,
      StorageFleet fleet,
      Map<Status, Integer> expected,
      Map<String, Double> round)
      throws Exception {
    long t0 = System.nanoTime();
    PlatformSpec spec = StackConfig.load(config);
    long t1 = System.nanoTime();
    Instant now = Instant.now();
    Map<String, VolumeUsage> usage = VolumeMetrics.at(url).read(now);
    long t2 = System.nanoTime();
    Map<String, Instant> resized;
    try (LocalFluxRepository repo = LocalFluxRepository.open(flux)) {
      resized =
          ResizeHistory.lastResizes(
              repo.objects(),
              spec.gitops().branch(),
              spec.environment(),
              now.minus(StorageProposer.EBS_COOLDOWN));
    }
    long t3 = System.nanoTime();
    List<StorageProposal> proposals = StorageProposer.propose(spec, usage, resized, THRESHOLD, now);
    long t4 = System.nanoTime();
    String table = StorageTable.table(proposals, THRESHOLD);
    long t5 = System.nanoTime();
    Map<Status, Integer> verdicts = new EnumMap<>(Status.class);
    expected.keySet().forEach(k -> verdicts.put(k, 0));
    proposals.forEach(p -> verdicts.merge(p.status(), 1, Integer::sum));
    if (!verdicts.equals(expected) || table.isEmpty()) {
      throw new IllegalStateException("verdicts " + verdicts + ", expected " + expected);
    }
    PerVolumeQueries baseline = new PerVolumeQueries(url);
    long b0 = System.nanoTime();
    Map<String, VolumeUsage> perVolume = baseline.read(spec, now);
    long b1 = System.nanoTime();
    if (!perVolume.equals(usage) || baseline.queries() != fleet.dataVolumes()) {
      throw new IllegalStateException(
          "the baseline read "
              + perVolume.size()
              + " volumes with "
              + baseline.queries()
              + " queries; the product "
              + usage.size());
    }
    round.put("load", (t1 - t0) / 1e9);
    round.put("read", (t2 - t1) / 1e9);
    round.put("history", (t3 - t2) / 1e9);
    round.put("decision", (t4 - t3) / 1e9);
    round.put("table", (t5 - t4) / 1e9);
    round.put("baseline", (b1 - b0) / 1e9);
    return baseline.queries();
  }

  /** The table's header, its first row of each verdict and its closing line, indented. */
  private static String excerpt(String output) {
    List<String> lines = output.lines().toList();
    StringBuilder b =
        new StringBuilder("  the command's table (header, a row of each verdict, end):\n");
    b.append("    ").append(lines.get(0)).append('\n');
    List<Status> shown = new ArrayList<>();
    for (String line : lines) {
      Status s = verdict(line);
      if (s != null && !shown.contains(s)) {
        shown.add(s);
        b.append("    ").append(line).append('\n');
      }
    }
    return b.append("    ").append(lines.get(lines.size() - 1)).append('\n').toString();
  }

  /** The verdict of a row of the table; null for any other line. */
  private static Status verdict(String line) {
    if (!line.matches("\\S+/\\S+ +[0-9]+/[0-9]+ .*")) {
      return null;
    }
    for (Status s : Status.values()) {
      String text = "  " + s.text();
      if (s == Status.COOLDOWN ? line.contains(text + " until ") : line.endsWith(text)) {
        return s;
      }
    }
    throw new IllegalStateException("a row with no verdict: " + line);
  }

  /** Counts the table's verdicts and checks them and its closing line against the fleet's. */
  private static void checkTable(String output, Map<Status, Integer> expected) {
    Map<Status, Integer> seen = new EnumMap<>(Status.class);
    expected.keySet().forEach(k -> seen.put(k, 0));
    int services = 0;
    for (String line : output.lines().toList()) {
      Status s = verdict(line);
      if (s != null) {
        services++;
        seen.merge(s, 1, Integer::sum);
      }
    }
    int total = expected.values().stream().mapToInt(Integer::intValue).sum();
    String closing =
        expected.get(Status.GROW)
            + " of "
            + total
            + " services to grow (threshold "
            + THRESHOLD
            + "% used";
    if (!seen.equals(expected) || services != total || !output.contains(closing)) {
      throw new IllegalStateException(
          "the table's verdicts "
              + seen
              + " ("
              + services
              + " rows), expected "
              + expected
              + " and \""
              + closing
              + "\":\n"
              + output.lines().limit(20).reduce("", (a, b) -> a + b + "\n"));
    }
  }

  private static String report(
      StorageFleet fleet,
      Map<Status, Integer> expected,
      int series,
      long samples,
      Duration step,
      String machine,
      List<EndToEndBenchmark.Run> whole,
      Map<String, List<Double>> inProcess,
      int baselineQueries) {
    PlatformSpec spec = fleet.spec;
    int repeats = whole.size();
    double wall =
        EndToEndBenchmark.median(whole.stream().map(EndToEndBenchmark.Run::wall).toList());
    double cpu = EndToEndBenchmark.median(whole.stream().map(EndToEndBenchmark.Run::cpu).toList());
    long rss = whole.stream().mapToLong(EndToEndBenchmark.Run::rssKib).max().orElse(0);
    Map<String, Double> m = new LinkedHashMap<>();
    inProcess.forEach((k, v) -> m.put(k, EndToEndBenchmark.median(v)));
    double read = m.get("read");
    double baseline = m.get("baseline");
    double withBaseline = m.get("command") - read + baseline;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "clickplane storage propose: %d organisations x %d services = %,d services, %,d data"
                + " volumes; %,d series (data and log volumes) of one sample per %d s, %,d samples;"
                + " %s%n",
            spec.organisations().size(),
            spec.organisations().get(0).services().size(),
            spec.serviceCount(),
            fleet.dataVolumes(),
            series,
            step.toSeconds(),
            samples,
            machine));
    s.append("  verdicts (checked in every run):");
    expected.forEach((k, v) -> s.append(String.format(Locale.ROOT, " %s %d |", k.text(), v)));
    s.setLength(s.length() - 2);
    s.append('\n');
    s.append(
        String.format(
            Locale.ROOT,
            "  whole process (./clickplane storage propose --config FILE --prometheus URL), medians"
                + " of %d: wall %.2f s | CPU %.2f s | peak RSS %d MiB; all wall s: %s%n",
            repeats,
            wall,
            cpu,
            rss / 1024,
            whole.stream().map(r -> fmt(r.wall())).toList()));
    s.append(
        String.format(
            Locale.ROOT,
            "  in process (entry point, warm JIT), medians of %d: command %.3f s; its parts: load"
                + " %.3f | Prometheus read (2 queries) %.3f | Flux history %.3f | decision %.3f |"
                + " table %.3f s%n",
            inProcess.get("command").size(),
            m.get("command"),
            m.get("load"),
            read,
            m.get("history"),
            m.get("decision"),
            m.get("table")));
    s.append(
        String.format(
            Locale.ROOT,
            "  baseline (one query per data volume, %,d queries, in process, same Prometheus):"
                + " read %.3f s%n",
            baselineQueries,
            baseline));
    s.append(
        String.format(
            Locale.ROOT,
            "  product / baseline, Prometheus read: %.1f %% (%.0fx faster); the command with the"
                + " baseline's read would take %.2f s in process (product: %.0f %% of it)%n",
            100 * read / baseline,
            baseline / read,
            withBaseline,
            100 * m.get("command") / withBaseline));
    return s.toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** The 1-minute load average of the machine. */
  private static String load() throws Exception {
    Path loadavg = Path.of("/proc/loadavg");
    return Files.exists(loadavg) ? Files.readString(loadavg).split(" ")[0] : "?";
  }

  private static String prometheusVersion() throws Exception {
    Process p = new ProcessBuilder("prometheus", "--version").redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    String first = text.lines().findFirst().orElse("prometheus");
    return first.replaceAll("^prometheus, version ([^ ]+).*", "Prometheus $1");
  }
}
