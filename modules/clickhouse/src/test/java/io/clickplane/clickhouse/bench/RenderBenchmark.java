package io.clickplane.clickhouse.bench;

import io.clickplane.clickhouse.ClickHouseRenderer;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.core.testing.SyntheticFleet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Benchmark harness, not a test: renders a synthetic fleet of 1,000 services in this JVM (after
 * warm-up) and builds the rendered tenants tree with {@code kubectl kustomize} in the same run, as
 * Flux builds it (one build per organisation directory), then prints both times, their ratio and
 * the peak heap used by rendering. {@code -Dbench.wholeTree=true} also times one build of the whole
 * tree, for comparison.
 *
 * <p>Run it with {@code ./mvnw -q -B -o -pl modules/clickhouse -am test -Pbench -DskipTests} (the
 * {@code bench} profile starts this class with {@code -Xmx512m}); see docs/clickhouse.md. The
 * {@code kustomization.yaml} files kustomize needs are generated in the run's temporary folder
 * only.
 */
public final class RenderBenchmark {
  private static final int SERVICES = 1000;
  private static final int SERVICES_PER_ORGANISATION = 10;
  private static final int WARM_UP = 40;
  private static final int MEASURED = 21;

  private RenderBenchmark() {}

  public static void main(String[] args) throws Exception {
    PlatformSpec fleet =
        SyntheticFleet.of(
            StackConfig.load(Repo.stackFile("dev")), SERVICES, SERVICES_PER_ORGANISATION);
    System.out.printf(
        "fleet: %d organisations, %d services%n",
        fleet.organisations().size(), fleet.serviceCount());

    for (int i = 0; i < WARM_UP; i++) {
      ClickHouseRenderer.render(fleet);
    }
    System.gc();
    resetPeaks();
    long[] nanos = new long[MEASURED];
    ManifestSet tree = null;
    for (int i = 0; i < MEASURED; i++) {
      long start = System.nanoTime();
      tree = ClickHouseRenderer.render(fleet);
      nanos[i] = System.nanoTime() - start;
    }
    long peakHeap = peakHeapBytes();
    Arrays.sort(nanos);
    double renderMs = nanos[MEASURED / 2] / 1e6;
    long bytes = tree.files().values().stream().mapToLong(b -> b.length).sum();
    System.out.printf(
        "render: median %.1f ms, best %.1f ms over %d runs; %d files, %.1f MiB%n",
        renderMs, nanos[0] / 1e6, MEASURED, tree.size(), bytes / 1048576.0);

    Path work = Files.createTempDirectory("clickplane-bench");
    try {
      String tenants = "tenants/" + fleet.environment();
      writeWithKustomizations(tree.under(tenants), work);
      // As Flux builds it: one Kustomization per organisation (each impersonating the
      // organisation), so one kustomize build per organisation directory.
      List<Path> organisations;
      try (Stream<Path> dirs = Files.list(work.resolve(tenants))) {
        organisations = dirs.filter(Files::isDirectory).sorted().toList();
      }
      double emptyMs = kustomize(emptyKustomization(work));
      double kustomizeMs = 0;
      for (Path organisation : organisations) {
        kustomizeMs += kustomize(organisation);
      }
      System.out.printf(
          "kubectl kustomize, one build per organisation as Flux builds %s: %d builds, %.0f ms"
              + " (of which ~%.0f ms is starting kubectl: %.0f ms for an empty kustomization)%n",
          tenants, organisations.size(), kustomizeMs, emptyMs * organisations.size(), emptyMs);
      System.out.printf(
          "ratio render / kustomize: %.2f %% (target <= 1 %%)%n", 100 * renderMs / kustomizeMs);
      System.out.printf(
          "peak heap used while rendering: %.0f MiB (target < 512 MiB; max heap %d MiB)%n",
          peakHeap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576);
      if (Boolean.getBoolean("bench.wholeTree")) {
        // For comparison: the whole tenants tree in one build (not what Flux does). kustomize's
        // time grows much faster than linearly with the resources of one build.
        double wholeMs = kustomize(work.resolve(tenants));
        System.out.printf(
            "kubectl kustomize %s as one build (%d resources): %.0f ms; ratio %.3f %%%n",
            tenants, tree.under(tenants).size(), wholeMs, 100 * renderMs / wholeMs);
      }
    } finally {
      deleteTree(work);
    }
  }

  private static Path emptyKustomization(Path work) throws IOException {
    Path dir = Files.createDirectories(work.resolve("empty"));
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n");
    return dir;
  }

  /**
   * The tree, plus a minimal kustomization.yaml in every directory listing its files and
   * subfolders.
   */
  static void writeWithKustomizations(ManifestSet tree, Path root) throws IOException {
    Map<Path, List<String>> entries = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
      Path file = root.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
      Path dir = file.getParent();
      entries.computeIfAbsent(dir, d -> new ArrayList<>()).add(file.getFileName().toString());
      while (!dir.getParent().equals(root) && dir.getParent().startsWith(root)) {
        Path parent = dir.getParent();
        List<String> list = entries.computeIfAbsent(parent, d -> new ArrayList<>());
        String child = dir.getFileName().toString();
        if (!list.contains(child)) {
          list.add(child);
        }
        dir = parent;
      }
    }
    for (Map.Entry<Path, List<String>> e : entries.entrySet()) {
      StringBuilder k =
          new StringBuilder(
              "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
      e.getValue().stream().sorted().forEach(r -> k.append("  - ").append(r).append('\n'));
      Files.writeString(e.getKey().resolve("kustomization.yaml"), k.toString());
    }
  }

  private static double kustomize(Path dir) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new IllegalStateException("kubectl kustomize did not finish within 10 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("kubectl kustomize failed with exit code " + p.exitValue());
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peak usage since the last reset (an upper bound of the peak heap). */
  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
