package io.clickplane.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Repo;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/runbooks.md has a section for every alert and a row with the default of every threshold. */
class RunbooksTest {
  private static String runbooks() throws Exception {
    return Files.readString(Repo.root().resolve(AlertRules.RUNBOOKS));
  }

  @Test
  void everyAlertLinksAnExistingSection() throws Exception {
    Set<String> anchors = new HashSet<>();
    Matcher m = Pattern.compile("(?m)^#{2,4} (\\S+)\\s*$").matcher(runbooks());
    while (m.find()) {
      anchors.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    for (AlertRule rule : AlertRules.all(AlertThresholds.DEFAULT)) {
      assertThat(anchors).as("section of " + rule.alert()).contains(rule.runbookAnchor());
    }
    var rule = Rendered.ofKind(Rendered.tree("dev"), "PrometheusRule").get(0);
    for (var group : rule.at("/spec/groups")) {
      for (var r : group.path("rules")) {
        String url = r.at("/annotations/runbook_url").asText();
        assertThat(url).startsWith("docs/runbooks.md#");
        assertThat(anchors).contains(url.substring(url.indexOf('#') + 1));
      }
    }
  }

  @Test
  void everyThresholdIsDocumentedWithItsDefault() throws Exception {
    String text = runbooks();
    for (Map.Entry<String, Number> e : AlertThresholds.DEFAULT.asMap().entrySet()) {
      assertThat(text)
          .as("row of " + e.getKey())
          .containsPattern(
              "(?m)^\\| `"
                  + e.getKey()
                  + "` \\| `"
                  + Pattern.quote(e.getValue().toString())
                  + "` \\|");
    }
  }
}
