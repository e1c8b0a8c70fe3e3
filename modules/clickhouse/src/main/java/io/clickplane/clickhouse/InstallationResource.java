package io.clickplane.clickhouse;

import io.clickplane.core.capacity.PodResources;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageClassName;
import io.clickplane.core.spec.StorageSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code ClickHouseInstallation} of one service: its layout, coordinator, pod and volume
 * templates, server configuration, users and profile settings.
 *
 * <p>The free-form sections (pod, claim and service templates) hold fabric8 model objects,
 * serialised in the models' alphabetical property order like the sorted map keys around them.
 */
final class InstallationResource {
  static final String API_VERSION = "clickhouse.altinity.com/v1";
  static final String KIND = "ClickHouseInstallation";

  /**
   * Name of the pod, service and volume templates inside the installation (not Kubernetes names).
   */
  private static final String TEMPLATE = "clickhouse";

  /** Pod template of the canary replica (replica 0 of every shard) while an upgrade runs. */
  static final String CANARY_TEMPLATE = "clickhouse-canary";

  /**
   * The log container the operator adds to every pod of an installation with a {@code
   * logVolumeClaimTemplate} (Altinity/clickhouse-operator release-0.25.6,
   * pkg/model/common/creator/stateful-set-application.go {@code stsSetupLogContainer}). Its default
   * ({@code newDefaultContainerLog} in pkg/model/chi/creator/container.go) has no securityContext,
   * which Pod Security {@code restricted} refuses; the operator keeps a container of this name that
   * the pod template declares, so the template declares it.
   */
  static final String LOG_CONTAINER = "clickhouse-log";

  /** Volume of the endpoint's certificate Secret. */
  static final String TLS_VOLUME = "tls";

  /** EBS CSI annotations applying a service's IOPS and throughput to each of its volumes. */
  static final String IOPS_ANNOTATION = "ebs.csi.aws.com/iops";

  static final String THROUGHPUT_ANNOTATION = "ebs.csi.aws.com/throughput";

  private InstallationResource() {}

  static GenericKubernetesResource build(ServiceContext ctx) {
    ServiceSpec service = ctx.service();
    Map<String, Object> spec = new TreeMap<>();
    spec.put(
        "defaults",
        Map.of(
            "templates",
                Map.of(
                    "podTemplate",
                    TEMPLATE,
                    "serviceTemplate",
                    TEMPLATE,
                    "dataVolumeClaimTemplate",
                    Naming.dataVolume(0),
                    "logVolumeClaimTemplate",
                    Naming.LOG_VOLUME),
            "storageManagement", Map.of("provisioner", "Operator", "reclaimPolicy", "Retain")));
    spec.put("configuration", configuration(ctx));
    List<Map<String, Object>> podTemplates = new ArrayList<>();
    podTemplates.add(podTemplate(TEMPLATE, ctx, service.version()));
    if (service.upgrade().hasCanary()) {
      podTemplates.add(podTemplate(CANARY_TEMPLATE, ctx, service.upgrade().canary()));
    }
    spec.put(
        "templates",
        Map.of(
            "podTemplates", podTemplates,
            "volumeClaimTemplates", volumeClaimTemplates(service.storage()),
            "serviceTemplates", List.of(serviceTemplate(service))));
    if (service.stopped()) {
      // The operator's way to power a CHI off: every StatefulSet scaled to 0, Pods and Services
      // deleted, PVCs kept; "no" scales them back onto the same volumes (spec.stop in the CRD,
      // Altinity/clickhouse-operator release-0.25.6, deploy/operator CRD, type StringBool).
      spec.put("stop", "yes");
    }
    GenericKubernetesResource installation = new GenericKubernetesResource();
    installation.setApiVersion(API_VERSION);
    installation.setKind(KIND);
    installation.setMetadata(Manifests.metadata(ctx, Naming.installation(service.name())));
    installation.setAdditionalProperty("spec", spec);
    return installation;
  }

  private static Map<String, Object> configuration(ServiceContext ctx) {
    ServiceSpec service = ctx.service();
    Map<String, Object> configuration = new TreeMap<>();
    configuration.put(
        "zookeeper",
        Map.of(
            "nodes", coordinatorNodes(ctx),
            "session_timeout_ms", 30000,
            "operation_timeout_ms", 10000));
    configuration.put("users", ServiceUsers.of(ctx));
    Map<String, String> files = new TreeMap<>(ServerConfigFiles.of(service));
    files.put(
        ServerConfigFiles.BACKUP_S3_FILE,
        ServerConfigFiles.backupS3(
            Naming.backupEndpoint(ctx.platform(), ctx.organisation().name())));
    configuration.put("files", files);
    Map<String, Object> cluster = new TreeMap<>();
    cluster.put("name", Naming.CLUSTER);
    Map<String, Object> layout = new TreeMap<>();
    layout.put("shardsCount", service.shards());
    layout.put("replicasCount", service.replicas());
    if (service.upgrade().hasCanary()) {
      // Replica 0 of every shard runs the canary's image; the operator applies a replica-level
      // template to that replica in each shard.
      layout.put(
          "replicas",
          List.of(
              Map.of(
                  "name", Naming.replica(0), "templates", Map.of("podTemplate", CANARY_TEMPLATE))));
    }
    cluster.put("layout", layout);
    cluster.put(
        "secret",
        Map.of(
            "valueFrom",
            Map.of(
                "secretKeyRef",
                Map.of(
                    "name",
                    ClickHouseDefaults.credentialsSecret(service.name()),
                    "key",
                    ClickHouseDefaults.INTERSERVER_SECRET_KEY))));
    // One PodDisruptionBudget per shard is rendered instead (see ShardDisruptionBudgets): a pod
    // matched by two budgets cannot be evicted at all.
    cluster.put("pdbManaged", "no");
    configuration.put("clusters", List.of(cluster));
    return configuration;
  }

