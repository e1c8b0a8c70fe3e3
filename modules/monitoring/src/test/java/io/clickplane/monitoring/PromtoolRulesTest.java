package io.clickplane.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered rule groups pass {@code promtool check rules}, and {@code promtool test rules} runs
 * unit tests with synthetic series ({@code src/test/resources/.../alerts.test.yaml}) in which every
 * alert both fires when it should and stays silent when it should not.
 */
class PromtoolRulesTest {
  static final String TESTS = "alerts.test.yaml";

  @TempDir static Path dir;

  @BeforeAll
  static void writeRules() throws Exception {
    JsonNode rule = Rendered.ofKind(Rendered.tree("dev"), "PrometheusRule").get(0);
    // A rule file is the PrometheusRule's spec: {groups: [...]}.
    Files.writeString(
        dir.resolve("rules.yaml"), Rendered.YAML.writeValueAsString(rule.path("spec")));
    try (InputStream in = PromtoolRulesTest.class.getResourceAsStream(TESTS)) {
      Files.write(dir.resolve(TESTS), in.readAllBytes());
    }
  }

  @Test
  void checkRulesAcceptsEveryGroup() throws Exception {
    Promtool.Result result = Promtool.run(dir, "check", "rules", "rules.yaml");
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("SUCCESS: " + AlertRules.all(AlertThresholds.DEFAULT).size() + " rules found");
  }

  @Test
  void unitTestsPass() throws Exception {
    Promtool.Result result = Promtool.run(dir, "test", "rules", TESTS);
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertIsTestedFiringAndSilent() throws Exception {
    JsonNode tests =
        Rendered.YAML.readTree(
            new String(Files.readAllBytes(dir.resolve(TESTS)), StandardCharsets.UTF_8));
    Map<String, Set<String>> outcomes = new TreeMap<>();
    for (JsonNode test : tests.path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        String alert = check.path("alertname").asText();
        String outcome = check.path("exp_alerts").isEmpty() ? "silent" : "fires";
        outcomes.computeIfAbsent(alert, a -> new TreeSet<>()).add(outcome);
      }
    }
    for (AlertRule rule : AlertRules.all(AlertThresholds.DEFAULT)) {
      assertThat(outcomes.get(rule.alert()))
          .as("test cases of " + rule.alert())
          .containsExactlyInAnyOrder("fires", "silent");
    }
  }

  @Test
  void aBrokenRuleFailsTheCheck(@TempDir Path broken) throws Exception {
    // The check is not a formality: a rule with a syntax error is refused.
    Files.writeString(
        broken.resolve("rules.yaml"),
        "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum by (x (up)\n");
    Promtool.Result result = Promtool.run(broken, "check", "rules", "rules.yaml");
    assertThat(result.exit()).isNotZero();
  }
}
