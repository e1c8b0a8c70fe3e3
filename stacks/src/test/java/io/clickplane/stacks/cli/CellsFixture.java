package io.clickplane.stacks.cli;

import java.nio.file.Path;

/**
 * The three-cell fixture: the dev environment with cells a (acme, hooli), b (globex) and c
 * (initech, on Kubernetes 1.32).
 */
final class CellsFixture {
  static final Path STACK = Path.of("src/test/resources/cells/Pulumi.dev.yaml").toAbsolutePath();

  private CellsFixture() {}
}
