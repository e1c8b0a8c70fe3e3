package io.clickplane.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The dev and prod stacks rendered by this module, and their documents parsed back. */
final class Rendered {
  static final YAMLMapper YAML = new YAMLMapper();

  private Rendered() {}

  static PlatformSpec spec(String stack) {
    try {
      return StackConfig.load(Repo.stackFile(stack));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ManifestSet tree(String stack) {
    return MonitoringRenderer.render(spec(stack));
  }

  /** Path → parsed document. */
  static Map<String, JsonNode> documents(ManifestSet tree) {
    Map<String, JsonNode> out = new java.util.TreeMap<>();
    tree.files().forEach((path, bytes) -> out.put(path, parse(bytes)));
    return out;
  }

  static JsonNode parse(byte[] bytes) {
    try {
      return YAML.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> ofKind(ManifestSet tree, String kind) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode doc : documents(tree).values()) {
      if (doc.path("kind").asText().equals(kind)) {
        out.add(doc);
      }
    }
    return out;
  }
}
