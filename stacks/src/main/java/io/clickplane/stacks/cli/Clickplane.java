package io.clickplane.stacks.cli;

import io.clickplane.core.config.GitUrls;
import io.clickplane.core.net.NetworkTimeouts;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code clickplane} command line. Exit codes: 0 done, 1 failure at run time, 2 invalid input.
 * A mistake in the user's input is reported as a message, never as a stack trace.
 */
@Command(
    name = "clickplane",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Managed ClickHouse platform as code: validate stack files, plan their capacity, render the"
            + " Flux tree, publish it, estimate and invoice its cost, sync the identity realm, keep the"
            + " backup catalogue, grow disks from measured usage, roll release lines out in"
            + " maintenance windows.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      DiffCommand.class,
      PublishCommand.class,
      RenderCommand.class,
      CostCommand.class,
      InvoiceCommand.class,
      BackupsCommand.class,
      IdentityCommand.class,
      StorageCommand.class,
      UpgradeCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:failure at run time",
      "2:invalid input (stack file, options or a refused change)"
    })
public final class Clickplane implements Runnable {
  /** Success. */
  public static final int OK = 0;

  /** Something failed while running (I/O, a remote that refused, a bug). */
  public static final int FAILURE = 1;

  /** The input is invalid: configuration, options, or a change the guards refuse. */
  public static final int INVALID = 2;

  /** How long every network call may wait (tests shorten it). */
  static NetworkTimeouts timeouts = NetworkTimeouts.DEFAULT;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line with the given streams and returns the exit code. Both streams are
   * flushed before it returns, whatever the command printed and however (an auto-flushing writer
   * flushes on {@code println} only, and {@code main} exits right after): output written to a file
   * or a pipe is whole. Output that could not be written at all (a closed pipe, a full disk) turns
   * a success into {@link #FAILURE}.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    int code;
    try {
      code = cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
    if (code == OK && out.checkError()) {
      err.println("clickplane: failed: the output could not be written in full");
      err.flush();
      return FAILURE;
    }
    return code;
  }

  /**
   * The configured command line: usage errors exit 2, unexpected exceptions exit 1 with one line.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Clickplane());
    cli.setExitCodeExceptionMapper(
        e -> e instanceof CommandLine.ParameterException ? INVALID : FAILURE);
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("clickplane: " + GitUrls.redact(ex.getMessage()));
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return INVALID;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("clickplane: failed: " + GitUrls.redact(describe(ex)));
          if (System.getenv("CLICKPLANE_DEBUG") != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(GitUrls.redact(trace.toString()));
          } else {
            err.println("(set CLICKPLANE_DEBUG=1 for details)");
          }
          return FAILURE;
        });
    return cli;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
