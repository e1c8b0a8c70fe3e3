package io.clickplane.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.testing.Golden;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The dev stack's monitoring files, byte for byte, under {@code src/test/resources/golden/dev/}:
 * the stack, the cluster-wide configs, and the monitors of a ZooKeeper service ({@code
 * acme/events}) and a Keeper service ({@code initech/reports}); {@code paths.txt} lists every file
 * rendered. Regenerate with {@code -Dclickplane.updateGolden=true} and review the diff.
 */
class GoldenFilesTest {
  @Test
  void matchesGoldenFiles() {
    ManifestSet tree = Rendered.tree("dev");
    Golden.assertMatches("dev/paths.txt", String.join("\n", tree.paths()) + "\n");
    int compared = 0;
    for (String path : tree.paths()) {
      if (path.startsWith("infrastructure/")
          || path.startsWith("tenants/dev/acme/events/")
          || path.startsWith("tenants/dev/initech/reports/")) {
        Golden.assertMatches("dev/" + path, new String(tree.bytes(path), StandardCharsets.UTF_8));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(3 + 7 + 2 + 2);
  }
}
