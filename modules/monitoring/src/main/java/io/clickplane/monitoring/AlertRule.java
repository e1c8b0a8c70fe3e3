package io.clickplane.monitoring;

import java.util.Locale;
import java.util.Objects;

/**
 * One alerting rule.
 *
 * @param alert the alert's name (several rules may share it at different severities)
 * @param expr the PromQL expression; every series it returns is an alert
 * @param duration how long the expression must hold before the alert fires ({@code 0s}: at once)
 * @param severity {@code warning} or {@code critical}
 * @param summary one line, with Prometheus template references to the alert's labels
 */
public record AlertRule(
    String alert, String expr, String duration, String severity, String summary) {
  public AlertRule {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(expr, "expr");
    Objects.requireNonNull(duration, "duration");
    if (!severity.equals("warning") && !severity.equals("critical")) {
      throw new IllegalArgumentException("severity " + severity);
    }
    Objects.requireNonNull(summary, "summary");
  }

  /** The anchor of the alert's section in {@code docs/runbooks.md} (its lower-cased name). */
  public String runbookAnchor() {
    return alert.toLowerCase(Locale.ROOT);
  }
}
