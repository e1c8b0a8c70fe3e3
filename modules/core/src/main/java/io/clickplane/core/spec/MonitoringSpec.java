package io.clickplane.core.spec;

import java.util.Objects;

/**
 * The environment's metrics and alerting stack.
 *
 * @param retention how long Prometheus keeps samples, a Prometheus duration such as {@code 15d}
 * @param storageSize Prometheus's volume, a Kubernetes quantity
 * @param alertReceiver where Alertmanager sends notifications
 */
public record MonitoringSpec(String retention, String storageSize, AlertReceiver alertReceiver) {
  public static final MonitoringSpec DEFAULT =
      new MonitoringSpec("15d", "50Gi", AlertReceiver.NONE);

  public MonitoringSpec {
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(storageSize, "storageSize");
    Objects.requireNonNull(alertReceiver, "alertReceiver");
  }

  /**
   * An Alertmanager receiver whose URL is read from a Kubernetes Secret in the monitoring
   * namespace, never written in the stack file.
   *
   * @param type {@code none}, {@code webhook} or {@code slack}
   * @param secretName the Secret holding the URL; empty for {@code none}
   * @param secretKey the key of the URL inside that Secret
   */
  public record AlertReceiver(String type, String secretName, String secretKey) {
    public static final AlertReceiver NONE = new AlertReceiver("none", "", "url");

    public AlertReceiver {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(secretName, "secretName");
      Objects.requireNonNull(secretKey, "secretKey");
    }

    public boolean isNone() {
      return type.equals("none");
    }
  }
}
