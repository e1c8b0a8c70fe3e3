package io.clickplane.bench;

import io.clickplane.core.capacity.CapacityModel;
import io.clickplane.core.capacity.CapacityPlan;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Measures validation (binding and the capacity model's packing) of a synthetic stack file with
 * many pods: sharded services of 64 shards × 5 replicas (320 ClickHouse pods and 3 coordinator pods
 * each; 125 services: 40,375 pods), in two variants: a dedicated group of at most 1,000 nodes and
 * one of at most 10. Both are refused (a dedicated node holds one ClickHouse pod), the second by
 * far; the figure is how long validation takes to say so: the best wall time of the runs after the
 * first, in this JVM. Before the first-fit index the packing grew with the square of the pods
 * (38,400 pods: 66-80 s).
 *
 * <p>Run: {@code ./mvnw -q -B -o -pl bench -am verify -DskipTests -Dbench.skip=false
 * -Dbench.main=io.clickplane.bench.ValidateBenchmark [-Dbench.args="--services 125 --repeats 3"]}.
 * Writes {@code bench-results/validate.txt}.
 */
public final class ValidateBenchmark {
  private ValidateBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchOptions.parse(
            args, Map.of("--services", "125", "--repeats", "3", "--out", "bench-results"));
    int services = Integer.parseInt(options.get("--services"));
    int repeats = Integer.parseInt(options.get("--repeats"));
    StringBuilder report = new StringBuilder();
    for (boolean fits : new boolean[] {true, false}) {
      String text = stack(services, fits);
      int pods = services * (64 * 5 + 3);
      double best = Double.MAX_VALUE;
      String outcome = "";
      for (int r = 0; r <= repeats; r++) {
        long start = System.nanoTime();
        outcome = validate(text);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (r > 0) {
          best = Math.min(best, seconds);
        }
      }
      report.append(
          String.format(
              Locale.ROOT,
              "%-9s %,d pods (%,d bytes of stack file): %.2f s, %s%n",
              fits ? "max 1000" : "max 10",
              pods,
              text.getBytes(StandardCharsets.UTF_8).length,
              best,
              outcome));
    }
    System.out.print(report);
    Path out = Path.of(options.get("--out"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("validate.txt"), report.toString());
  }

  private static String validate(String text) {
    try {
      PlatformSpec spec = StackConfig.parse("bench.yaml", text);
      CapacityPlan plan = CapacityModel.plan(spec);
      return "valid, " + plan.problems().size() + " capacity problems";
    } catch (InvalidConfigException e) {
      return "refused with " + e.problems().size() + " problems";
    }
  }

  /** {@code services} sharded services spread over organisations of five. */
  static String stack(int services, boolean fits) {
    StringBuilder s =
        new StringBuilder(
            String.join(
                "\n",
                "config:",
                "  aws:region: eu-west-1",
                "  clickplane:environment: bench",
                "  clickplane:domain: ch.bench.example.com",
                "  clickplane:network: {availabilityZones: 5}",
                "  clickplane:eks:",
                "    nodeGroups:",
                "      - {name: system, instanceType: m6i.4xlarge, min: 2, max: 1000}",
                "      - {name: clickhouse, instanceType: m6i.8xlarge, min: 3, max: "
                    + (fits ? 1000 : 10)
                    + ", dedicated: true}",
                "  clickplane:organisations:",
                ""));
    for (int i = 0; i < services; i++) {
      if (i % 5 == 0) {
        s.append("    - name: org").append(i / 5).append("\n      services:\n");
      }
      s.append("        - {name: s")
          .append(i % 5)
          .append(", mode: sharded, shards: 64, replicas: 5,")
          .append(" resources: {cpu: 250m, memory: 1Gi}, storage: {size: 10Gi}}\n");
    }
    return s.toString();
  }
}
