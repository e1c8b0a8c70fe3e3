package io.clickplane.backup.render;

import io.clickplane.backup.drill.DrillRenderer;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.plan.BackupTiming;
import io.clickplane.backup.plan.S3Target;
import io.clickplane.backup.shards.ShardScripts;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.JobNames;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kubernetes side of backups, a pure function of the spec. Per organisation (in its directory,
 * applied by the tenants Kustomization): the ServiceAccount the ClickHouse pods run as, annotated
 * with the organisation's backup role (IRSA), and the ServiceAccount the backup jobs run as (no AWS
 * role: the jobs only talk to ClickHouse). Per service: a ConfigMap with the job scripts, the
 * backup CronJob, and for a service created from a backup, the one-shot restore Job.
 */
public final class BackupRenderer {
  /** ConfigMap key of the backup script. */
  public static final String BACKUP_SCRIPT = "backup.sh";

  /** ConfigMap key of the restore script. */
  public static final String RESTORE_SCRIPT = "restore.sh";

  /** Where the scripts are mounted in the job containers. */
  static final String SCRIPTS_PATH = "/scripts";

  /**
   * The label the Job controller puts on a Job's pods, naming the Job (Kubernetes 1.27 and later:
   * kubernetes/kubernetes pkg/apis/batch/types.go, {@code JobNameLabel}).
   */
  static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

  static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  /** Finished backup Jobs kept for inspection. */
  static final int SUCCESSFUL_JOBS_KEPT = 3;

  static final int FAILED_JOBS_KEPT = 3;

  private BackupRenderer() {}

  /** Name of a service's backup CronJob and ConfigMap. */
  public static String backupName(String service) {
    return JobNames.backupCronJob(service);
  }

  public static ManifestSet render(PlatformSpec spec, ClickHouseAccess access) {
    ManifestSet.Builder tree = ManifestSet.builder();
    for (OrganisationSpec org : spec.organisations()) {
      String dir = FluxPaths.organisation(spec.environment(), org.name()) + "/";
      tree.add(
          dir + "serviceaccount-" + Naming.BACKUP_SERVICE_ACCOUNT + ".yaml",
          Yaml.write(clickHouseAccount(spec, org)));
      tree.add(
          dir + "serviceaccount-" + Naming.BACKUP_RUNNER_SERVICE_ACCOUNT + ".yaml",
          Yaml.write(runnerAccount(spec, org)));
      for (ServiceSpec service : org.services()) {
        String sdir = FluxPaths.service(spec.environment(), org.name(), service.name()) + "/";
        BackupStatements sql = statements(spec, org, service);
        tree.add(sdir + "backup-configmap.yaml", Yaml.write(scripts(spec, org, service, sql)));
        tree.add(sdir + "backup-cronjob.yaml", Yaml.write(cronJob(spec, org, service, access)));
        if (service.restoreFrom().isPresent()) {
          tree.add(sdir + "restore-job.yaml", Yaml.write(restoreJob(spec, org, service, access)));
        }
        DrillRenderer.add(tree, sdir, spec, org, service, access);
      }
    }
    return tree.build();
  }

  /**
   * The statements a service's jobs run: the organisation's bucket, every entity.
   *
   * <p>No backup is taken {@code ON CLUSTER}: a service of one shard is backed up on replica 0 (the
   * files at the backup's root), a service of several shards on replica 0 of each shard (one such
   * backup per shard, {@link io.clickplane.backup.plan.BackupLayout#SHARDS}), so the {@code Backup}
   * database engine (the figures, the drill) reads every backup. The databases are {@code
   * Replicated}; from ClickHouse's sources (ClickHouse/ClickHouse {@code
   * src/Databases/DatabaseReplicated.cpp}, commit 6157d8e9, the stored snapshot: {@code
   * getTablesForBackup} and {@code createTableRestoredFromBackup}), a plain BACKUP reads the
   * tables' definitions from the database's ZooKeeper metadata, which the lone server has through
   * its coordinator, and a plain RESTORE creates each table through the local restore coordination
   * ({@code src/Backups/RestoreCoordinationLocal.cpp}, {@code
   * acquireCreatingTableInReplicatedDatabase}, grants the one host every table once), then waits
   * until the database holds it; neither needs {@code ON CLUSTER}. chDB cannot create a Replicated
   * database (no Keeper), so the end-to-end tests prove the same statements on Atomic databases
   * only.
   */
  public static BackupStatements statements(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    return new BackupStatements(
        S3Target.ofEndpoint(Naming.backupEndpoint(spec, org.name())),
        org.name(),
        service.name(),
        service.shards(),
        service.replicas(),
        BackupStatements.ACCESS_TABLES);
  }

