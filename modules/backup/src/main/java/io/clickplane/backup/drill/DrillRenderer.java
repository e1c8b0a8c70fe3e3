package io.clickplane.backup.drill;

import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.plan.BackupTiming;
import io.clickplane.backup.render.BackupRenderer;
import io.clickplane.backup.render.ClickHouseAccess;
import io.clickplane.backup.render.JobSecurity;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A service's restore drill: the ConfigMap {@code drill-<service>} (script and the throwaway
 * ClickHouse's configuration) and the CronJob {@code drill-<service>}. The pod runs {@code
 * clickhouse local} from the service's own image under the organisation's {@code clickhouse-backup}
 * ServiceAccount (its IRSA role reads the bucket), on a generic ephemeral volume as large as the
 * service's data (one replica's data per shard: the drill restores every shard), with no Service in
 * front of it and no ClickHouse credentials: nothing reaches it and it reaches nothing but the
 * bucket (and STS for the web identity). Not rendered for a stopped service or {@code
 * backup.drill.schedule: off}.
 */
public final class DrillRenderer {
  /** ConfigMap key of the drill script. */
  public static final String SCRIPT_KEY = "drill.sh";

  /** ConfigMap key of the throwaway ClickHouse's configuration. */
  public static final String CONFIG_KEY = "drill-config.xml";

  static final String COMPONENT = Naming.COMPONENT_BACKUP_DRILL;

  private DrillRenderer() {}

  /** Name of a service's drill CronJob and ConfigMap. */
  public static String name(String service) {
    return "drill-" + service;
  }

  /** Adds the drill of {@code service} under {@code dir}, unless it has none. */
  public static void add(
      ManifestSet.Builder tree,
      String dir,
      PlatformSpec spec,
      OrganisationSpec org,
      ServiceSpec service,
      ClickHouseAccess access) {
    Optional<String> schedule = DrillSchedule.of(org.name(), service);
    if (schedule.isEmpty()) {
      return;
    }
    BackupStatements sql = BackupRenderer.statements(spec, org, service);
    tree.add(dir + "drill-configmap.yaml", Yaml.write(configMap(spec, org, service, sql)));
    tree.add(
        dir + "drill-cronjob.yaml",
        Yaml.write(cronJob(spec, org, service, access, schedule.get())));
  }

  /**
   * The throwaway ClickHouse's configuration: S3 credentials from the environment (the pod's web
   * identity) for the organisation's bucket endpoint only, as the servers have them.
   */
  static String config(String endpoint) {
    return "<clickhouse>\n"
        + "  <s3>\n"
        + "    <use_environment_credentials>false</use_environment_credentials>\n"
        + "    <clickplane_backup>\n"
        + "      <endpoint>"
        + endpoint
        + "</endpoint>\n"
        + "      <use_environment_credentials>true</use_environment_credentials>\n"
        + "    </clickplane_backup>\n"
        + "  </s3>\n"
        + "</clickhouse>\n";
  }

  static ConfigMap configMap(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service, BackupStatements sql) {
    Map<String, String> data = new TreeMap<>();
    data.put(SCRIPT_KEY, DrillScripts.drill(new DrillStatements(sql)));
    data.put(CONFIG_KEY, config(Naming.backupEndpoint(spec, org.name())));
    return new ConfigMapBuilder().withMetadata(metadata(spec, org, service)).withData(data).build();
  }

  static CronJob cronJob(
      PlatformSpec spec,
      OrganisationSpec org,
      ServiceSpec service,
      ClickHouseAccess access,
      String schedule) {
    BackupTiming timing =
        BackupTiming.of(new io.clickplane.core.spec.BackupSpec(schedule, 1, true));
    return new CronJobBuilder()
        .withMetadata(metadata(spec, org, service))
        .withNewSpec()
        .withSchedule(schedule)
        .withTimeZone("Etc/UTC")
        .withConcurrencyPolicy("Forbid")
        .withStartingDeadlineSeconds(timing.startingDeadline().toSeconds())
        .withSuccessfulJobsHistoryLimit(1)
        .withFailedJobsHistoryLimit(1)
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(labels(spec, org, service))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(1)
        .withActiveDeadlineSeconds(timing.activeDeadline().toSeconds())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels(spec, org, service))
        .endMetadata()
        .withSpec(podSpec(service, access))
        .endTemplate()
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  private static PodSpec podSpec(ServiceSpec service, ClickHouseAccess access) {
    Container container =
        new ContainerBuilder()
            .withName("drill")
            .withImage(access.image().apply(service))
            .withCommand("/bin/sh", "/scripts/" + SCRIPT_KEY)
            .withEnv(
                new EnvVarBuilder()
                    .withName("JOB_NAME")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("metadata.labels['batch.kubernetes.io/job-name']")
                    .endFieldRef()
                    .endValueFrom()
                    .build(),
                new EnvVarBuilder().withName("HOME").withValue("/tmp").build())
            .withNewResources()
            .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")))
            .withLimits(Map.of("memory", new Quantity("4Gi")))
            .endResources()
            .addNewVolumeMount()
            .withName("scripts")
            .withMountPath("/scripts")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("drill")
            .withMountPath("/drill")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .withSecurityContext(JobSecurity.container())
            .build();
    return new PodSpecBuilder()
        .withServiceAccountName(Naming.BACKUP_SERVICE_ACCOUNT)
        .withAutomountServiceAccountToken(false)
        .withRestartPolicy("Never")
        .withSecurityContext(
            new PodSecurityContextBuilder(JobSecurity.pod())
                .withFsGroup(JobSecurity.CLICKHOUSE_UID)
                .build())
        .withContainers(container)
        .addNewVolume()
        .withName("scripts")
        .withNewConfigMap()
        .withName(name(service.name()))
        .withDefaultMode(0555)
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("drill")
        .withNewEphemeral()
        .withNewVolumeClaimTemplate()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(Long.toString(volumeBytes(service)))))
        .endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endEphemeral()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity("256Mi"))
        .endEmptyDir()
        .endVolume()
        .build();
  }

  /** The drill's volume: one replica's data per shard, since the drill restores every shard. */
  static long volumeBytes(ServiceSpec service) {
    return service.storage().dataBytesPerReplica() * service.shards();
  }

  private static ObjectMeta metadata(PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    return new ObjectMetaBuilder()
        .withName(name(service.name()))
        .withNamespace(Naming.namespace(org.name()))
        .withLabels(labels(spec, org, service))
        .build();
  }

  static Map<String, String> labels(PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    Map<String, String> labels = new TreeMap<>(BackupRenderer.labels(spec, org, service));
    labels.put("app.kubernetes.io/component", COMPONENT);
    return labels;
  }
}
