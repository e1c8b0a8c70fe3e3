package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * How the stack-file reader treats the YAML features a user may reach for: aliases and merge keys
 * are resolved as a full YAML loader resolves them (here SnakeYAML's own composer, standing in for
 * the loader Pulumi runs), tags and extra documents are refused at their line, and limits are
 * enforced before the text is parsed.
 */
class YamlReadingTest {
  private static final String ANCHORED =
      String.join(
          "\n",
          "config:",
          "  aws:region: eu-west-1",
          "  clickplane:environment: dev",
          "  clickplane:domain: ch.dev.example.com",
          "  clickplane:eks:",
          "    version: \"1.31\"",
          "    nodeGroups:",
          "      - &group {name: system, instanceType: m6i.large, min: 2, max: 4}",
          "      - <<: *group",
          "        name: clickhouse",
          "        instanceType: m6i.2xlarge",
          "        max: 12",
          "        dedicated: true",
          "  clickplane:organisations:",
          "    - name: acme",
          "      services:",
          "        - &events",
          "          name: events",
          "          mode: replicated",
          "          version: &version \"24.8\"",
          "          resources: &small {cpu: \"2\", memory: 8Gi}",
          "          storage: {class: gp3, size: &size 200Gi}",
          "        - <<: *events",
          "          name: clicks",
          "          storage: {class: io2, size: *size}",
          "        - name: reports",
          "          mode: single",
          "          version: *version",
          "          resources: *small",
          "");

  @Test
  void aliasesAndMergeKeysAreResolvedAsAFullYamlLoaderDoes() throws Exception {
    PlatformSpec cli = StackConfig.parse("anchored.yaml", ANCHORED);
    PlatformSpec pulumi = StackConfig.fromValues("pulumi config", resolvedValues(ANCHORED));
    assertThat(cli).isEqualTo(pulumi);
    var acme = cli.organisation("acme").orElseThrow();
    assertThat(acme.service("clicks").orElseThrow().version()).isEqualTo("24.8");
    assertThat(acme.service("clicks").orElseThrow().storage().size()).isEqualTo("200Gi");
    assertThat(acme.service("reports").orElseThrow().resources().memory()).isEqualTo("8Gi");
    assertThat(cli.eks().nodeGroups())
        .extracting(g -> g.name() + "/" + g.instanceType() + "/" + g.max() + "/" + g.dedicated())
        .containsExactly("system/m6i.large/4/false", "clickhouse/m6i.2xlarge/12/true");
  }

  @Test
  void theShippedStacksReadTheSameAsAFullYamlLoaderReadsThem() throws Exception {
    for (String stack : List.of("dev", "prod")) {
      String text = Files.readString(Repo.stackFile(stack));
      assertThat(StackConfig.parse(stack, text))
          .isEqualTo(StackConfig.fromValues("pulumi config", resolvedValues(text)));
    }
  }

  @Test
  void aProblemUnderAnAliasIsReportedAtTheAlias() {
    String text =
        ANCHORED.replace(
            "resources: &small {cpu: \"2\", memory: 8Gi}",
            "resources: &small {cpu: \"2\", memory: 8Gb}");
    assertThatThrownBy(() -> StackConfig.parse("anchored.yaml", text))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(
            "anchored.yaml:21: clickplane:organisations[0].services[0].resources.memory:")
        .hasMessageContaining(
            "anchored.yaml:29: clickplane:organisations[0].services[2].resources.memory:");
  }

  @Test
  void anAliasBombIsRefusedAtTheAliasThatBreaksTheBound() {
    StringBuilder text = new StringBuilder("config:\n  aws:region: eu-west-1\n");
    text.append("  clickplane:a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 9; i++) {
      text.append("  clickplane:a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        text.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      text.append("]\n");
    }
    InvalidConfigException e = refused(text.toString());
    assertThat(e.problems())
        .singleElement()
        .hasToString(
            "bomb.yaml:8: (yaml): alias *a4 takes the document past 1000000 values once aliases"
                + " are expanded; a stack file needs nowhere near that many: write the values out,"
                + " or use fewer nested aliases");
  }

