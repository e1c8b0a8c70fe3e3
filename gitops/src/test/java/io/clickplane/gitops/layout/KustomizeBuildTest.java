package io.clickplane.gitops.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.gitops.testing.Fleets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl kustomize} (kubectl's built-in kustomize, offline) builds every directory that has
 * a kustomization.yaml.
 */
class KustomizeBuildTest {
  @Test
  void everyKustomizationBuilds(@TempDir Path dir) throws Exception {
    ManifestSet tree = Fleets.tree(Fleets.dev());
    for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
    }
    List<String> built = new ArrayList<>();
    for (String path : tree.paths()) {
      if (!path.endsWith("/" + Layout.KUSTOMIZATION)) {
        continue;
      }
      String kdir = path.substring(0, path.lastIndexOf('/'));
      String out = kustomize(dir.resolve(kdir));
      built.add(kdir);
      if (kdir.equals("tenants/dev")) {
        assertThat(out)
            .containsPattern("(?m)^kind: Namespace$")
            .containsPattern("(?m)^kind: RoleBinding$")
            .containsPattern("(?m)^kind: Kustomization$")
            .doesNotContainPattern("(?m)^kind: ClickHouseInstallation$");
      }
      if (kdir.equals("tenants/dev/acme")) {
        assertThat(out)
            .containsPattern("(?m)^kind: ClickHouseInstallation$")
            .doesNotContainPattern("(?m)^kind: Namespace$");
      }
    }
    assertThat(built)
        .contains(
            "clusters/dev",
            "infrastructure/dev/controllers",
            "infrastructure/dev/configs",
            "tenants/dev",
            "tenants/dev/acme",
            "tenants/dev/globex/clicks");
  }

  private static String kustomize(Path dir) throws Exception {
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir.toString())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("kubectl kustomize " + dir + ":\n" + text).isZero();
    return text;
  }

  private static final class Layout {
    static final String KUSTOMIZATION = Kustomizations.FILE;
  }
}
