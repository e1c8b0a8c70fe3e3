package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.core.testing.Repo;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's output is whole whatever it is written to: a file, a pipe, a writer that is not a
 * console. Measured on a fleet of 1,000 services, whose JSON and CSV reports are many times larger
 * than any writer's buffer.
 */
class WholeOutputTest {
  static final int ORGANISATIONS = 100;
  static final int SERVICES_PER_ORGANISATION = 10;
  static final int SERVICES = ORGANISATIONS * SERVICES_PER_ORGANISATION;

  @TempDir static Path project;
  static Path stack;

  @BeforeAll
  static void writeFleet() throws Exception {
    Files.createDirectories(project.resolve("stacks"));
    stack = project.resolve("stacks/Pulumi.dev.yaml");
    Files.writeString(stack, fleet(Files.readString(Repo.stackFile("dev"))));
  }

  @AfterEach
  void resetClock() {
    InvoiceCommand.clock = Clock.systemUTC();
  }

  /** The dev stack with its organisations replaced by 100 organisations of 10 single services. */
  static String fleet(String dev) {
    String head = dev.substring(0, dev.indexOf("  clickplane:organisations:"));
    head =
        head.replace("        max: 30\n", "        max: 1000\n")
            .replace("        max: 6\n", "        max: 1000\n");
    StringBuilder yaml = new StringBuilder(head).append("  clickplane:organisations:\n");
    for (int o = 0; o < ORGANISATIONS; o++) {
      yaml.append(String.format("    - name: org%03d%n      services:%n", o));
      for (int s = 0; s < SERVICES_PER_ORGANISATION; s++) {
        yaml.append(String.format("        - name: svc%02d%n", s))
            .append("          mode: single\n")
            .append("          resources:\n")
            .append("            cpu: \"1\"\n")
            .append("            memory: 4Gi\n")
            .append("          storage:\n")
            .append("            class: gp3\n")
            .append("            size: 20Gi\n");
      }
    }
    return yaml.toString();
  }

  /**
   * Runs the command line in-process with writers that never flush on their own (neither is a
   * console) and returns what reached the underlying stream, unflushed by the test.
   */
  private static String[] runUnflushed(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Clickplane.run(
            args,
            new PrintWriter(out, false, StandardCharsets.UTF_8),
            new PrintWriter(err, false, StandardCharsets.UTF_8));
    return new String[] {
      Integer.toString(code),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }

  /** Runs the real {@code clickplane} process with its standard output redirected to a file. */
  private static String[] runProcess(Path outFile, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Clickplane.class.getName());
    command.addAll(List.of(args));
    Path errFile = outFile.resolveSibling(outFile.getFileName() + ".err");
    Process p =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectOutput(outFile.toFile())
            .redirectError(errFile.toFile())
            .start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new String[] {
      Integer.toString(p.exitValue()), Files.readString(outFile), Files.readString(errFile)
    };
  }

  private static void assertJsonHasEveryService(String json) throws Exception {
    JsonNode tree = new ObjectMapper().readTree(json);
    List<String> services = new ArrayList<>();
    tree.findValues("service").forEach(n -> services.add(n.asText()));
    assertThat(json.length()).isGreaterThan(8192);
    assertThat(tree.toString()).contains("org099", "svc09");
    assertThat(services).as("service entries").hasSizeGreaterThanOrEqualTo(SERVICES);
  }

  private static void assertCsvHasEveryService(String csv) {
    List<String> lines = csv.lines().toList();
    assertThat(lines).isNotEmpty();
    assertThat(lines.get(0)).as("header").contains("organisation").contains("service");
    long rows = lines.stream().skip(1).filter(l -> l.contains("svc")).count();
    assertThat(rows).as("rows naming a service").isGreaterThanOrEqualTo(SERVICES);
    for (int o = 0; o < ORGANISATIONS; o++) {
      String org = String.format("org%03d", o);
      for (int s = 0; s < SERVICES_PER_ORGANISATION; s++) {
        String service = String.format("svc%02d", s);
        assertThat(lines)
            .as(org + "/" + service)
            .anyMatch(l -> l.contains(org) && l.contains(service));
      }
    }
  }

  @Test
  void costAsJsonRedirectedToAFileIsValidJsonWithEveryService() throws Exception {
    String[] run =
        runProcess(
            project.resolve("f.json"), "cost", "--config", stack.toString(), "--output", "json");
    assertThat(run[0]).as(run[2]).isEqualTo("0");
    assertJsonHasEveryService(run[1]);
  }

  @Test
  void costAsCsvRedirectedToAFileHasAHeaderAndARowPerService() throws Exception {
    String[] run =
        runProcess(
            project.resolve("f.csv"), "cost", "--config", stack.toString(), "--output", "csv");
    assertThat(run[0]).as(run[2]).isEqualTo("0");
    assertCsvHasEveryService(run[1]);
  }

  @Test
  void costToAWriterThatIsNotAConsoleIsWhole() throws Exception {
    String[] json = runUnflushed("cost", "--config", stack.toString(), "--output", "json");
    assertThat(json[0]).as(json[2]).isEqualTo("0");
    assertJsonHasEveryService(json[1]);
    String[] csv = runUnflushed("cost", "--config", stack.toString(), "--output", "csv");
    assertThat(csv[0]).as(csv[2]).isEqualTo("0");
    assertCsvHasEveryService(csv[1]);
  }

  @Test
  void invoiceToAWriterThatIsNotAConsoleIsWhole() throws Exception {
    String[] publish = runUnflushed("publish", "--config", stack.toString(), "--direct");
    assertThat(publish[0]).as(publish[2]).isEqualTo("0");
    assertThat(publish[1]).contains("dev");
    // the fleet was published before the invoiced month began
    InvoiceCommand.clock =
        Clock.fixed(Instant.now().atZone(ZoneOffset.UTC).plusMonths(2).toInstant(), ZoneOffset.UTC);
    String month = java.time.YearMonth.now(ZoneOffset.UTC).plusMonths(1).toString();
    String[] json =
        runUnflushed(
            "invoice",
            "--config",
            stack.toString(),
            "--month",
            month,
            "--backups",
            "estimate",
            "--output",
            "json");
    assertThat(json[0]).as(json[2]).isEqualTo("0");
    assertJsonHasEveryService(json[1]);
    String[] csv =
        runUnflushed(
            "invoice",
            "--config",
            stack.toString(),
            "--month",
            month,
            "--backups",
            "estimate",
            "--output",
            "csv");
    assertThat(csv[0]).as(csv[2]).isEqualTo("0");
    assertCsvHasEveryService(csv[1]);
  }

  @Test
  void everyOtherCommandFlushesToo() {
    String[] validate = runUnflushed("validate", "--config", stack.toString());
    assertThat(validate[0]).as(validate[2]).isEqualTo("0");
    assertThat(validate[1]).contains("valid (environment dev, 100 organisations, 1000 services)");
    String[] plan = runUnflushed("plan", "--config", stack.toString(), "--output", "json");
    assertThat(plan[0]).as(plan[2]).isEqualTo("0");
    assertThat(plan[1].strip()).endsWith("}");
    String[] help = runUnflushed("--help");
    assertThat(help[1]).contains("Exit codes:");
    String[] usage = runUnflushed("cost");
    assertThat(usage[0]).isEqualTo("2");
    assertThat(usage[2]).contains("--config");
  }
}
