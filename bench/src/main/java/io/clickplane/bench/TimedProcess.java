package io.clickplane.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A whole process measured by {@code /usr/bin/time}: wall and CPU seconds and peak resident memory,
 * with its exit code and output (standard output and error together).
 */
final class TimedProcess {
  private TimedProcess() {}

  /**
   * The checkout's {@code ./clickplane} launcher, once it and {@code /usr/bin/time} are there to
   * run whole processes.
   */
  static Path launcher() {
    Path launcher = Path.of("clickplane").toAbsolutePath();
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException("run from the checkout: no executable ./clickplane");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
      throw new IllegalStateException("needs /usr/bin/time (Debian package time)");
    }
    return launcher;
  }

  /** The measured run, its exit code and its output. */
  record Result(EndToEndBenchmark.Run run, int exitCode, String output) {}

  /** Runs {@code launcher args} in {@code dir} under /usr/bin/time (at most ten minutes). */
  static Result run(Path launcher, Path dir, List<String> args) throws Exception {
    Path times = Files.createTempFile("time", ".txt");
    try {
      List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString()));
      command.add("-f");
      command.add("%e %U %S %M");
      command.add(launcher.toString());
      command.addAll(args);
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", args) + " ran past ten minutes");
      }
      String[] t = Files.readString(times).trim().split("\\s+");
      EndToEndBenchmark.Run run =
          new EndToEndBenchmark.Run(
              Double.parseDouble(t[t.length - 4]),
              Double.parseDouble(t[t.length - 3]) + Double.parseDouble(t[t.length - 2]),
              Long.parseLong(t[t.length - 1]));
      return new Result(run, p.exitValue(), output);
    } finally {
      Files.deleteIfExists(times);
    }
  }
}
