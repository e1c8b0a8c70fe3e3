package io.clickplane.gitops.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code git daemon --enable=receive-pack} on 127.0.0.1 serving the bare repositories under a
 * folder.
 */
public final class GitDaemon implements AutoCloseable {
  private final Process process;
  private final int port;

  private GitDaemon(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static GitDaemon start(Path base) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                "git",
                "daemon",
                "--reuseaddr",
                "--export-all",
                "--enable=receive-pack",
                "--informative-errors",
                "--listen=127.0.0.1",
                "--port=" + port,
                "--base-path=" + base,
                base.toString())
            .redirectErrorStream(true)
            .redirectOutput(base.resolve("daemon.log").toFile())
            .start();
    GitDaemon daemon = new GitDaemon(p, port);
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return daemon;
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          break;
        }
        Thread.sleep(50);
      }
    }
    daemon.close();
    throw new IOException("git daemon did not start on 127.0.0.1:" + port);
  }

  /** {@code git://127.0.0.1:PORT/<name>}. */
  public String url(String name) {
    return "git://127.0.0.1:" + port + "/" + name;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
