package io.clickplane.clickhouse;

import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The repository's stack files, loaded for tests. */
final class Stacks {
  private Stacks() {}

  static PlatformSpec load(String stack) {
    try {
      return StackConfig.load(Repo.stackFile(stack));
    } catch (InvalidConfigException e) {
      throw new IllegalStateException(stack + " stack is invalid: " + e.problems(), e);
    }
  }

  /** The text of a stack file, to derive variants from by replacing lines. */
  static String text(String stack) {
    try {
      return Files.readString(Repo.stackFile(stack));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PlatformSpec parse(String text) {
    try {
      return StackConfig.parse("test.yaml", text);
    } catch (InvalidConfigException e) {
      throw new IllegalStateException("variant is invalid: " + e.problems(), e);
    }
  }
}
