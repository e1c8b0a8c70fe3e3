package io.clickplane.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: checked-in expected output under the module's {@code src/test/resources/golden/}.
 * Regenerate them with {@code ./mvnw test -Dclickplane.updateGolden=true} and review the diff like
 * code.
 */
public final class Golden {
  /** The system property that rewrites golden files instead of comparing. */
  public static final String UPDATE = "clickplane.updateGolden";

  private Golden() {}

  /** Asserts {@code actual} equals the golden file {@code name} (relative to the golden folder). */
  public static void assertMatches(String name, String actual) {
    Path file = Path.of("src/test/resources/golden").resolve(name);
    try {
      if (Boolean.getBoolean(UPDATE)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertThat(file)
          .as("golden file %s is missing; run with -D%s=true to create it", file, UPDATE)
          .exists();
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      assertThat(actual)
          .as(
              "output differs from golden file %s (run with -D%s=true to accept the new output)",
              file, UPDATE)
          .isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