  /** The service's own ZooKeeper nodes, or the client Service of its Keeper installation. */
  private static List<Map<String, Object>> coordinatorNodes(ServiceContext ctx) {
    ServiceSpec service = ctx.service();
    List<Map<String, Object>> nodes = new ArrayList<>();
    if (service.coordinator() == Coordinator.KEEPER) {
      nodes.add(
          Map.of(
              "host",
              ClickHouseDefaults.keeperClientService(service.name()),
              "port",
              ClickHouseDefaults.ZOOKEEPER_CLIENT_PORT));
      return nodes;
    }
    for (int i = 0; i < service.coordinatorNodes(); i++) {
      nodes.add(
          Map.of(
              "host",
              Naming.zookeeperNodeHost(ctx.organisation().name(), service.name(), i),
              "port",
              ClickHouseDefaults.ZOOKEEPER_CLIENT_PORT));
    }
    return nodes;
  }

  /**
   * The pod template: no {@code karpenter.sh/do-not-disrupt}, so Karpenter may replace the pod's
   * node while the service's window is open (its pool's budgets hold it otherwise), one replica of
   * a shard at a time (the shard's PodDisruptionBudget).
   */
  private static Map<String, Object> podTemplate(String name, ServiceContext ctx, String version) {
    return Map.of("name", name, "spec", podSpec(ctx, version));
  }

  private static PodSpec podSpec(ServiceContext ctx, String version) {
    ServiceSpec service = ctx.service();
    Map<String, Quantity> resources =
        Map.of(
            "cpu", new Quantity(service.resources().cpu()),
            "memory", new Quantity(service.resources().memory()));
    Container container = new Container();
    container.setName("clickhouse");
    container.setImage(ClickHouseDefaults.serverImage(version));
    container.setResources(Manifests.resources(resources, resources));
    ContainerPort metrics = new ContainerPort();
    metrics.setName("metrics");
    metrics.setContainerPort(ClickHouseDefaults.PROMETHEUS_PORT);
    metrics.setProtocol("TCP");
    container.setPorts(List.of(metrics));
    container.setStartupProbe(ping(10, 60));
    container.setReadinessProbe(ping(5, 3));
    container.setLivenessProbe(ping(10, 10));
    container.setSecurityContext(PodPlacement.containerSecurity());
    List<VolumeMount> mounts = new ArrayList<>();
    for (int i = 1; i < service.storage().disks(); i++) {
      VolumeMount mount = new VolumeMount();
      mount.setName(Naming.dataVolume(i));
      mount.setMountPath(ClickHouseDefaults.extraDiskPath(i));
      mounts.add(mount);
    }
    VolumeMount tlsMount = new VolumeMount();
    tlsMount.setName(TLS_VOLUME);
    tlsMount.setMountPath(ServerConfigFiles.CERTIFICATE_DIRECTORY);
    tlsMount.setReadOnly(true);
    mounts.add(tlsMount);
    container.setVolumeMounts(mounts);

    PodSpec pod = new PodSpec();
    pod.setContainers(List.of(container, logContainer(version)));
    // The endpoint's certificate, written by cert-manager (readable by ClickHouse's group only).
    SecretVolumeSource certificate = new SecretVolumeSource();
    certificate.setSecretName(Naming.certificateSecret(service.name()));
    certificate.setDefaultMode(0440);
    Volume tls = new Volume();
    tls.setName(TLS_VOLUME);
    tls.setSecret(certificate);
    pod.setVolumes(List.of(tls));
    pod.setSecurityContext(PodPlacement.podSecurity(ClickHouseDefaults.CLICKHOUSE_UID));
    pod.setAffinity(
        PodPlacement.onePerNode(
            Map.of(ClickHouseDefaults.OPERATOR_APP_LABEL, ClickHouseDefaults.OPERATOR_APP_VALUE),
            true));
    pod.setTopologySpreadConstraints(
        List.of(
            PodPlacement.acrossZones(
                Map.of(ClickHouseDefaults.OPERATOR_CHI_LABEL, Naming.installation(service.name())),
                List.of(ClickHouseDefaults.OPERATOR_SHARD_LABEL))));
    PodPlacement.onPlanNodes(pod, ctx);
    pod.setTerminationGracePeriodSeconds(120L);
    // BACKUP/RESTORE run inside the servers: they reach the organisation's bucket as its backup
    // role
    // (IRSA on this ServiceAccount; see docs/backups.md).
    pod.setServiceAccountName(Naming.BACKUP_SERVICE_ACCOUNT);
    return pod;
  }

