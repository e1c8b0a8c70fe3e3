package io.clickplane.stacks.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keycloak's part of the dev fleet builds with {@code kubectl kustomize} where Flux reads it. */
class KeycloakTreeTest {
  @Test
  void keycloaksDirectoriesBuild(@TempDir Path dir) throws Exception {
    ManifestSet tree = Fleet.render(StackConfig.load(Repo.stackFile("dev")));
    for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
    }
    assertThat(kustomize(dir.resolve("clusters/dev")))
        .contains("name: keycloak\n")
        .contains("substituteFrom:");
    assertThat(kustomize(dir.resolve("infrastructure/dev/controllers")))
        .contains("kind: GitRepository")
        .contains("name: keycloak-operator");
    String instance = kustomize(dir.resolve("infrastructure/dev/keycloak"));
    for (String kind :
        new String[] {
          "Keycloak",
          "ExternalSecret",
          "SecretStore",
          "ServiceAccount",
          "Gateway",
          "VirtualService",
          "Certificate"
        }) {
      assertThat(instance).containsPattern("(?m)^kind: " + kind + "$");
    }
    assertThat(instance).contains("${KEYCLOAK_DB_HOST}");
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
}
