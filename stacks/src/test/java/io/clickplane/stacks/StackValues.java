package io.clickplane.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration a Pulumi program sees for a stack file: every {@code config:} key with its
 * value as Pulumi hands it over (scalars as text, structured values as JSON text).
 */
final class StackValues {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private StackValues() {}

  static Map<String, String> of(Path stackFile) throws IOException {
    JsonNode config = YAML.readTree(stackFile.toFile()).get("config");
    Map<String, String> values = new TreeMap<>();
    config
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              try {
                values.put(
                    e.getKey(), v.isContainerNode() ? JSON.writeValueAsString(v) : v.asText());
              } catch (IOException ex) {
                throw new IllegalStateException(ex);
              }
            });
    return values;
  }
}