  /**
   * The operator's log container, restricted: the server's image (already on the node, pinned like
   * the server), idle, non-root, no privilege escalation, no capabilities. The operator mounts the
   * log volume into it.
   */
  private static Container logContainer(String version) {
    Container log = new Container();
    log.setName(LOG_CONTAINER);
    log.setImage(ClickHouseDefaults.serverImage(version));
    log.setCommand(List.of("/bin/sh", "-c", "--"));
    log.setArgs(List.of("while true; do sleep 30; done;"));
    Map<String, Quantity> resources =
        Map.of(
            "cpu", new Quantity(PodResources.CLICKHOUSE_LOG_CPU),
            "memory", new Quantity(PodResources.CLICKHOUSE_LOG_MEMORY));
    log.setResources(Manifests.resources(resources, resources));
    log.setSecurityContext(PodPlacement.containerSecurity());
    return log;
  }

  private static Probe ping(int periodSeconds, int failureThreshold) {
    HTTPGetAction get = new HTTPGetAction();
    get.setPath("/ping");
    get.setPort(new IntOrString(ClickHouseDefaults.HTTP_PORT));
    Probe probe = new Probe();
    probe.setHttpGet(get);
    probe.setPeriodSeconds(periodSeconds);
    probe.setFailureThreshold(failureThreshold);
    probe.setTimeoutSeconds(3);
    return probe;
  }

  private static List<Map<String, Object>> volumeClaimTemplates(StorageSpec storage) {
    List<Map<String, Object>> templates = new ArrayList<>();
    for (int i = 0; i < storage.disks(); i++) {
      templates.add(
          volumeClaimTemplate(
              Naming.dataVolume(i), storage.storageClass(), storage, storage.size(), true));
    }
    // Server logs need no provisioned performance: always gp3 at its baseline.
    templates.add(
        volumeClaimTemplate(
            Naming.LOG_VOLUME, StorageClassName.GP3, storage, storage.logSize(), false));
    return templates;
  }

  private static Map<String, Object> volumeClaimTemplate(
      String name,
      StorageClassName storageClass,
      StorageSpec storage,
      String size,
      boolean provisioned) {
    Map<String, Object> template = new TreeMap<>();
    template.put("name", name);
    template.put("provisioner", "Operator");
    template.put("reclaimPolicy", "Retain");
    if (provisioned) {
      Map<String, String> annotations = new TreeMap<>();
      if (storage.iops() > 0) {
        annotations.put(IOPS_ANNOTATION, Integer.toString(storage.iops()));
      }
      if (storage.throughput() > 0) {
        annotations.put(THROUGHPUT_ANNOTATION, Integer.toString(storage.throughput()));
      }
      if (!annotations.isEmpty()) {
        template.put("metadata", Map.of("annotations", annotations));
      }
    }
    template.put("spec", claimSpec(storageClass.configName(), size));
    return template;
  }

  /** A ReadWriteOnce claim of {@code size} on {@code storageClass}. */
  static PersistentVolumeClaimSpec claimSpec(String storageClass, String size) {
    PersistentVolumeClaimSpec spec = new PersistentVolumeClaimSpec();
    spec.setAccessModes(List.of("ReadWriteOnce"));
    spec.setStorageClassName(storageClass);
    VolumeResourceRequirements resources = new VolumeResourceRequirements();
    resources.setRequests(Map.of("storage", new Quantity(size)));
    spec.setResources(resources);
    return spec;
  }

  private static Map<String, Object> serviceTemplate(ServiceSpec service) {
    io.fabric8.kubernetes.api.model.ServiceSpec spec =
        new io.fabric8.kubernetes.api.model.ServiceSpec();
    spec.setType("ClusterIP");
    spec.setPorts(
        List.of(
            servicePort("http", ClickHouseDefaults.HTTP_PORT),
            servicePort("tcp", ClickHouseDefaults.NATIVE_PORT),
            servicePort("secureclient", Ports.CLICKHOUSE_NATIVE_TLS),
            servicePort("https", Ports.CLICKHOUSE_HTTPS)));
    return Map.of(
        "name", TEMPLATE,
        "generateName", Naming.installationService(service.name()),
        "spec", spec);
  }

  private static ServicePort servicePort(String name, int port) {
    ServicePort servicePort = new ServicePort();
    servicePort.setName(name);
    servicePort.setPort(port);
    servicePort.setTargetPort(new IntOrString(port));
    return servicePort;
  }
}
