package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.spec.AccessSpec;
import io.clickplane.core.spec.BillingSpec;
import io.clickplane.core.spec.ChangeAllowances;
import io.clickplane.core.spec.DnsSpec;
import io.clickplane.core.spec.EndpointSpec;
import io.clickplane.core.spec.KeycloakSpec;
import io.clickplane.core.spec.MonitoringSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.UpgradeSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The platform sections (dns, monitoring, keycloak, billing) and the per-service keys (databases,
 * endpoint, access, upgrade, restoreFrom): defaults, explicit values, and the canonical round trip
 * through the snapshot and Pulumi's config values.
 */
class ServiceFeaturesTest {
  private static final String HEAD =
      String.join(
          "\n",
          "config:",
          "  aws:region: eu-west-1",
          "  clickplane:environment: dev",
          "  clickplane:domain: ch.dev.example.com",
          "  clickplane:eks:",
          "    nodeGroups:",
          "      - {name: system, instanceType: m6i.large, min: 2, max: 4}",
          "      - {name: clickhouse, instanceType: m6i.2xlarge, min: 3, max: 12, dedicated: true}",
          "");

  private static final String FULL =
      HEAD
          + String.join(
              "\n",
              "  clickplane:dns:",
              "    hostedZoneId: Z0123456789ABCDEFGHIJ",
              "    acmeEmail: ops@example.com",
              "  clickplane:monitoring:",
              "    retention: 30d",
              "    storageSize: 200Gi",
              "    alertReceiver: {type: slack, secretName: alertmanager-slack, secretKey: webhook}",
              "  clickplane:keycloak:",
              "    instances: 3",
              "    version: 26.4.5",
              "    databaseInstanceClass: db.r7g.large",
              "    databaseStorageGib: 100",
              "    databaseMultiAz: false",
              "  clickplane:billing:",
              "    serverFeePerHour: \"0.125\"",
              "    currency: USD",
              "    markupPercent: 12.5",
              "  clickplane:organisations:",
              "    - name: acme",
              "      services:",
              "        - name: events",
              "          mode: replicated",
              "          version: \"24.8\"",
              "          databases: [analytics, staging]",
              "          endpoint: {dedicatedLoadBalancer: true}",
              "          access: {allowedCidrs: [203.0.113.0/24, 198.51.100.7/32]}",
              "          upgrade: {canary: \"25.3\"}",
              "          allow: {directUpgrade: true}",
              "        - name: events-copy",
              "          mode: single",
              "          restoreFrom: {service: events, backup: 20261130T020000Z}",
              "        - name: latest-copy",
              "          mode: single",
              "          restoreFrom: {service: events}",
              "");

  @Test
  void aClickHouseVersionThatIsNoReleaseLineIsRefusedWithFileLineAndTheAcceptedForm() {
    String text =
        HEAD
            + "  clickplane:organisations:\n"
            + "    - name: acme\n"
            + "      services:\n"
            + "        - name: events\n"
            + "          mode: single\n"
            + "          version: \"24.08\"\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StackConfig.parse("s.yaml", text))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("s.yaml:14: clickplane:organisations[0].services[0].version: ")
        .hasMessageContaining("version")
        .hasMessageContaining("24.8, 25.3, 25.8 or 26.3")
        .hasMessageContaining("write \"24.8\"");
  }

  @Test
  void stateStoppedAndItsAllowanceBindAndRunningIsTheDefault() throws Exception {
    PlatformSpec spec =
        StackConfig.parse(
            "s.yaml",
            HEAD
                + "  clickplane:organisations:\n"
                + "    - name: acme\n"
                + "      services:\n"
                + "        - {name: events, mode: single, state: stopped,"
                + " allow: {stopWithoutBackup: true}}\n"
                + "        - {name: logs, mode: single}\n");
    ServiceSpec events = spec.organisations().get(0).services().get(0);
    ServiceSpec logs = spec.organisations().get(0).services().get(1);
    assertThat(events.state()).isEqualTo(io.clickplane.core.spec.ServiceState.STOPPED);
    assertThat(events.stopped()).isTrue();
    assertThat(events.allow()).isEqualTo(ChangeAllowances.NONE.withStopWithoutBackup(true));
    assertThat(logs.state()).isEqualTo(io.clickplane.core.spec.ServiceState.RUNNING);
    assertThat(logs.allow().stopWithoutBackup()).isFalse();
    assertThat(StackConfig.parse("canonical", CanonicalSpec.write(spec))).isEqualTo(spec);
  }