  /** The servers a service's jobs send each shard's statements to: replica 0 of every shard. */
  public static List<String> shardHosts(ServiceSpec service) {
    List<String> hosts = new ArrayList<>();
    for (int shard = 0; shard < service.shards(); shard++) {
      hosts.add(Naming.replicaStatefulSet(service.name(), shard, 0));
    }
    return List.copyOf(hosts);
  }

  static ServiceAccount clickHouseAccount(PlatformSpec spec, OrganisationSpec org) {
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(Naming.IRSA_ROLE_ANNOTATION, Naming.backupRoleArnReference(spec, org.name()));
    // STS in the cluster's region, not the global endpoint.
    annotations.put("eks.amazonaws.com/sts-regional-endpoints", "true");
    return new ServiceAccountBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(Naming.BACKUP_SERVICE_ACCOUNT)
                .withNamespace(Naming.namespace(org.name()))
                .withLabels(orgLabels(spec, org))
                .withAnnotations(annotations)
                .build())
        .build();
  }

  static ServiceAccount runnerAccount(PlatformSpec spec, OrganisationSpec org) {
    return new ServiceAccountBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(Naming.BACKUP_RUNNER_SERVICE_ACCOUNT)
                .withNamespace(Naming.namespace(org.name()))
                .withLabels(orgLabels(spec, org))
                .build())
        .withAutomountServiceAccountToken(false)
        .build();
  }

  static ConfigMap scripts(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service, BackupStatements sql) {
    Map<String, String> data = new TreeMap<>();
    data.put(
        BACKUP_SCRIPT,
        service.shards() > 1
            ? ShardScripts.backup(sql, shardHosts(service))
            : BackupScripts.backup(sql));
    service
        .restoreFrom()
        .ifPresent(
            from ->
                data.put(
                    RESTORE_SCRIPT,
                    BackupScripts.restore(
                        sql, from, service.shards() * service.replicas(), shardHosts(service))));
    return new ConfigMapBuilder()
        .withMetadata(metadata(spec, org, service, backupName(service.name())))
        .withData(data)
        .build();
  }

  static CronJob cronJob(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service, ClickHouseAccess access) {
    BackupTiming timing = BackupTiming.of(service.backup());
    ObjectMeta meta = metadata(spec, org, service, backupName(service.name()));
    meta.setAnnotations(
        new TreeMap<>(
            Map.of(
                "clickplane.io/backup-retention",
                Integer.toString(service.backup().retention()),
                "clickplane.io/backup-full-after-hours",
                Integer.toString(BackupStatements.FULL_AFTER_HOURS))));
    return new CronJobBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withSchedule(service.backup().schedule())
        .withTimeZone("Etc/UTC")
        .withConcurrencyPolicy("Forbid")
        .withSuspend(!service.backup().enabled() || service.stopped())
        .withStartingDeadlineSeconds(timing.startingDeadline().toSeconds())
        .withSuccessfulJobsHistoryLimit(SUCCESSFUL_JOBS_KEPT)
        .withFailedJobsHistoryLimit(FAILED_JOBS_KEPT)
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(labels(spec, org, service))
        .endMetadata()
        .withSpec(
            jobSpec(
                spec,
                org,
                service,
                access,
                BACKUP_SCRIPT,
                timing.activeDeadline().toSeconds(),
                1,
                null))
        .endJobTemplate()
        .endSpec()
        .build();
  }

  static Job restoreJob(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service, ClickHouseAccess access) {
    RestoreSpec from = service.restoreFrom().orElseThrow();
    JobSpec jobSpec = jobSpec(spec, org, service, access, RESTORE_SCRIPT, 24L * 3600, 3, null);
    // Named after its pod template (JobNames): a new version's image is a new Job, which finds
    // the restore recorded and does nothing, instead of an update Kubernetes refuses.
    ObjectMeta meta =
        metadata(spec, org, service, JobNames.restore(service.name(), jobSpec.getTemplate()));
    meta.setAnnotations(
        new TreeMap<>(
            Map.of(
                "clickplane.io/restore-from-service",
                from.service(),
                "clickplane.io/restore-from-backup",
                from.backup())));
    // No TTL: a finished restore Job stays, so Flux never creates (and runs) it again.
    return new JobBuilder().withMetadata(meta).withSpec(jobSpec).build();
  }

  private static JobSpec jobSpec(
      PlatformSpec spec,
      OrganisationSpec org,
      ServiceSpec service,
      ClickHouseAccess access,
      String script,
      long activeDeadlineSeconds,
      int backoffLimit,
      Integer ttl) {
    return new JobSpecBuilder()
        .withBackoffLimit(backoffLimit)
        .withActiveDeadlineSeconds(activeDeadlineSeconds)
        .withTtlSecondsAfterFinished(ttl)
        .withTemplate(podTemplate(spec, org, service, access, script))
        .build();
  }

  private static PodTemplateSpec podTemplate(
      PlatformSpec spec,
      OrganisationSpec org,
      ServiceSpec service,
      ClickHouseAccess access,
      String script) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels(spec, org, service))
        .endMetadata()
        .withSpec(podSpec(service, access, script))
        .build();
  }

  private static PodSpec podSpec(ServiceSpec service, ClickHouseAccess access, String script) {
    Map<String, Quantity> requests = new TreeMap<>();
    requests.put("cpu", new Quantity("50m"));
    requests.put("memory", new Quantity("128Mi"));
    Container container =
        new ContainerBuilder()
            .withName("clickhouse-client")
            .withImage(access.image().apply(service))
            .withCommand("/bin/sh", SCRIPTS_PATH + "/" + script)
            .withEnv(
                // One server for the whole run: system.backups lives in the memory of the server
                // that started an operation, so it is followed there, and a retried Job asks it.
                env("CLICKHOUSE_HOST", Naming.replicaStatefulSet(service.name(), 0, 0)),
                new EnvVarBuilder()
                    .withName("JOB_NAME")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("metadata.labels['" + JOB_NAME_LABEL + "']")
                    .endFieldRef()
                    .endValueFrom()
                    .build(),
                env("CLICKHOUSE_PORT", Integer.toString(Ports.CLICKHOUSE_NATIVE)),
                env("CLICKHOUSE_USER", access.user()),
                new EnvVarBuilder()
                    .withName("CLICKHOUSE_PASSWORD")
                    .withNewValueFrom()
                    .withNewSecretKeyRef()
                    .withName(access.passwordSecret().apply(service.name()))
                    .withKey(access.passwordKey())
                    .endSecretKeyRef()
                    .endValueFrom()
                    .build(),
                env("HOME", "/tmp"))
            .withNewResources()
            .withRequests(requests)
            .withLimits(Map.of("memory", new Quantity("512Mi")))
            .endResources()
            .addNewVolumeMount()
            .withName("scripts")
            .withMountPath(SCRIPTS_PATH)
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .withSecurityContext(JobSecurity.container())
            .build();
    return new PodSpecBuilder()
        .withServiceAccountName(Naming.BACKUP_RUNNER_SERVICE_ACCOUNT)
        .withRestartPolicy("Never")
        .withSecurityContext(JobSecurity.pod())
        .withContainers(container)
        .addNewVolume()
        .withName("scripts")
        .withNewConfigMap()
        .withName(backupName(service.name()))
        .withDefaultMode(0555)
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity("64Mi"))
        .endEmptyDir()
        .endVolume()
        .build();
  }

  private static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static ObjectMeta metadata(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(Naming.namespace(org.name()))
        .withLabels(labels(spec, org, service))
        .build();
  }

  /** The labels of a service's backup objects. */
  public static Map<String, String> labels(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    Map<String, String> labels = orgLabels(spec, org);
    labels.put(Naming.LABEL_SERVICE, service.name());
    labels.put(COMPONENT_LABEL, "backup");
    return labels;
  }

  private static Map<String, String> orgLabels(PlatformSpec spec, OrganisationSpec org) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
    labels.put(Naming.LABEL_ENVIRONMENT, spec.environment());
    labels.put(Naming.LABEL_ORGANISATION, org.name());
    return labels;
  }
}
