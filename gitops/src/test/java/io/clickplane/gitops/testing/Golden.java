package io.clickplane.gitops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Golden trees under {@code gitops/src/test/resources/golden/<name>/}. Regenerate after a reviewed
 * change with {@code -Dclickplane.updateGolden=true}; otherwise a mismatch fails with the differing
 * file.
 */
public final class Golden {
  private Golden() {}

  public static void assertMatches(String name, ManifestSet tree) throws IOException {
    Path dir = Repo.root().resolve("gitops/src/test/resources/golden").resolve(name);
    if (Boolean.getBoolean("clickplane.updateGolden")) {
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
        Path file = dir.resolve(e.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, e.getValue());
      }
      return;
    }
    Map<String, String> golden = GitCli.files(dir);
    assertThat(tree.paths())
        .as("files of golden tree " + dir)
        .containsExactlyElementsOf(golden.keySet());
    for (String path : tree.paths()) {
      assertThat(tree.text(path))
          .as(path + " (golden: " + dir.resolve(path) + ")")
          .isEqualTo(golden.get(path));
    }
  }
}
