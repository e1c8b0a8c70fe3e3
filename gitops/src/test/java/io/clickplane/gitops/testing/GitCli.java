package io.clickplane.gitops.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The {@code git} command line, for checking what a publish wrote. */
public final class GitCli {
  private GitCli() {}

  /**
   * Runs {@code git args} in {@code dir}; returns stdout; fails on a non-zero exit or after 60 s.
   */
  public static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      pb.environment().put("GIT_TERMINAL_PROMPT", "0");
      pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
      pb.environment().put("HOME", dir.toString());
      Path err = Files.createTempFile("git", ".err");
      pb.redirectError(err.toFile());
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("git " + args[0] + " timed out");
      }
      String stderr = Files.readString(err);
      Files.delete(err);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + stderr);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Clones {@code branch} of {@code url} with the git command line and returns the files (path →
   * text).
   */
  public static Map<String, String> cloneFiles(String url, String branch, Path into) {
    git(into.getParent(), "clone", "--quiet", "--branch", branch, url, into.toString());
    return files(into);
  }

  /** The files of a work tree, excluding {@code .git}: path → text. */
  public static Map<String, String> files(Path workTree) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(workTree)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = workTree.relativize(p).toString().replace('\\', '/');
        if (Files.isRegularFile(p) && !rel.startsWith(".git/")) {
          out.put(rel, Files.readString(p));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
