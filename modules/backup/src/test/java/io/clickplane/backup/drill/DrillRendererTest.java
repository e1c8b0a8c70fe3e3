package io.clickplane.backup.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.render.BackupRenderer;
import io.clickplane.backup.render.ClickHouseAccess;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.BackupSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.ServiceState;
import io.clickplane.core.testing.Repo;
import io.clickplane.core.testing.UnknownFields;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillRendererTest {
  static final ClickHouseAccess ACCESS =
      new ClickHouseAccess(
          s -> "clickhouse/clickhouse-server:" + s.version(),
          "admin",
          s -> s + "-credentials",
          "admin-password");

  static <T> T parse(ManifestSet tree, String path, Class<T> type) throws Exception {
    byte[] bytes = tree.files().get(path);
    assertThat(bytes).as(path).isNotNull();
    T model = Yaml.mapper().readValue(new String(bytes, StandardCharsets.UTF_8), type);
    assertThat(UnknownFields.of(model, "$")).as(path + " has only known fields").isEmpty();
    return model;
  }

  static String dir(PlatformSpec spec, String org, String service) {
    return FluxPaths.service(spec.environment(), org, service) + "/";
  }

  @Test
  void everyRunningServiceGetsAWeeklyDrillOnItsOwnMinute() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    ManifestSet tree = BackupRenderer.render(spec, ACCESS);
    List<String> schedules = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec s : org.services()) {
        String d = dir(spec, org.name(), s.name());
        if (s.stopped()) {
          assertThat(tree.files()).doesNotContainKey(d + "drill-cronjob.yaml");
          continue;
        }
        CronJob job = parse(tree, d + "drill-cronjob.yaml", CronJob.class);
        assertThat(job.getMetadata().getName()).isEqualTo("drill-" + s.name());
        assertThat(job.getMetadata().getNamespace()).isEqualTo(Naming.namespace(org.name()));
        assertThat(job.getSpec().getSchedule())
            .isEqualTo(DrillSchedule.defaultFor(org.name(), s.name()))
            .matches("[0-9]{1,2} 10 \\* \\* 0");
        schedules.add(job.getSpec().getSchedule());
        assertThat(job.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(job.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds())
            .isEqualTo(6L * 3600);
        PodSpec pod = job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(Naming.BACKUP_SERVICE_ACCOUNT);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType())
            .isEqualTo("RuntimeDefault");
        var c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("clickhouse/clickhouse-server:" + s.version());
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        // No ClickHouse credentials and no port: nothing reaches it, it logs in nowhere.
        assertThat(c.getEnv()).noneMatch(e -> e.getName().startsWith("CLICKHOUSE_"));
        assertThat(c.getPorts()).isNullOrEmpty();
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals("drill")).findFirst();
        assertThat(
                Quantity.getAmountInBytes(
                        volume
                            .orElseThrow()
                            .getEphemeral()
                            .getVolumeClaimTemplate()
                            .getSpec()
                            .getResources()
                            .getRequests()
                            .get("storage"))
                    .longValueExact())
            .as("one replica's data per shard: every shard is restored")
            .isEqualTo(s.storage().dataBytesPerReplica() * s.shards());

        ConfigMap cm = parse(tree, d + "drill-configmap.yaml", ConfigMap.class);
        String script = cm.getData().get(DrillRenderer.SCRIPT_KEY);
        assertThat(script)
            .contains(
                "clickhouse local --config-file /scripts/drill-config.xml --path /drill/data/")
            .contains("${DRILL_ID}")
            .contains("drill.json")
            .doesNotContain("@@");
        assertThat(cm.getData().get(DrillRenderer.CONFIG_KEY))
            .contains("<endpoint>" + Naming.backupEndpoint(spec, org.name()) + "</endpoint>");
      }
    }
    assertThat(schedules).hasSizeGreaterThan(1);
    assertThat(schedules.stream().distinct().count())
        .as("the minutes differ by service")
        .isGreaterThan(1);
  }

  @Test
  void theStackSetsOrTurnsOffTheDrillAndAStoppedServiceHasNone() throws Exception {
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    OrganisationSpec acme = dev.organisation("acme").orElseThrow();
    ServiceSpec events = acme.service("events").orElseThrow();
    BackupSpec b = events.backup();
    PlatformSpec spec =
        dev.withOrganisations(
            List.of(
                new OrganisationSpec(
                    "acme",
                    List.of(
                        events.withBackup(
                            new BackupSpec(b.schedule(), b.retention(), b.enabled(), "15 3 * * 3")),
                        events
                            .withName("quiet")
                            .withBackup(
                                new BackupSpec(
                                    b.schedule(),
                                    b.retention(),
                                    b.enabled(),
                                    BackupSpec.DRILL_OFF)),
                        events.withName("asleep").withState(ServiceState.STOPPED)))));
    ManifestSet tree = BackupRenderer.render(spec, ACCESS);
    CronJob job = parse(tree, dir(spec, "acme", "events") + "drill-cronjob.yaml", CronJob.class);
    assertThat(job.getSpec().getSchedule()).isEqualTo("15 3 * * 3");
    assertThat(tree.files()).doesNotContainKey(dir(spec, "acme", "quiet") + "drill-cronjob.yaml");
    assertThat(tree.files()).doesNotContainKey(dir(spec, "acme", "asleep") + "drill-cronjob.yaml");
    assertThat(tree.files()).containsKey(dir(spec, "acme", "asleep") + "backup-cronjob.yaml");
  }
}
