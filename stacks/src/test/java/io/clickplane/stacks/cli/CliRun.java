package io.clickplane.stacks.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and keeps what it printed. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Clickplane.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** True when anything printed looks like a Java stack trace. */
  boolean hasStackTrace() {
    String all = out + err;
    return all.contains("\tat ") || all.contains("Exception:") || all.contains("Caused by:");
  }
}
