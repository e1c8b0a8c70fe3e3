package io.clickplane.bench;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Resources;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.gitops.layout.FluxLayout;
import io.clickplane.gitops.publish.LocalFluxRepository;
import io.clickplane.gitops.publish.Publish;
import io.clickplane.gitops.publish.PublishResult;
import io.clickplane.stacks.render.Fleet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures, for a synthetic fleet of N organisations × M services (default 100 × 30 = 3,000):
 * rendering; the first publish into an empty bare repository; a publish after one service changed
 * (its CPU request, so its ClickHouseInstallation changes); the same kind of change published with
 * {@code --full} (no reuse); and, as the baseline in the same run, {@code git add -A && git commit}
 * of the same tree with the git command line. Prints medians, the ratios the issue sets targets
 * for, and the peak heap.
 *
 * <p>Every publish is measured as the command line runs it after rendering: the renderer's
 * fingerprint, reading the published snapshot and running the fleet's change guards, comparing,
 * writing objects, committing and moving the branch. Rendering (and loading the stack file) is
 * measured on its own and excluded from every publish figure alike.
 *
 * <p>Until the ClickHouse renderer is in {@code Fleet.render}, service directories are empty; the
 * harness then adds stand-in files (five per service, about 6 KB together) so the tree has a
 * realistic size. It says so in its output.
 */
