package io.clickplane.core.config.section;

import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.MonitoringSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.List;
import java.util.Optional;

/** {@code clickplane:monitoring}: metrics retention and storage, the alert receiver. */
public final class MonitoringBinder implements SectionBinder<MonitoringSpec> {
  public static final MonitoringBinder BINDER = new MonitoringBinder();

  private static final MonitoringSpec D = MonitoringSpec.DEFAULT;
  private static final List<String> RECEIVER_TYPES = List.of("none", "webhook", "slack");

  static final Key<String> RETENTION =
      Key.string("retention", D.retention(), Rules::prometheusDuration)
          .doc("Prometheus duration (`15d`, `36h`)", "How long Prometheus keeps samples.")
          .writes(MonitoringSpec::retention);
  static final Key<String> STORAGE_SIZE =
      Key.string(
              "storageSize",
              D.storageSize(),
              v ->
                  Quantity.check(
                      v,
                      "a storage quantity such as 50Gi",
                      Quantity.gib(1),
                      Quantity.gib(16384),
                      "1Gi",
                      "16Ti"))
          .doc("quantity 1Gi..16Ti", "Prometheus's volume.")
          .writes(MonitoringSpec::storageSize);
  static final Key<String> TYPE =
      Key.string(
              "type",
              D.alertReceiver().type(),
              v ->
                  RECEIVER_TYPES.contains(v)
                      ? Optional.empty()
                      : Optional.of("must be one of none, webhook, slack (got \"" + v + "\")"))
          .doc(
              "`none` \\| `webhook` \\| `slack`",
              "Where Alertmanager sends alerts ([monitoring.md](monitoring.md): the URL is read"
                  + " from the mounted Secret, `url_file` / `api_url_file`).")
          .writes(MonitoringSpec.AlertReceiver::type);
  static final Key<String> SECRET_NAME =
      Key.string("secretName", "", Rules::dnsSubdomain)
          .defaultDoc("required unless `none`")
          .doc(
              "Kubernetes object name",
              "The Secret in namespace `monitoring` holding the receiver URL. The URL itself never"
                  + " appears in the stack file or in Git.")
          .writes(MonitoringSpec.AlertReceiver::secretName);
  static final Key<String> SECRET_KEY =
      Key.string("secretKey", D.alertReceiver().secretKey(), Rules::secretKey)
          .doc("Secret key", "The key of the URL in that Secret.")
          .writes(MonitoringSpec.AlertReceiver::secretKey);
  static final Key<MonitoringSpec.AlertReceiver> ALERT_RECEIVER =
      Key.<MonitoringSpec.AlertReceiver>nested(
              "alertReceiver", KeyTable.of("alertReceiver", TYPE, SECRET_NAME, SECRET_KEY))
          .writes(MonitoringSpec::alertReceiver);

  static final Key<MonitoringSpec> MONITORING =
      Key.<MonitoringSpec>table(
              Sections.NS + "monitoring",
              KeyTable.of("clickplane:monitoring", RETENTION, STORAGE_SIZE, ALERT_RECEIVER))
          .defaultDoc("see below")
          .doc("map", "Metrics retention and storage, the alert receiver.")
          .writes(PlatformSpec::monitoring);

  private MonitoringBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(MONITORING);
  }

  @Override
  public MonitoringSpec bind(Section section, Bound earlier) {
    Fields o = section.map(MONITORING);
    String retention = RETENTION.read(o);
    String storage = STORAGE_SIZE.read(o);
    Fields r = o.object(ALERT_RECEIVER.name(), ALERT_RECEIVER.table());
    String type = TYPE.read(r);
    String secretName = SECRET_NAME.read(r);
    String secretKey = SECRET_KEY.read(r);
    if (type != null && secretName != null && !type.equals("none") && secretName.isEmpty()) {
      r.refuse(
          r.path(SECRET_NAME.name()),
          "required for receiver type "
              + type
              + ": the Kubernetes Secret in namespace monitoring that holds the URL (never the URL"
              + " itself)");
    }
    return section.ok()
        ? new MonitoringSpec(
            retention, storage, new MonitoringSpec.AlertReceiver(type, secretName, secretKey))
        : null;
  }
}
