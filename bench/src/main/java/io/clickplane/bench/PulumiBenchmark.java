package io.clickplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.StackConfig;
import io.clickplane.stacks.ClickplaneProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Pulumi program under Pulumi's mocks for a generated fleet: N organisations (default 1,000) of
 * one service each, cycling through the dev stack's services (its managed node groups' {@code max}
 * raised to 1,000, their instances to m6i.4xlarge and {@code desired} to what validation says their
 * pods need, so the fleet fits), first as one stack without cells, then in C cells (default 4,
 * organisation i in cell i mod C): the shared stack, then each cell's stack reading it through its
 * stack reference. For each stack: the resources it registers and the wall time of its program run
 * (binding and validating the configuration included), with the load average before and after. A
 * benchmark, not a test: nothing is asserted; the targets (at most 4,000 resources per
 * stack, a cell's run under 15 s) are printed beside the figures.
 *
 * <p>Run: {@code ./mvnw -q -B -o -pl bench -am verify -DskipTests -Dbench.skip=false
 * -Dbench.main=io.clickplane.bench.PulumiBenchmark -Dbench.jvm=-Xmx3g
 * [-Dbench.args="--organisations 1000 --cells 4"]}. Writes {@code bench-results/pulumi.txt}.
 */
public final class PulumiBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern NEEDS = Pattern.compile("needs ([0-9]+) nodes");

  private PulumiBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchOptions.parse(
            args,
            Map.of(
                "--organisations",
                "1000",
                "--cells",
                "4",
                "--out",
                "bench-results",
                "--one",
                "yes"));
    int organisations = Integer.parseInt(options.get("--organisations"));
    int cellCount = Integer.parseInt(options.get("--cells"));
    Map<String, String> base = values(Path.of("stacks/Pulumi.dev.yaml"));
    List<String> cells = new ArrayList<>();
    for (int c = 0; c < cellCount; c++) {
      cells.add("c" + c);
    }

    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "fleet: %,d organisations x 1 service (dev stack's services in turn); %d cells; %d cpus%n",
            organisations,
            cellCount,
            Runtime.getRuntime().availableProcessors()));
    // Warm-up: the JVM's first program run pays class loading and JIT.
    run(fleet(base, 20, List.of()), "dev", Map.of());

    if (options.get("--one").equals("yes")) {
      Map<String, String> one = fleet(base, organisations, List.of());
      report.append(line("one stack (no cells)", run(one, "dev", Map.of())));
    }
    Map<String, String> split = fleet(base, organisations, cells);
    // What every stack's run spends before its first resource: binding and validating the
    // environment's whole stack file (capacity model included).
    long bindStart = System.nanoTime();
    StackConfig.fromValues("bench", split);
    report.append(
        String.format(
            Locale.ROOT,
            "binding and validating the stack file (in every run): %.2f s (load %s)%n",
            (System.nanoTime() - bindStart) / 1e9,
            load()));
    Measured shared = run(split, "dev", Map.of());
    report.append(line("dev (shared)", shared));
    Map<String, Map<String, Object>> backend =
        Map.of(
            MockedStack.ORGANIZATION + "/" + MockedStack.PROJECT + "/dev", shared.stack.outputs());
    for (String cell : cells) {
      report.append(line("dev." + cell, run(split, "dev." + cell, backend)));
    }
    System.out.print(report);
    Path out = Path.of(options.get("--out"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("pulumi.txt"), report.toString());
  }

  private record Measured(MockedStack stack, double seconds, String loadBefore, String loadAfter) {}

  private static Measured run(
      Map<String, String> config, String stackName, Map<String, Map<String, Object>> backend)
      throws Exception {
    String before = load();
    long start = System.nanoTime();
    MockedStack stack =
        MockedStack.run(
            config, Set.of(), MockedStack.EU_WEST_1, ClickplaneProgram::run, stackName, backend);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Measured(stack, seconds, before, load());
  }

  private static String line(String stack, Measured m) {
    int resources = m.stack.all().size();
    return String.format(
        Locale.ROOT,
        "%-22s %,7d resources%s  %7.2f s  (load before %s, after %s)%n",
        stack,
        resources,
        resources <= 4000 ? "" : " (over 4,000)",
        m.seconds,
        m.loadBefore,
        m.loadAfter);
  }

  /** The 1-minute load average of the machine. */
  private static String load() throws Exception {
    Path loadavg = Path.of("/proc/loadavg");
    return Files.exists(loadavg) ? Files.readString(loadavg).split(" ")[0] : "?";
  }

  /**
   * The dev stack's values with {@code organisations} generated organisations ({@code org-0000},
   * ...), each with one service copied from the dev stack's services in turn, and, when {@code
   * cells} is not empty, those cells (VPCs 10.40.0.0/16, 10.41.0.0/16, ...) with organisation i in
   * cell i mod their count.
   */
  static Map<String, String> fleet(Map<String, String> base, int organisations, List<String> cells)
      throws Exception {
    List<JsonNode> templates = new ArrayList<>();
    for (JsonNode org : JSON.readTree(base.get("clickplane:organisations"))) {
      org.get("services").forEach(templates::add);
    }
    ArrayNode orgs = JSON.createArrayNode();
    for (int i = 0; i < organisations; i++) {
      ObjectNode org = orgs.addObject();
      org.put("name", String.format(Locale.ROOT, "org-%04d", i));
      if (!cells.isEmpty()) {
        org.put("cell", cells.get(i % cells.size()));
      }
      ObjectNode service = templates.get(i % templates.size()).deepCopy();
      service.put("name", "svc-0");
      service.remove("allow");
      org.putArray("services").add(service);
    }
    Map<String, String> out = new TreeMap<>(base);
    out.put("clickplane:organisations", JSON.writeValueAsString(orgs));
    if (!cells.isEmpty()) {
      ArrayNode list = JSON.createArrayNode();
      for (int c = 0; c < cells.size(); c++) {
        ObjectNode cell = list.addObject();
        cell.put("name", cells.get(c));
        if (c > 0) {
          cell.putObject("network").put("cidr", "10." + (40 + c) + ".0.0/16");
        }
      }
      out.put("clickplane:cells", JSON.writeValueAsString(list));
    }
    // Room for the fleet's platform pods: the dev stack's managed group is sized for three
    // organisations.
    ObjectNode eks = (ObjectNode) JSON.readTree(base.get("clickplane:eks"));
    eks.get("nodeGroups")
        .forEach(g -> ((ObjectNode) g).put("max", 1000).put("instanceType", "m6i.4xlarge"));
    out.put("clickplane:eks", JSON.writeValueAsString(eks));
    // ... and as many nodes to start with as validation says the managed group's pods need.
    for (int attempt = 0; ; attempt++) {
      try {
        StackConfig.fromValues("bench", out);
        return out;
      } catch (InvalidConfigException e) {
        boolean resized = false;
        for (ConfigProblem p : e.problems()) {
          Matcher m = NEEDS.matcher(p.message());
          if (p.path().endsWith(".desired") && m.find()) {
            int group = Integer.parseInt(p.path().replaceAll(".*nodeGroups\\[(\\d+)].*", "$1"));
            // Each node brings pods of its own: ask for a quarter more than said.
            int needs = Integer.parseInt(m.group(1));
            ((ObjectNode) eks.get("nodeGroups").get(group)).put("desired", needs + needs / 4 + 2);
            resized = true;
          }
        }
        if (!resized || attempt == 20) {
          throw e;
        }
        out.put("clickplane:eks", JSON.writeValueAsString(eks));
      }
    }
  }

  /** A stack file's values as Pulumi hands them to the program (structured ones as JSON). */
  static Map<String, String> values(Path stackFile) throws Exception {
    JsonNode config = YAML.readTree(stackFile.toFile()).get("config");
    Map<String, String> values = new TreeMap<>();
    var fields = config.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      JsonNode v = e.getValue();
      values.put(e.getKey(), v.isContainerNode() ? JSON.writeValueAsString(v) : v.asText());
    }
    return values;
  }
}
