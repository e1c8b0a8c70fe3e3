package io.clickplane.stacks.cells;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.nio.file.Files;

/**
 * The dev stack in three cells: {@code eu1} (the home cell, the environment's network and cluster:
 * acme), {@code eu2} (its own VPC range: globex) and {@code eu3} (its own range and a newer
 * Kubernetes: initech).
 */
public final class ThreeCells {
  public static final String CELLS =
      String.join(
          "\n",
          "  clickplane:cells:",
          "    - name: eu1",
          "    - name: eu2",
          "      network: {cidr: 10.41.0.0/16}",
          "    - name: eu3",
          "      network: {cidr: 10.42.0.0/16}",
          "      eks: {version: \"1.32\"}",
          "");

  private ThreeCells() {}

  /** The dev stack file's text with {@link #CELLS} and each organisation's cell. */
  public static String text() {
    try {
      return withCells(Files.readString(Repo.stackFile("dev")));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code devText} (the dev stack file's text) with the cells and each organisation's cell. */
  public static String withCells(String devText) {
    return devText
        .replace("  clickplane:organisations:\n", CELLS + "  clickplane:organisations:\n")
        .replace("    - name: acme\n", "    - name: acme\n      cell: eu1\n")
        .replace("    - name: globex\n", "    - name: globex\n      cell: eu2\n")
        .replace("    - name: initech\n", "    - name: initech\n      cell: eu3\n");
  }

  public static PlatformSpec spec() {
    try {
      return StackConfig.parse("Pulumi.cells.yaml", text());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