  @Test
  void anAliasWithoutAnAnchorIsReported() {
    InvalidConfigException e =
        refused("config:\n  aws:region: *region\n  clickplane:environment: dev\n");
    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .contains(
            "bomb.yaml:2: aws:region: alias *region names no anchor: define &region on a value"
                + " before the alias (an alias cannot refer to the value it is in)");
  }

  @Test
  void unsupportedTagsAreRefusedAtTheirLine() {
    InvalidConfigException e =
        refused(
            "config:\n  aws:region: !!str eu-west-1\n  clickplane:domain: !!binary"
                + " aGVsbG8=\n  clickplane:environment: !Ref dev\n");
    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .contains(
            "bomb.yaml:3: clickplane:domain: the YAML tag !!binary is not supported in a stack"
                + " file; write the plain value (allowed tags: !!str, !!int, !!float, !!bool,"
                + " !!null, !!map, !!seq)",
            "bomb.yaml:4: clickplane:environment: the YAML tag !Ref is not supported in a stack"
                + " file; write the plain value (allowed tags: !!str, !!int, !!float, !!bool,"
                + " !!null, !!map, !!seq)")
        .noneMatch(p -> p.contains("aws:region"));
  }

  @Test
  void aSecondDocumentIsRefusedAtItsStart() {
    InvalidConfigException e =
        refused("config:\n  aws:region: eu-west-1\n---\nconfig:\n  aws:region: eu-west-2\n");
    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .contains(
            "bomb.yaml:4: (yaml): a second YAML document starts here (after '---'); a stack file"
                + " is one document: move its keys into the first one or delete it");
  }

  @Test
  void anEightMegabyteScalarIsRefusedBeforeParsing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Pulumi.big.yaml");
    StringBuilder text =
        new StringBuilder("config:\n  aws:region: eu-west-1\n  clickplane:domain: ");
    text.append("a".repeat(8 << 20)).append('\n');
    Files.writeString(file, text);
    assertThatThrownBy(() -> StackConfig.load(file))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            file
                + ":3: (yaml): line has "
                + ((8 << 20) + "  clickplane:domain: ".length())
                + " characters; a stack file line may have at most 65536 (no value of a stack"
                + " file is that long)");
  }

  @Test
  void aLongMultiLineScalarIsRefusedAtItsLine() {
    StringBuilder text =
        new StringBuilder("config:\n  aws:region: eu-west-1\n  clickplane:domain: |\n");
    for (int i = 0; i < 2000; i++) {
      text.append("    ").append("b".repeat(99)).append('\n');
    }
    InvalidConfigException e = refused(text.toString());
    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .contains(
            "bomb.yaml:3: clickplane:domain: value has 200000 characters; a stack file value may"
                + " have at most 65536");
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Pulumi.huge.yaml");
    try (var out = Files.newOutputStream(file)) {
      byte[] line =
          ("# " + "c".repeat(1000) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      for (int i = 0; i < 17 * 1024; i++) {
        out.write(line);
      }
    }
    long size = Files.size(file);
    assertThatThrownBy(() -> StackConfig.load(file))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            file
                + ": (file): is too large ("
                + size
                + " bytes); a stack file may have at most 16 MiB");
  }

  @Test
  void deepNestingIsRefusedAtItsLine() {
    InvalidConfigException e =
        refused("config:\n  aws:region: " + "[".repeat(2000) + "]".repeat(2000) + "\n");
    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("bomb.yaml:2: (yaml): malformed YAML: Document nesting depth (65) exceeds");
  }

  private static InvalidConfigException refused(String text) {
    try {
      StackConfig.parse("bomb.yaml", text);
    } catch (InvalidConfigException e) {
      return e;
    }
    throw new AssertionError("accepted: " + text);
  }

  /** The values a full YAML loader hands over: aliases and merges resolved, structures as JSON. */
  static Map<String, String> resolvedValues(String text) throws Exception {
    LoaderOptions options = new LoaderOptions();
    Map<String, Object> root = new Yaml(options).load(text);
    ObjectMapper json = new ObjectMapper();
    JsonNode config = json.valueToTree(root.get("config"));
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : config.properties()) {
      JsonNode v = e.getValue();
      values.put(e.getKey(), v.isValueNode() ? v.asText() : json.writeValueAsString(v));
    }
    return values;
  }
}
