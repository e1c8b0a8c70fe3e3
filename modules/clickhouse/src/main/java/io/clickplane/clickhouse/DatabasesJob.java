package io.clickplane.clickhouse;

import io.clickplane.core.naming.JobNames;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Job that creates a service's declared databases, each with the {@code Replicated} engine on
 * every node ({@code CREATE DATABASE IF NOT EXISTS ... ON CLUSTER main}), as the platform admin.
 *
 * <p>Idempotent: re-running it changes nothing. Its name carries a hash of its pod template ({@link
 * JobNames}), so a changed list or a new version's image is a new Job that Flux creates (and the
 * old one is pruned); an unchanged template keeps the completed Job. Removing a database from the
 * list never drops it: dropping data is an explicit admin action (docs/data-architecture.md). A
 * service without declared databases has no Job.
 */
final class DatabasesJob {
  /** ZooKeeper path of a declared database's schema log; {@code %s} is the database name. */
  static final String DATABASE_PATH = Naming.REPLICATED_DATABASE_PATH;

  /** Environment variable of the Job's container holding the admin password. */
  static final String PASSWORD_ENV = "CLICKHOUSE_ADMIN_PASSWORD";

  private DatabasesJob() {}

  /** {@code CREATE DATABASE} statement the Job runs for one database. */
  static String statement(String database) {
    return "CREATE DATABASE IF NOT EXISTS "
        + database
        + " ON CLUSTER "
        + Naming.CLUSTER
        + " ENGINE = Replicated('"
        + DATABASE_PATH.formatted(database)
        + "', '{shard}', '{replica}')";
  }

  static Job build(ServiceContext ctx) {
    ServiceSpec service = ctx.service();
    StringBuilder script = new StringBuilder("set -eu\n");
    for (String database : service.databases()) {
      script
          .append("clickhouse-client --host ")
          .append(Naming.installationService(service.name()))
          .append(" --port ")
          .append(ClickHouseDefaults.NATIVE_PORT)
          .append(" --user ")
          .append(ClickHouseDefaults.ADMIN_USER)
          .append(" --password \"$")
          .append(PASSWORD_ENV)
          .append("\" --distributed_ddl_task_timeout 300 --query \"")
          .append(statement(database))
          .append("\"\n");
    }

    EnvVar password = new EnvVar();
    password.setName(PASSWORD_ENV);
    SecretKeySelector key = new SecretKeySelector();
    key.setName(ClickHouseDefaults.credentialsSecret(service.name()));
    key.setKey(ClickHouseDefaults.ADMIN_PASSWORD_KEY);
    EnvVarSource source = new EnvVarSource();
    source.setSecretKeyRef(key);
    password.setValueFrom(source);

    Container container = new Container();
    container.setName("create-databases");
    container.setImage(ClickHouseDefaults.serverImage(service.version()));
    container.setCommand(List.of("/bin/sh", "-c", script.toString()));
    container.setEnv(List.of(password));
    Map<String, Quantity> resources =
        Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi"));
    container.setResources(Manifests.resources(resources, resources));
    container.setSecurityContext(PodPlacement.containerSecurity());

    PodSpec pod = new PodSpec();
    pod.setContainers(List.of(container));
    pod.setRestartPolicy("OnFailure");
    pod.setAutomountServiceAccountToken(false);
    pod.setSecurityContext(PodPlacement.podSecurity(ClickHouseDefaults.CLICKHOUSE_UID));

    Map<String, String> labels = new TreeMap<>(ctx.labels());
    labels.put(COMPONENT_LABEL, COMPONENT);
    ObjectMeta podMeta = new ObjectMeta();
    podMeta.setLabels(labels);
    PodTemplateSpec template = new PodTemplateSpec();
    template.setMetadata(podMeta);
    template.setSpec(pod);

    JobSpec spec = new JobSpec();
    // Retries with the Job's exponential back-off (10 s doubling up to 6 min) while the servers
    // start: about 40 minutes in all.
    spec.setBackoffLimit(12);
    spec.setTemplate(template);

    Job job = new Job();
    job.setApiVersion("batch/v1");
    job.setKind("Job");
    ObjectMeta metadata = Manifests.metadata(ctx, JobNames.databases(service.name(), template));
    metadata.setLabels(labels);
    job.setMetadata(metadata);
    job.setSpec(spec);
    return job;
  }

  /** Component label on the Job and its pod. */
  static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  static final String COMPONENT = "databases";
}
