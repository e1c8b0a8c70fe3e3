package io.clickplane.monitoring;

import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.spec.MonitoringSpec.AlertReceiver;
import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's routing: every alert goes to the stack's receiver, grouped by alert and service.
 * The receiver's URL is never in Git: the Secret named in the stack is mounted into Alertmanager
 * ({@code alertmanagerSpec.secrets}) and the receiver reads the URL from the mounted file ({@code
 * url_file} of a webhook, {@code api_url_file} of Slack; both in the Alertmanager v0.33.1 the chart
 * ships).
 */
final class AlertRouting {
  static final String NULL_RECEIVER = "null";
  static final String PLATFORM_RECEIVER = "platform";

  private AlertRouting() {}

  static Map<String, Object> config(PlatformSpec spec) {
    AlertReceiver receiver = spec.monitoring().alertReceiver();
    List<Object> receivers = new ArrayList<>();
    receivers.add(map("name", NULL_RECEIVER));
    String target = NULL_RECEIVER;
    if (!receiver.isNone()) {
      target = PLATFORM_RECEIVER;
      String file =
          MonitoringStack.ALERTMANAGER_SECRETS_DIR
              + receiver.secretName()
              + "/"
              + receiver.secretKey();
      receivers.add(
          switch (receiver.type()) {
            case "webhook" ->
                map(
                    "name",
                    PLATFORM_RECEIVER,
                    "webhook_configs",
                    List.of(map("url_file", file, "send_resolved", true)));
            case "slack" ->
                map(
                    "name",
                    PLATFORM_RECEIVER,
                    "slack_configs",
                    List.of(
                        map(
                            "api_url_file",
                            file,
                            "send_resolved",
                            true,
                            "title",
                            "{{ .CommonLabels.alertname }} ({{ .CommonLabels.organisation }}/"
                                + "{{ .CommonLabels.service }})",
                            "text",
                            "{{ range .Alerts }}{{ .Annotations.summary }} {{ .Annotations.runbook_url }}\n{{ end }}")));
            default -> throw new IllegalArgumentException("alert receiver type " + receiver.type());
          });
    }
    return map(
        "global",
        map("resolve_timeout", "5m"),
        "route",
        map(
            "receiver",
            target,
            "group_by",
            List.of(
                "alertname",
                MetricLabels.ENVIRONMENT,
                MetricLabels.ORGANISATION,
                MetricLabels.SERVICE),
            "group_wait",
            "30s",
            "group_interval",
            "5m",
            "repeat_interval",
            "4h",
            "routes",
            // The chart's always-firing Watchdog proves the pipeline works; it is not news.
            List.of(
                map("receiver", NULL_RECEIVER, "matchers", List.of("alertname = \"Watchdog\"")))),
        "inhibit_rules",
        List.of(
            map(
                "source_matchers",
                List.of("severity = critical"),
                "target_matchers",
                List.of("severity = warning"),
                "equal",
                List.of(
                    "alertname",
                    MetricLabels.ENVIRONMENT,
                    MetricLabels.ORGANISATION,
                    MetricLabels.SERVICE))),
        "receivers",
        receivers,
        "templates",
        List.of("/etc/alertmanager/config/*.tmpl"));
  }
}