public final class PublishBenchmark {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private PublishBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchOptions.parse(
            args,
            Map.of(
                "--organisations",
                "100",
                "--services",
                "30",
                "--repeats",
                "3",
                "--changes",
                "5",
                "--out",
                "bench-results"));
    int orgs = Integer.parseInt(options.get("--organisations"));
    int services = Integer.parseInt(options.get("--services"));
    int repeats = Integer.parseInt(options.get("--repeats"));
    int changes = Integer.parseInt(options.get("--changes"));
    Path out = Path.of(options.get("--out"));
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("clickplane-bench");
    try {
      run(work.resolve("warmup"), synthetic(10, 10), 1, changes, true); // JIT warm-up, not reported
      String report = run(work, synthetic(orgs, services), repeats, changes, false);
      System.out.print(report);
      Files.writeString(out.resolve("publish.txt"), report);
    } finally {
      delete(work);
    }
  }

  private static String run(Path work, PlatformSpec spec, int repeats, int changes, boolean quiet)
      throws Exception {
    Files.createDirectories(work);
    List<Double> render = new ArrayList<>();
    List<Double> first = new ArrayList<>();
    List<Double> change = new ArrayList<>();
    List<Double> changeFull = new ArrayList<>();
    List<Double> fingerprint = new ArrayList<>();
    List<Double> git = new ArrayList<>();
    int changedFiles = 0;
    long peak = 0;
    ManifestSet tree = null;
    boolean standIns = false;
    OrganisationSpec org = spec.organisations().get(0);
    PlatformSpec changed = withCpu(spec, org.name(), org.services().get(0).name(), "5");
    PlatformSpec changedAgain = withCpu(spec, org.name(), org.services().get(0).name(), "6");
    for (int r = 0; r < repeats; r++) {
      resetPeaks();
      long t0 = System.nanoTime();
      tree = Fleet.render(spec);
      standIns = !hasServiceFiles(spec, tree);
      if (standIns) {
        tree = withStandIns(spec, tree);
      }
      render.add(ms(t0));
      ManifestSet next = Fleet.render(changed);
      ManifestSet nextAgain = Fleet.render(changedAgain);
      if (standIns) {
        next = withStandIns(changed, next);
        nextAgain = withStandIns(changedAgain, nextAgain);
      }
      peak = Math.max(peak, heapPeak());

      Path repo = work.resolve("jgit-" + r + ".git");
      resetPeaks();
      ManifestSet firstTree = tree;
      first.add(time(() -> publish(repo, spec, firstTree, false)));
      peak = Math.max(peak, heapPeak());
      ManifestSet nextTree = next;
      ManifestSet againTree = nextAgain;
      // one-service changes, one after another: the service's CPU goes 5, 6, 5, 6, ...; each is
      // measured, then the same with --full
      int[] files = new int[1];
      boolean atFive = false;
      for (int c = 0; c < changes; c++) {
        PlatformSpec s = atFive ? changedAgain : changed;
        ManifestSet t = atFive ? againTree : nextTree;
        atFive = !atFive;
        resetPeaks();
        change.add(time(() -> files[0] = publish(repo, s, t, false)));
        changedFiles = files[0];
        peak = Math.max(peak, heapPeak());
      }
      for (int c = 0; c < changes; c++) {
        PlatformSpec s = atFive ? changedAgain : changed;
        ManifestSet t = atFive ? againTree : nextTree;
        atFive = !atFive;
        resetPeaks();
        changeFull.add(time(() -> publish(repo, s, t, true)));
        peak = Math.max(peak, heapPeak());
      }
      fingerprint.add(time(Fleet::fingerprint));

      Path tree2 = work.resolve("git-" + r);
      write(tree, tree2);
      cli(tree2, "git", "init", "-q");
      long g0 = System.nanoTime();
      cli(
          tree2,
          "sh",
          "-c",
          "git add -A && git -c user.name=bench -c user.email=bench@localhost commit -q -m bench");
      git.add(ms(g0));
    }
    if (quiet) {
      return "";
    }
    double mRender = median(render);
    double mFirst = median(first);
    double mChange = median(change);
    double mGit = median(git);
    double mFull = median(changeFull);
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "clickplane publish benchmark: %d organisations x %d services = %d services, %d files, %.1f MB%n",
            spec.organisations().size(),
            spec.organisations().get(0).services().size(),
            spec.serviceCount(),
            tree.size(),
            tree.files().values().stream().mapToLong(b -> b.length).sum() / 1e6));
    if (standIns) {
      s.append("  (service files are stand-ins: Fleet.render has no ClickHouse renderer yet)\n");
    }
    s.append(
        String.format(
            Locale.ROOT,
            "  medians of %d runs, %d one-service changes each (ms): render %.0f | first publish %.0f"
                + " | one-service publish %.1f | one-service publish --full %.0f"
                + " | git add -A && commit %.0f%n",
            repeats,
            changes,
            mRender,
            mFirst,
            mChange,
            mFull,
            mGit));
    s.append(
        String.format(
            Locale.ROOT,
            "  one-service change: %d files changed; renderer fingerprint (inside every publish)"
                + " %.1f ms%n",
            changedFiles,
            median(fingerprint)));
    s.append(
        String.format(
            Locale.ROOT,
            "  first publish / git CLI add+commit   = %.2f  (target <= 1.20)%n",
            mFirst / mGit));
    s.append(
        String.format(
            Locale.ROOT,
            "  one-service publish / first publish = %.1f%%  (target <= 3%%)%n",
            100 * mChange / mFirst));
    s.append(
        String.format(
            Locale.ROOT,
            "  one-service publish --full / first   = %.1f%%  (no reuse: every file hashed)%n",
            100 * mFull / mFirst));
    s.append(
        String.format(
            Locale.ROOT,
            "  peak heap used %.0f MiB (max heap %.0f MiB; target < 1024)%n",
            peak / 1048576.0,
            Runtime.getRuntime().maxMemory() / 1048576.0));
    s.append(
        String.format(
            Locale.ROOT,
            "  runs (ms): render %s first %s change %s full %s git %s%n",
            render,
            first,
            change,
            changeFull,
            git));
    return s.toString();
  }

  /** Publishes as {@code clickplane publish --direct [--full]} does; returns the changed files. */
  private static int publish(Path repo, PlatformSpec spec, ManifestSet tree, boolean full)
      throws Exception {
    try (LocalFluxRepository target = LocalFluxRepository.openOrCreateBare(repo, "main")) {
      PublishResult result =
          Publish.to(target)
              .rendered(spec, tree)
              .guard(Fleet.guards())
              .renderer(Fleet.fingerprint())
              .full(full)
              .mode(Publish.Mode.DIRECT)
              .clock(CLOCK)
              .call();
      if (result.status() != PublishResult.Status.PUBLISHED) {
        throw new IllegalStateException("expected a commit");
      }
      return result.summary().changes().size();
    }
  }

  static PlatformSpec synthetic(int organisations, int services) throws Exception {
    PlatformSpec dev = StackConfig.load(Path.of("stacks/Pulumi.dev.yaml"));
    ServiceSpec t = dev.organisations().get(0).services().get(0);
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (int o = 0; o < organisations; o++) {
      List<ServiceSpec> list = new ArrayList<>();
      for (int i = 0; i < services; i++) {
        list.add(t.withName(String.format("s%03d", i)));
      }
      orgs.add(new OrganisationSpec(String.format("o%04d", o), list));
    }
    PlatformSpec spec = withoutDedicatedNodes(dev.withOrganisations(orgs));
    // the benchmark's input must read back as the guards read the published snapshot (a fleet
    // this large needs more nodes than a group may have, which the capacity checks would refuse)
    StackConfig.parseWithoutCapacity(
        "synthetic", io.clickplane.core.config.CanonicalSpec.write(spec));
    return spec;
  }

  /**
   * The spec with no node group dedicated to ClickHouse: a dedicated group holds one ClickHouse pod
   * per node and at most 1,000 nodes, fewer than a fleet of 3,000 services needs, so such a stack
   * would not validate.
   */
  static PlatformSpec withoutDedicatedNodes(PlatformSpec spec) {
    List<io.clickplane.core.spec.NodeGroupSpec> groups = new ArrayList<>();
    io.clickplane.core.spec.NodeGroupSpec last = null;
    for (io.clickplane.core.spec.NodeGroupSpec g : spec.eks().nodeGroups()) {
      last =
          new io.clickplane.core.spec.NodeGroupSpec(
              g.name(), g.instanceType(), g.min(), g.max(), g.desired(), g.diskSize(), false);
      groups.add(last);
    }
    // Enough nodes for the command line's capacity check: one ClickHouse pod per node, a group
    // holds at most 1,000 nodes, and pods that do not fit a group go to the next one; the
    // coordinators' pods need room too (twice the ClickHouse pods, rounded up, is ample).
    int pods =
        spec.organisations().stream()
            .flatMap(o -> o.services().stream())
            .mapToInt(s -> s.shards() * s.replicas())
            .sum();
    int extra = (2 * pods + 999) / 1000;
    for (int i = 1; i <= extra; i++) {
      groups.add(
          new io.clickplane.core.spec.NodeGroupSpec(
              "ch" + i, last.instanceType(), 0, 1000, 0, last.diskSize(), false));
    }
    return spec.withEks(spec.eks().withNodeGroups(groups));
  }

  /** The spec with one service's CPU request set to {@code cpu}. */
  private static PlatformSpec withCpu(PlatformSpec spec, String org, String service, String cpu) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec o : spec.organisations()) {
      List<ServiceSpec> list = new ArrayList<>();
      for (ServiceSpec s : o.services()) {
        list.add(
            o.name().equals(org) && s.name().equals(service)
                ? new ServiceSpec(
                    s.name(),
                    s.mode(),
                    s.shards(),
                    s.replicas(),
                    s.version(),
                    new Resources(cpu, s.resources().memory()),
                    s.storage(),
                    s.backup(),
                    s.deletionProtection(),
                    s.coordinator(),
                    s.allow())
                : s);
      }
      orgs.add(o.withServices(list));
    }
    return spec.withOrganisations(orgs);
  }

  private static boolean hasServiceFiles(PlatformSpec spec, ManifestSet tree) {
    OrganisationSpec o = spec.organisations().get(0);
    return !tree.under(FluxPaths.service(spec.environment(), o.name(), o.services().get(0).name()))
        .files()
        .isEmpty();
  }

  /**
   * Five stand-in objects per service, derived from the service spec, then kustomizations
   * regenerated.
   */
  private static ManifestSet withStandIns(PlatformSpec spec, ManifestSet rendered) {
    ManifestSet.Builder b = ManifestSet.builder();
    rendered
        .files()
        .forEach(
            (p, bytes) -> {
              if (!p.endsWith("/kustomization.yaml")) {
                b.add(p, bytes);
              }
            });
    for (OrganisationSpec o : spec.organisations()) {
      for (ServiceSpec s : o.services()) {
        String dir = FluxPaths.service(spec.environment(), o.name(), s.name()) + "/";
        for (String kind :
            List.of(
                "clickhouseinstallation",
                "zookeeper-statefulset",
                "zookeeper-services",
                "virtualservice",
                "backup-cronjob")) {
          Map<String, Object> object = new TreeMap<>();
          object.put("apiVersion", "v1");
          object.put("kind", "ConfigMap");
          object.put(
              "metadata",
              Map.of(
                  "name",
                  s.name() + "-" + kind,
                  "namespace",
                  Naming.namespace(o.name()),
                  "labels",
                  Map.of(Naming.LABEL_ORGANISATION, o.name(), Naming.LABEL_SERVICE, s.name())));
          Map<String, String> data = new TreeMap<>();
          for (int i = 0; i < 24; i++) {
            data.put(
                "setting_" + i,
                kind
                    + " "
                    + s.name()
                    + " "
                    + s.version()
                    + " "
                    + s.storage().size()
                    + " "
                    + s.backup().schedule()
                    + " keep "
                    + s.backup().retention()
                    + " cpu "
                    + s.resources().cpu()
                    + " #"
                    + i);
          }
          object.put("data", data);
          b.add(dir + kind + ".yaml", Yaml.write(object));
        }
      }
    }
    return FluxLayout.complete(spec, b.build());
  }

  private static void write(ManifestSet tree, Path dir) throws IOException {
    for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue());
    }
  }

  private static void cli(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(Arrays.toString(command) + " failed");
    }
  }

  private static double time(ThrowingRunnable work) throws Exception {
    long t0 = System.nanoTime();
    work.run();
    return ms(t0);
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static double ms(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