  @Test
  void theDrillScheduleBindsOffOrACronAndIsWrittenOnlyWhenSet() throws Exception {
    PlatformSpec spec =
        StackConfig.parse(
            "s.yaml",
            HEAD
                + "  clickplane:organisations:\n"
                + "    - name: acme\n"
                + "      services:\n"
                + "        - {name: events, mode: single, backup: {drill: {schedule: \"5 4 * * 1\"}}}\n"
                + "        - {name: quiet, mode: single, backup: {drill: {schedule: \"off\"}}}\n"
                + "        - {name: logs, mode: single}\n");
    List<ServiceSpec> services = spec.organisations().get(0).services();
    assertThat(services.get(0).backup().drill()).contains("5 4 * * 1");
    assertThat(services.get(1).backup().drill())
        .contains(io.clickplane.core.spec.BackupSpec.DRILL_OFF);
    assertThat(services.get(2).backup().drill()).isEmpty();
    String canonical = CanonicalSpec.write(spec);
    assertThat(canonical).contains("5 4 * * 1").contains("off");
    assertThat(canonical.split("drill", -1)).hasSize(3);
    assertThat(StackConfig.parse("canonical", canonical)).isEqualTo(spec);
  }

  @Test
  void aDrillScheduleThatIsNoCronNorOffIsRefusedWithFileAndLine() {
    String text =
        HEAD
            + "  clickplane:organisations:\n"
            + "    - name: acme\n"
            + "      services:\n"
            + "        - name: events\n"
            + "          mode: single\n"
            + "          backup:\n"
            + "            drill:\n"
            + "              schedule: weekly\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StackConfig.parse("s.yaml", text))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(
            "s.yaml:16: clickplane:organisations[0].services[0].backup.drill.schedule: ")
        .hasMessageContaining("cron expression");
  }

  @Test
  void aStateOtherThanRunningOrStoppedIsRefusedWithFileAndLine() {
    String text =
        HEAD
            + "  clickplane:organisations:\n"
            + "    - name: acme\n"
            + "      services:\n"
            + "        - name: events\n"
            + "          mode: single\n"
            + "          state: paused\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StackConfig.parse("s.yaml", text))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("s.yaml:14: clickplane:organisations[0].services[0].state: ")
        .hasMessageContaining("running")
        .hasMessageContaining("stopped");
  }

  @Test
  void absentKeysTakeTheirDefaults() throws Exception {
    PlatformSpec spec =
        StackConfig.parse(
            "s.yaml",
            HEAD
                + "  clickplane:organisations:\n"
                + "    - name: acme\n"
                + "      services:\n"
                + "        - {name: events, mode: single}\n");
    assertThat(spec.dns()).isEqualTo(DnsSpec.DEFAULT);
    assertThat(spec.monitoring()).isEqualTo(MonitoringSpec.DEFAULT);
    assertThat(spec.keycloak()).isEqualTo(KeycloakSpec.DEFAULT);
    assertThat(spec.billing()).isEqualTo(BillingSpec.DEFAULT);
    ServiceSpec s = spec.organisations().get(0).services().get(0);
    assertThat(s.databases()).isEmpty();
    assertThat(s.endpoint()).isEqualTo(EndpointSpec.SHARED);
    assertThat(s.access().isOpen()).isTrue();
    assertThat(s.upgrade().hasCanary()).isFalse();
    assertThat(s.restoreFrom()).isEmpty();
  }

  @Test
  void explicitValuesAreBound() throws Exception {
    PlatformSpec spec = StackConfig.parse("s.yaml", FULL);
    assertThat(spec.dns())
        .isEqualTo(new DnsSpec("Z0123456789ABCDEFGHIJ", "ops@example.com", DnsSpec.LETSENCRYPT));
    assertThat(spec.monitoring())
        .isEqualTo(
            new MonitoringSpec(
                "30d",
                "200Gi",
                new MonitoringSpec.AlertReceiver("slack", "alertmanager-slack", "webhook")));
    assertThat(spec.keycloak())
        .isEqualTo(new KeycloakSpec(3, "26.4.5", "db.r7g.large", 100, false));
    assertThat(spec.billing())
        .isEqualTo(new BillingSpec(new BigDecimal("0.125"), "USD", new BigDecimal("12.5")));
    List<ServiceSpec> services = spec.organisations().get(0).services();
    ServiceSpec events = services.get(0);
    assertThat(events.databases()).containsExactly("analytics", "staging");
    assertThat(events.endpoint().dedicatedLoadBalancer()).isTrue();
    assertThat(events.access())
        .isEqualTo(new AccessSpec(List.of("203.0.113.0/24", "198.51.100.7/32")));
    assertThat(events.upgrade()).isEqualTo(new UpgradeSpec("25.3"));
    assertThat(events.allow()).isEqualTo(ChangeAllowances.NONE.withDirectUpgrade(true));
    assertThat(services.get(1).allow().directUpgrade()).isFalse();
    assertThat(services.get(1).restoreFrom())
        .contains(new RestoreSpec("events", "20261130T020000Z"));
    assertThat(services.get(2).restoreFrom()).contains(new RestoreSpec("events", "latest"));
  }

  @Test
  void theCanonicalTextAndTheSnapshotReadBackEqual() throws Exception {
    PlatformSpec spec = StackConfig.parse("s.yaml", FULL);
    assertThat(StackConfig.parse("canonical", CanonicalSpec.write(spec))).isEqualTo(spec);
    Map<String, String> files = SpecSnapshot.write(spec);
    assertThat(
            SpecSnapshot.read(
                "snap/",
                files.get(SpecSnapshot.platformPath("dev")),
                List.of("acme"),
                Map.of("acme", files.get(SpecSnapshot.organisationPath("dev", "acme"))),
                Map.of()))
        .isEqualTo(spec);
  }

  @Test
  void pulumiConfigValuesBindTheSameWay() throws Exception {
    PlatformSpec spec = StackConfig.parse("s.yaml", FULL);
    Map<String, String> values =
        Map.of(
            "aws:region", "eu-west-1",
            "clickplane:environment", "dev",
            "clickplane:domain", "ch.dev.example.com",
            "clickplane:eks",
                "{\"nodeGroups\":[{\"name\":\"system\",\"instanceType\":\"m6i.large\",\"min\":2,\"max\":4},"
                    + "{\"name\":\"clickhouse\",\"instanceType\":\"m6i.2xlarge\",\"min\":3,\"max\":12,\"dedicated\":true}]}",
            "clickplane:billing",
                "{\"serverFeePerHour\":\"0.125\",\"currency\":\"USD\",\"markupPercent\":12.5}",
            "clickplane:organisations",
                "[{\"name\":\"acme\",\"services\":[{\"name\":\"events\",\"mode\":\"single\","
                    + "\"databases\":[\"analytics\"]}]}]");
    PlatformSpec fromPulumi = StackConfig.fromValues("pulumi", values);
    assertThat(fromPulumi.billing()).isEqualTo(spec.billing());
    assertThat(fromPulumi.organisations().get(0).services().get(0).databases())
        .containsExactly("analytics");
    assertThat(fromPulumi.organisations().get(0).services().get(0).restoreFrom())
        .isEqualTo(Optional.empty());
  }
}
