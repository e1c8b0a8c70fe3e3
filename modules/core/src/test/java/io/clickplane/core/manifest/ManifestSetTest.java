package io.clickplane.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestSetTest {
  @Test
  void keepsPathsSortedAndContentImmutable() {
    byte[] content = {1, 2, 3};
    ManifestSet set = ManifestSet.builder().add("b/x.yaml", content).add("a/y.yaml", "y\n").build();
    content[0] = 9;
    assertThat(set.paths()).containsExactly("a/y.yaml", "b/x.yaml");
    assertThat(set.bytes("b/x.yaml")).containsExactly(1, 2, 3);
    assertThat(set.text("a/y.yaml")).isEqualTo("y\n");
    assertThat(set.under("b").paths()).containsExactly("b/x.yaml");
  }

  @Test
  void refusesDuplicateAndUnsafePaths() {
    ManifestSet.Builder b = ManifestSet.builder().add("a.yaml", "1");
    assertThatThrownBy(() -> b.add("a.yaml", "2")).hasMessageContaining("a.yaml");
    for (String bad :
        List.of("/abs.yaml", "../up.yaml", "a/../b.yaml", "dir/", "a//b", ".git/config", "a\\b")) {
      assertThatThrownBy(() -> ManifestSet.builder().add(bad, "x"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void equalityIsByContent() {
    ManifestSet a = ManifestSet.builder().add("a", "1").build();
    ManifestSet b = ManifestSet.builder().add("a", "1").build();
    ManifestSet c = ManifestSet.builder().add("a", "2").build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
  }

  @Test
  void yamlIsDeterministicRegardlessOfMapOrder() {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("zeta", 1);
    one.put("alpha", Map.of("b", "24.8", "a", List.of("x", "y")));
    Map<String, Object> two = new LinkedHashMap<>();
    two.put("alpha", Map.of("a", List.of("x", "y"), "b", "24.8"));
    two.put("zeta", 1);
    String yaml = Yaml.write(one);
    assertThat(yaml).isEqualTo(Yaml.write(two));
    // "y" is a YAML 1.1 boolean, so it stays quoted; "24.8" stays a string.
    assertThat(yaml).isEqualTo("alpha:\n  a:\n    - x\n    - \"y\"\n  b: \"24.8\"\nzeta: 1\n");
    assertThat(Yaml.writeAll(List.of(Map.of("a", 1), Map.of("b", "multi\nline\n"))))
        .isEqualTo("a: 1\n---\nb: |\n  multi\n  line\n");
  }
}
