package io.clickplane.stacks.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring part inside the whole tree: {@code kubectl kustomize} builds the directories Flux
 * reads with the monitoring objects in them, and the backup CronJobs carry the labels the backup
 * alerts find them by.
 */
class MonitoringInFleetTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir static Path dir;
  static PlatformSpec spec;
  static ManifestSet tree;

  @BeforeAll
  static void render() throws Exception {
    spec = StackConfig.load(Repo.stackFile("dev"));
    tree = Fleet.render(spec);
    for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
    }
  }

  @Test
  void kustomizeBuildsTheMonitoringObjects() throws Exception {
    List<JsonNode> controllers = kustomize("infrastructure/dev/controllers");
    assertThat(names(controllers, "HelmRelease")).contains("kube-prometheus-stack");
    assertThat(names(controllers, "Namespace")).contains("monitoring");
    List<JsonNode> configs = kustomize("infrastructure/dev/configs");
    assertThat(names(configs, "PrometheusRule")).containsExactly("clickplane-alerts");
    assertThat(names(configs, "ServiceMonitor"))
        .containsExactlyInAnyOrder("clickhouse-operator", "cert-manager");
    assertThat(names(configs, "ConfigMap"))
        .contains("dashboard-clickplane-fleet", "dashboard-clickplane-service");
    for (OrganisationSpec org : spec.organisations()) {
      List<JsonNode> objects = kustomize("tenants/dev/" + org.name());
      List<String> expected = new ArrayList<>();
      for (ServiceSpec service : org.services()) {
        expected.add("clickhouse-" + service.name());
        expected.add(
            (service.coordinator() == io.clickplane.core.spec.Coordinator.KEEPER
                    ? "keeper-"
                    : "zookeeper-")
                + service.name());
      }
      assertThat(names(objects, "PodMonitor")).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void backupCronJobsCarryTheLabelsTheBackupAlertsJoinOn() throws Exception {
    List<JsonNode> cronJobs = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
      if (e.getKey().startsWith("tenants/") && e.getKey().endsWith(".yaml")) {
        for (JsonNode doc : documents(new String(e.getValue(), StandardCharsets.UTF_8))) {
          if (doc.path("kind").asText().equals("CronJob")) {
            cronJobs.add(doc);
          }
        }
      }
    }
    assumeTrue(!cronJobs.isEmpty(), "no backup CronJobs rendered yet");
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        if (!service.backup().enabled()) {
          continue;
        }
        assertThat(cronJobs)
            .as("backup CronJob of " + org.name() + "/" + service.name())
            .anySatisfy(
                c -> {
                  JsonNode labels = c.at("/metadata/labels");
                  assertThat(c.at("/metadata/namespace").asText()).isEqualTo(org.name());
                  assertThat(labels.path(Naming.LABEL_COMPONENT).asText())
                      .isEqualTo(Naming.COMPONENT_BACKUP);
                  assertThat(labels.path(Naming.LABEL_SERVICE).asText()).isEqualTo(service.name());
                  assertThat(labels.path(Naming.LABEL_ORGANISATION).asText()).isEqualTo(org.name());
                  assertThat(labels.path(Naming.LABEL_ENVIRONMENT).asText())
                      .isEqualTo(spec.environment());
                });
      }
    }
  }

  private static List<String> names(List<JsonNode> objects, String kind) {
    List<String> out = new ArrayList<>();
    for (JsonNode o : objects) {
      if (o.path("kind").asText().equals(kind)) {
        out.add(o.at("/metadata/name").asText());
      }
    }
    return out;
  }

  private static List<JsonNode> kustomize(String relative) throws Exception {
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir.resolve(relative).toString())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("kubectl kustomize " + relative + ":\n" + text).isZero();
    return documents(text);
  }

  private static List<JsonNode> documents(String yaml) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }
}
