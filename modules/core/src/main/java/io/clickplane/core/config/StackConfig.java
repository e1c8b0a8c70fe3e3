package io.clickplane.core.config;

import io.clickplane.core.spec.PlatformSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Entry points of the configuration contract: a stack file, or the values of a running Pulumi
 * program.
 */
public final class StackConfig {
  private StackConfig() {}

  /**
   * Reads and validates a Pulumi stack file ({@code stacks/Pulumi.dev.yaml}).
   *
   * @throws InvalidConfigException with every problem, each naming the file as given, the line and
   *     the key path
   */
  public static PlatformSpec load(Path stackFile) throws InvalidConfigException {
    return SpecBinder.bind(ConfigDocument.parseYaml(stackFile.toString(), read(stackFile)));
  }

  /**
   * Reads and validates a stack file, leaving out the capacity checks: the spec of a fleet that may
   * not fit its node groups, for {@code clickplane plan} to show.
   */
  public static PlatformSpec loadWithoutCapacity(Path stackFile) throws InvalidConfigException {
    return SpecBinder.bind(ConfigDocument.parseYaml(stackFile.toString(), read(stackFile)), false);
  }

  private static String read(Path stackFile) throws InvalidConfigException {
    String source = stackFile.toString();
    String text;
    try {
      text = Files.readString(stackFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(
          List.of(new ConfigProblem(source, 0, "(file)", "no such file")));
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new InvalidConfigException(
          List.of(new ConfigProblem(source, 0, "(file)", "cannot read: " + e.getMessage())));
    }
    return text;
  }

  /**
   * Validates the text of a stack file without the capacity checks, as a published snapshot is read
   * back; {@code source} names it in messages.
   */
  public static PlatformSpec parseWithoutCapacity(String source, String text)
      throws InvalidConfigException {
    return SpecBinder.bind(ConfigDocument.parseYaml(source, text), false);
  }

  /** Validates the text of a stack file; {@code source} names it in messages. */
  public static PlatformSpec parse(String source, String text) throws InvalidConfigException {
    return SpecBinder.bind(ConfigDocument.parseYaml(source, text));
  }

  /**
   * Validates the configuration a Pulumi program sees: full key ({@code clickplane:eks}) → raw
   * value (JSON text for structured values). Pulumi has already decrypted secrets.
   */
  public static PlatformSpec fromValues(String source, Map<String, String> values)
      throws InvalidConfigException {
    return SpecBinder.bind(ConfigDocument.fromValues(source, values));
  }
}
