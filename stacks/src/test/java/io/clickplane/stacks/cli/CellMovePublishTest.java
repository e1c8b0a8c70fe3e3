package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.stacks.cells.ThreeCells;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clickplane publish} of a stack in cells to a real Git server ({@code git daemon} on
 * 127.0.0.1): moving an organisation to another cell is refused with exit 2 and nothing pushed
 * unless {@code allow.cellMove}; a stack that starts listing cells keeps its organisations in the
 * first cell without refusal.
 */
class CellMovePublishTest {
  @TempDir Path project;
  @TempDir Path served;
  private Process daemon;
  private String url;
  private Path stack;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startServer() throws Exception {
    git(served, "init", "--bare", "-q", "flux.git");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    daemon =
        new ProcessBuilder(
                "git",
                "daemon",
                "--reuseaddr",
                "--export-all",
                "--enable=receive-pack",
                "--listen=127.0.0.1",
                "--port=" + port,
                "--base-path=" + served,
                served.toString())
            .redirectErrorStream(true)
            .redirectOutput(served.resolve("daemon.log").toFile())
            .start();
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        break;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    url = "git://127.0.0.1:" + port + "/flux.git";
    Files.createDirectories(project.resolve("stacks"));
    stack = project.resolve("stacks/Pulumi.dev.yaml");
  }

  @AfterEach
  void stopServer() throws Exception {
    daemon.destroy();
    if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
      daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private int publish() {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Clickplane.run(
        new String[] {"publish", "--config", stack.toString(), "--repo", url, "--direct"},
        new PrintWriter(out, true),
        new PrintWriter(err, true));
  }

  @Test
  void aMoveIsRefusedAndNothingIsPushedUntilTheOrganisationAllowsIt() throws Exception {
    String cells = ThreeCells.text();
    Files.writeString(stack, cells);
    assertThat(publish()).as(err.toString()).isZero();
    String published = git(served.resolve("flux.git"), "rev-parse", "main");

    Files.writeString(stack, cells.replace("cell: eu3", "cell: eu2"));
    assertThat(publish()).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            stack + ":",
            "organisation initech: moving the organisation from cell eu3 to cell eu2",
            "allow.cellMove: true",
            "nothing was published");
    assertThat(git(served.resolve("flux.git"), "rev-parse", "main")).isEqualTo(published);
    assertThat(git(served.resolve("flux.git"), "for-each-ref", "--format=%(refname)"))
        .isEqualTo("refs/heads/main");

    Files.writeString(
        stack, cells.replace("cell: eu3", "cell: eu2\n      allow: {cellMove: true}"));
    assertThat(publish()).as(err.toString()).isZero();
    String files = git(served.resolve("flux.git"), "show", "--stat", "--format=", "main");
    assertThat(files)
        .contains("infrastructure/dev/eu2/tenants/kustomization.yaml")
        .contains("infrastructure/dev/eu3/tenants/kustomization.yaml");

    // the organisations kept as published (reused by id) and the rendered ones make up the same
    // tree as a whole rendering of the stack file
    Path checkout = project.resolve("checkout");
    Files.createDirectories(checkout);
    Process tar =
        new ProcessBuilder(
                "sh",
                "-c",
                "git -C '"
                    + served.resolve("flux.git")
                    + "' archive main | tar -x -C '"
                    + checkout
                    + "'")
            .redirectErrorStream(true)
            .start();
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
    io.clickplane.core.manifest.ManifestSet whole =
        io.clickplane.stacks.render.Fleet.render(io.clickplane.core.config.StackConfig.load(stack));
    for (String path : whole.paths()) {
      assertThat(Files.readString(checkout.resolve(path))).as(path).isEqualTo(whole.text(path));
    }
    try (var extracted = Files.walk(checkout)) {
      assertThat(extracted.filter(Files::isRegularFile).count()).isEqualTo(whole.size());
    }
  }

  @Test
  void aStackThatStartsListingCellsKeepsItsOrganisationsInTheFirstCell() throws Exception {
    String dev = Files.readString(io.clickplane.core.testing.Repo.stackFile("dev"));
    Files.writeString(stack, dev);
    assertThat(publish()).as(err.toString()).isZero();

    // every organisation in the first cell: the home cell adopts the cluster, no move
    Files.writeString(
        stack,
        ThreeCells.withCells(dev)
            .replace("cell: eu2", "cell: eu1")
            .replace("cell: eu3", "cell: eu1"));
    assertThat(publish()).as(err.toString()).isZero();
    assertThat(git(served.resolve("flux.git"), "ls-tree", "-r", "--name-only", "main"))
        .contains("clusters/dev/eu1/tenants.yaml", "clusters/dev/kustomization.yaml")
        .doesNotContain("clusters/dev/tenants.yaml");

    // globex to another cell than the first: a move
    Files.writeString(stack, ThreeCells.withCells(dev).replace("cell: eu3", "cell: eu1"));
    assertThat(publish()).isEqualTo(2);
    assertThat(err.toString())
        .contains("organisation globex: moving the organisation from cell eu1 to cell eu2");
  }

  private static String git(Path dir, String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = dir.toString();
    System.arraycopy(args, 0, command, 3, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + text).isZero();
    return text;
  }
}
