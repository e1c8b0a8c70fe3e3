package io.clickplane.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the repository root, its stack files and the shared CRD schemas from any module's tests.
 */
public final class Repo {
  private Repo() {}

  /** The repository root (the directory holding the parent pom.xml and stacks/). */
  public static Path root() {
    String prop = System.getProperty("clickplane.root");
    if (prop != null && Files.isDirectory(Path.of(prop, "stacks"))) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isDirectory(p.resolve("stacks")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException(
        "cannot find the repository root from " + Path.of("").toAbsolutePath());
  }

  /** {@code stacks/Pulumi.<stack>.yaml}. */
  public static Path stackFile(String stack) {
    return root().resolve("stacks").resolve("Pulumi." + stack + ".yaml");
  }

  /**
   * The shared folder beside the repository ({@code ../shared}), which holds the upstream CRD
   * schemas.
   */
  public static Path shared() {
    String prop = System.getProperty("clickplane.shared");
    Path p = prop != null ? Path.of(prop) : root().resolve("../shared");
    p = p.toAbsolutePath().normalize();
    if (!Files.isDirectory(p.resolve("crds"))) {
      throw new IllegalStateException("cannot find the shared CRD schemas at " + p + "/crds");
    }
    return p;
  }
}
