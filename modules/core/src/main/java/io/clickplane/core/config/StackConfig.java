package io.clickplane.core.config;

import io.clickplane.core.spec.PlatformSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
      text = readBounded(stackFile, source);
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

  /**
   * The file's text, refused before reading past {@link ConfigDocument#MAX_FILE_BYTES}: by its size
   * when the file system knows it, else (a pipe, a device) after reading one byte more.
   */
  private static String readBounded(Path file, String source)
      throws IOException, InvalidConfigException {
    long size = Files.size(file);
    if (size > ConfigDocument.MAX_FILE_BYTES) {
      throw new InvalidConfigException(
          List.of(ConfigDocument.tooLargeFile(source, size + " bytes")));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(ConfigDocument.MAX_FILE_BYTES + 1);
    }
    if (bytes.length > ConfigDocument.MAX_FILE_BYTES) {
      throw new InvalidConfigException(
          List.of(ConfigDocument.tooLargeFile(source, "more than " + bytes.length + " bytes")));
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidConfigException(
          List.of(new ConfigProblem(source, 0, "(file)", "is not UTF-8 text")));
    }
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
