package io.clickplane.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.MonitoringSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringRendererTest {
  private static final String CONTROLLERS = "infrastructure/dev/controllers/monitoring/";
  private static final String CONFIGS = "infrastructure/dev/configs/monitoring/";

  private static JsonNode doc(ManifestSet tree, String path) {
    assertThat(tree.paths()).contains(path);
    return Rendered.parse(tree.bytes(path));
  }

  private static PlatformSpec withMonitoring(MonitoringSpec monitoring) {
    return Rendered.spec("dev").withMonitoring(monitoring);
  }

  @Test
  void theStackIsPinnedAndSizedFromTheSpec() {
    ManifestSet tree =
        MonitoringRenderer.render(
            withMonitoring(new MonitoringSpec("30d", "200Gi", MonitoringSpec.AlertReceiver.NONE)));
    JsonNode release = doc(tree, CONTROLLERS + "helmrelease.yaml");
    assertThat(release.at("/spec/chart/spec/chart").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(release.at("/spec/chart/spec/version").asText()).isEqualTo("88.3.0");
    assertThat(release.at("/spec/releaseName").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(release.at("/metadata/namespace").asText()).isEqualTo("monitoring");
    JsonNode prometheus = release.at("/spec/values/prometheus/prometheusSpec");
    assertThat(prometheus.path("retention").asText()).isEqualTo("30d");
    assertThat(
            prometheus
                .at("/storageSpec/volumeClaimTemplate/spec/resources/requests/storage")
                .asText())
        .isEqualTo("200Gi");
    assertThat(prometheus.at("/externalLabels/environment").asText()).isEqualTo("dev");
    // the capacity model counts exactly these requests on the system nodes
    var counted =
        io.clickplane.core.capacity.Overheads.SYSTEM.stream()
            .filter(p -> p.name().equals("prometheus"))
            .findFirst()
            .orElseThrow();
    assertThat(prometheus.at("/resources/requests/cpu").asText())
        .isEqualTo(counted.cpuMillis() + "m");
    assertThat(prometheus.at("/resources/requests/memory").asText())
        .isEqualTo(counted.memoryMib() / 1024 + "Gi");
    // No receiver: everything goes to the null receiver, no Secret is mounted.
    JsonNode alertmanager = release.at("/spec/values/alertmanager");
    assertThat(alertmanager.at("/alertmanagerSpec/secrets").isMissingNode()).isTrue();
    assertThat(alertmanager.at("/config/route/receiver").asText()).isEqualTo("null");
    assertThat(alertmanager.at("/config/receivers")).hasSize(1);
    assertThat(doc(tree, CONTROLLERS + "helmrepository.yaml").at("/spec/url").asText())
        .isEqualTo("https://prometheus-community.github.io/helm-charts");
    assertThat(doc(tree, CONTROLLERS + "namespace.yaml").at("/metadata/name").asText())
        .isEqualTo("monitoring");
  }

  @Test
  void aWebhookReceiverReadsItsUrlFromTheMountedSecret() {
    ManifestSet tree =
        MonitoringRenderer.render(
            withMonitoring(
                new MonitoringSpec(
                    "15d",
                    "50Gi",
                    new MonitoringSpec.AlertReceiver("webhook", "alert-hook", "endpoint"))));
    JsonNode alertmanager =
        doc(tree, CONTROLLERS + "helmrelease.yaml").at("/spec/values/alertmanager");
    assertThat(alertmanager.at("/alertmanagerSpec/secrets/0").asText()).isEqualTo("alert-hook");
    assertThat(alertmanager.at("/config/route/receiver").asText()).isEqualTo("platform");
    JsonNode platform = alertmanager.at("/config/receivers/1");
    assertThat(platform.path("name").asText()).isEqualTo("platform");
    assertThat(platform.at("/webhook_configs/0/url_file").asText())
        .isEqualTo("/etc/alertmanager/secrets/alert-hook/endpoint");
    assertThat(platform.at("/webhook_configs/0/url").isMissingNode()).isTrue();
  }

  @Test
  void aSlackReceiverReadsItsUrlFromTheMountedSecret() {
    ManifestSet tree =
        MonitoringRenderer.render(
            withMonitoring(
                new MonitoringSpec(
                    "15d", "50Gi", new MonitoringSpec.AlertReceiver("slack", "slack-url", "url"))));
    String release =
        new String(tree.bytes(CONTROLLERS + "helmrelease.yaml"), StandardCharsets.UTF_8);
    JsonNode receiver =
        Rendered.parse(tree.bytes(CONTROLLERS + "helmrelease.yaml"))
            .at("/spec/values/alertmanager/config/receivers/1");
    assertThat(receiver.at("/slack_configs/0/api_url_file").asText())
        .isEqualTo("/etc/alertmanager/secrets/slack-url/url");
    assertThat(release).doesNotContain("api_url:").doesNotContain("hooks.slack.com");
  }

  @Test
  void everyServiceHasItsClickHouseAndCoordinatorMonitors() {
    PlatformSpec spec = Rendered.spec("dev");
    ManifestSet tree = MonitoringRenderer.render(spec);
    boolean sawKeeper = false;
    boolean sawZooKeeper = false;
    for (var org : spec.organisations()) {
      for (var service : org.services()) {
        String dir = "tenants/dev/" + org.name() + "/" + service.name() + "/";
        JsonNode clickhouse = doc(tree, dir + "podmonitor-clickhouse.yaml");
        assertThat(clickhouse.at("/metadata/namespace").asText()).isEqualTo(org.name());
        assertThat(clickhouse.at("/metadata/labels/release").asText())
            .isEqualTo("kube-prometheus-stack");
        assertThat(
                clickhouse
                    .at("/spec/selector/matchLabels")
                    .get("clickhouse.altinity.com/chi")
                    .asText())
            .isEqualTo(service.name());
        JsonNode endpoint = clickhouse.at("/spec/podMetricsEndpoints/0");
        assertThat(endpoint.path("portNumber").asInt()).isEqualTo(Ports.CLICKHOUSE_METRICS);
        assertThat(constants(endpoint))
            .containsEntry("environment", "dev")
            .containsEntry("organisation", org.name())
            .containsEntry("service", service.name())
            .containsEntry("component", "clickhouse");

        JsonNode coordinator = doc(tree, dir + "podmonitor-coordinator.yaml");
        JsonNode ep = coordinator.at("/spec/podMetricsEndpoints/0");
        if (service.coordinator() == Coordinator.KEEPER) {
          sawKeeper = true;
          assertThat(coordinator.at("/metadata/name").asText())
              .isEqualTo("keeper-" + service.name());
          assertThat(
                  coordinator
                      .at("/spec/selector/matchLabels")
                      .get("clickhouse-keeper.altinity.com/chk")
                      .asText())
              .isEqualTo("keeper-" + service.name());
          assertThat(ep.path("port").asText()).isEqualTo(Ports.KEEPER_CLIENT_PORT_NAME);
          assertThat(addressReplacement(ep)).isEqualTo("$1:" + Ports.KEEPER_METRICS);
          assertThat(constants(ep)).containsEntry("component", "keeper");
        } else {
          sawZooKeeper = true;
          assertThat(
                  coordinator
                      .at("/spec/selector/matchLabels")
                      .get("app.kubernetes.io/name")
                      .asText())
              .isEqualTo("zk-" + service.name());
          // The members' own metrics port: the ensemble's pods name it, no address rewrite.
          assertThat(ep.path("port").asText()).isEqualTo("http-metrics");
          assertThat(ep.path("relabelings").findValues("targetLabel"))
              .extracting(JsonNode::asText)
              .doesNotContain("__address__");
          assertThat(constants(ep)).containsEntry("component", "zookeeper");
        }
        assertThat(constants(ep)).containsEntry("service", service.name());
      }
    }
    assertThat(sawKeeper).isTrue();
    assertThat(sawZooKeeper).isTrue();
  }

  @Test
  void theOperatorsExportersAreScrapedAndRelabelled() {
    JsonNode monitor =
        doc(Rendered.tree("dev"), CONFIGS + "servicemonitor-clickhouse-operator.yaml");
    assertThat(monitor.at("/spec/namespaceSelector/matchNames/0").asText())
        .isEqualTo("clickhouse-operator");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("ch-metrics");
    assertThat(monitor.at("/spec/endpoints/0/honorLabels").asBoolean()).isTrue();
    assertThat(monitor.at("/spec/endpoints/0/metricRelabelings/0/regex").asText())
        .isEqualTo("clickplane_io_(environment|organisation|service)");
    assertThat(monitor.at("/spec/endpoints/1/port").asText()).isEqualTo("op-metrics");
  }

  @Test
  void tenantsReconcilersMayManagePodMonitors() {
    JsonNode role = doc(Rendered.tree("dev"), CONFIGS + "clusterrole-tenant-monitors.yaml");
    assertThat(
            role.at("/metadata/labels")
                .get("rbac.authorization.k8s.io/aggregate-to-admin")
                .asText())
        .isEqualTo("true");
    assertThat(role.at("/rules/0/resources/0").asText()).isEqualTo("podmonitors");
  }

  @Test
  void kubeStateMetricsExportsTheLabelsAndInstallationStatusTheRulesJoinOn() {
    JsonNode ksm =
        doc(Rendered.tree("dev"), CONTROLLERS + "helmrelease.yaml")
            .at("/spec/values/kube-state-metrics");
    assertThat(ksm.at("/metricLabelsAllowlist/0").asText())
        .isEqualTo(
            "pods=[clickplane.io/environment,clickplane.io/organisation,clickplane.io/service]");
    assertThat(ksm.at("/metricLabelsAllowlist/1").asText()).contains("app.kubernetes.io/component");
    JsonNode resource = ksm.at("/customResourceState/config/spec/resources/0");
    assertThat(resource.at("/groupVersionKind/kind").asText()).isEqualTo("ClickHouseInstallation");
    assertThat(resource.at("/metricNamePrefix").asText()).isEqualTo("clickplane");
    assertThat(ksm.at("/rbac/extraRules/0/resources/0").asText())
        .isEqualTo("clickhouseinstallations");
  }

  @Test
  void renderingIsDeterministic() {
    ManifestSet a = Rendered.tree("dev");
    ManifestSet b = Rendered.tree("dev");
    assertThat(a.paths()).isEqualTo(b.paths());
    for (String path : a.paths()) {
      assertThat(new String(a.bytes(path), StandardCharsets.UTF_8))
          .isEqualTo(new String(b.bytes(path), StandardCharsets.UTF_8));
    }
  }

  /** target label → replacement of the endpoint's constant relabelings. */
  private static Map<String, String> constants(JsonNode endpoint) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (JsonNode r : endpoint.path("relabelings")) {
      if (r.path("sourceLabels").isMissingNode() && r.has("replacement")) {
        out.put(r.path("targetLabel").asText(), r.path("replacement").asText());
      }
    }
    return out;
  }

  private static String addressReplacement(JsonNode endpoint) {
    for (JsonNode r : endpoint.path("relabelings")) {
      if (r.path("targetLabel").asText().equals("__address__")) {
        assertThat(r.at("/sourceLabels/0").asText()).isEqualTo("__meta_kubernetes_pod_ip");
        return r.path("replacement").asText();
      }
    }
    throw new AssertionError("no __address__ relabeling in " + endpoint);
  }
}
