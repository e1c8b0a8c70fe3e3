package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.core.testing.Repo;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Pulumi path: a running program sees each key's value as text (JSON for structured values).
 * The same binder must give the same spec as the CLI's reading of the file.
 */
class PulumiValuesTest {
  static Map<String, String> valuesOf(String stack) throws Exception {
    JsonNode config =
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .readTree(Files.readString(Repo.stackFile(stack)))
            .get("config");
    ObjectMapper json = new ObjectMapper();
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : config.properties()) {
      JsonNode v = e.getValue();
      values.put(e.getKey(), v.isValueNode() ? v.asText() : json.writeValueAsString(v));
    }
    return values;
  }

  @Test
  void pulumiValuesGiveTheSameSpecAsTheFile() throws Exception {
    for (String stack : new String[] {"dev", "prod"}) {
      assertThat(StackConfig.fromValues("pulumi config", valuesOf(stack)))
          .isEqualTo(StackConfig.load(Repo.stackFile(stack)));
    }
  }

  @Test
  void problemsNameTheKeyPathWithoutALine() throws Exception {
    Map<String, String> values = valuesOf("dev");
    values.put("clickplane:network", "{\"cidr\":\"10.40.0.0/8\"}");
    values.put("clickplane:gitopsPassword", "decrypted-by-pulumi");
    assertThatThrownBy(() -> StackConfig.fromValues("pulumi config", values))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "pulumi config: clickplane:network.cidr: prefix must be from /16 to /20 (got /8)");
  }

  @Test
  void malformedJsonIsReported() throws Exception {
    Map<String, String> values = valuesOf("dev");
    values.put("clickplane:eks", "{\"version\": ");
    assertThatThrownBy(() -> StackConfig.fromValues("pulumi config", values))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("pulumi config: clickplane:eks: malformed JSON value");
  }
}
