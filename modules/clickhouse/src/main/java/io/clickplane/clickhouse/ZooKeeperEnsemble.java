package io.clickplane.clickhouse;

import io.clickplane.core.capacity.PodResources;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ZooKeeper ensemble of one service (its default coordinator): 3 nodes, 1 for {@code single}; a
 * StatefulSet with its own volume per node, spread over zones and nodes, non-root; a headless
 * Service for peers, a client Service, a PodDisruptionBudget and the ConfigMap holding {@code
 * zoo.cfg}.
 */
public final class ZooKeeperEnsemble {
  /** Label on the ensemble's pods selecting them (value: the StatefulSet's name). */
  static final String APP_LABEL = Naming.ZOOKEEPER_APP_LABEL;

  static final String CONFIG_DIR = "/conf";

  /** Port names: {@code tcp-*} so the mesh treats them as opaque TCP; metrics are HTTP. */
  static final String CLIENT_PORT = "tcp-client";

  static final String PEER_PORT = "tcp-peer";
  static final String ELECTION_PORT = "tcp-election";
  static final String METRICS_PORT = Ports.ZOOKEEPER_METRICS_PORT_NAME;

  /** Pod template annotation carrying the SHA-256 of the rendered zoo.cfg. */
  static final String CONFIG_HASH_ANNOTATION = "clickplane.io/zoo-cfg-sha256";

  /**
   * The readiness command: the image's own status check, which asks the local server {@code srvr}
   * and succeeds only when it reports a Mode (leader, follower or standalone).
   */
  static final List<String> READINESS_COMMAND =
      List.of("zkServer.sh", "--config", "/conf", "status");

  static final String DATA_DIR = "/data";
  static final String LOG_DIR = "/logs";

  private ZooKeeperEnsemble() {}

  /**
   * The {@code zoo.cfg} of a service's ensemble: node {@code N} ({@code server.N}) is the pod with
   * ordinal {@code N-1}, reached through the headless Service's stable DNS name.
   */
  public static String zooCfg(String organisation, ServiceSpec service) {
    List<Map<String, Object>> servers = new ArrayList<>();
    for (int i = 0; i < service.coordinatorNodes(); i++) {
      servers.add(
          Map.of("id", i + 1, "host", Naming.zookeeperNodeHost(organisation, service.name(), i)));
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("organisation", organisation);
    model.put("service", service.name());
    model.put("dataDir", DATA_DIR);
    model.put("clientPort", ClickHouseDefaults.ZOOKEEPER_CLIENT_PORT);
    model.put("peerPort", ClickHouseDefaults.ZOOKEEPER_PEER_PORT);
    model.put("electionPort", ClickHouseDefaults.ZOOKEEPER_ELECTION_PORT);
    model.put("metricsPort", ClickHouseDefaults.ZOOKEEPER_METRICS_PORT);
    model.put("standalone", service.coordinatorNodes() == 1);
    model.put("servers", servers);
    return ConfigTemplates.render("zoo.cfg.ftl", model);
  }

  static ConfigMap configMap(ServiceContext ctx) {
    ConfigMap configMap = new ConfigMap();
    configMap.setMetadata(Manifests.metadata(ctx, Naming.zookeeper(ctx.name())));
    configMap.setData(Map.of("zoo.cfg", zooCfg(ctx.organisation().name(), ctx.service())));
    return configMap;
  }

  static Service headlessService(ServiceContext ctx) {
    io.fabric8.kubernetes.api.model.ServiceSpec spec =
        new io.fabric8.kubernetes.api.model.ServiceSpec();
    spec.setClusterIP("None");
    spec.setPublishNotReadyAddresses(true);
    spec.setSelector(selectorLabels(ctx));
    spec.setPorts(
        List.of(
            servicePort(PEER_PORT, ClickHouseDefaults.ZOOKEEPER_PEER_PORT),
            servicePort(ELECTION_PORT, ClickHouseDefaults.ZOOKEEPER_ELECTION_PORT)));
    return service(Manifests.metadata(ctx, Naming.zookeeperHeadless(ctx.name())), spec);
  }

  static Service clientService(ServiceContext ctx) {
    io.fabric8.kubernetes.api.model.ServiceSpec spec =
        new io.fabric8.kubernetes.api.model.ServiceSpec();
    spec.setType("ClusterIP");
    spec.setSelector(selectorLabels(ctx));
    spec.setPorts(List.of(servicePort(CLIENT_PORT, ClickHouseDefaults.ZOOKEEPER_CLIENT_PORT)));
    return service(Manifests.metadata(ctx, Naming.zookeeperClient(ctx.name())), spec);
  }

  static PodDisruptionBudget disruptionBudget(ServiceContext ctx) {
    PodDisruptionBudgetSpec spec = new PodDisruptionBudgetSpec();
    spec.setMaxUnavailable(new IntOrString(1));
    spec.setSelector(Manifests.matching(selectorLabels(ctx)));
    PodDisruptionBudget budget = new PodDisruptionBudget();
    budget.setMetadata(Manifests.metadata(ctx, Naming.zookeeper(ctx.name())));
    budget.setSpec(spec);
    return budget;
  }

  static StatefulSet statefulSet(ServiceContext ctx) {
    String name = Naming.zookeeper(ctx.name());
    Map<String, String> selector = selectorLabels(ctx);
    Map<String, String> podLabels = new TreeMap<>(ctx.labels());
    podLabels.putAll(selector);
    Quantity memory = new Quantity(PodResources.ZOOKEEPER_MEMORY);

    Container container = new Container();
    container.setName("zookeeper");
    container.setImage(ClickHouseDefaults.ZOOKEEPER_IMAGE);
    // myid is the pod's ordinal + 1, matching server.N in zoo.cfg.
    container.setCommand(
        List.of(
            "bash",
            "-c",
            "set -e; echo $(( ${HOSTNAME##*-} + 1 )) > "
                + DATA_DIR
                + "/myid; "
                + "exec zkServer.sh --config "
                + CONFIG_DIR
                + " start-foreground"));
    container.setEnv(
        List.of(
            new EnvVar("ZOO_LOG_DIR", LOG_DIR, null),
            // zkEnv.sh: the server's heap, and the heap of the status check's client JVM.
            new EnvVar("ZK_SERVER_HEAP", "512", null),
            new EnvVar("SERVER_JVMFLAGS", "-Xms256m", null),
            new EnvVar("ZK_CLIENT_HEAP", "32", null)));
    container.setPorts(
        List.of(
            containerPort(CLIENT_PORT, ClickHouseDefaults.ZOOKEEPER_CLIENT_PORT),
            containerPort(PEER_PORT, ClickHouseDefaults.ZOOKEEPER_PEER_PORT),
            containerPort(ELECTION_PORT, ClickHouseDefaults.ZOOKEEPER_ELECTION_PORT),
            containerPort(METRICS_PORT, ClickHouseDefaults.ZOOKEEPER_METRICS_PORT)));
    container.setResources(
        Manifests.resources(
            Map.of("cpu", new Quantity(PodResources.ZOOKEEPER_CPU), "memory", memory),
            Map.of("memory", memory)));
    // Ready only while the server serves requests (a quorum member that lost or has not yet
    // joined its quorum answers srvr without a Mode): a rolling update waits for each restarted
    // node to rejoin before stopping the next. Alive while the client port accepts connections.
    container.setReadinessProbe(servingProbe());
    container.setLivenessProbe(clientPortProbe(20, 6));
    container.setSecurityContext(PodPlacement.containerSecurity());
    container.setVolumeMounts(
        List.of(
            volumeMount(Naming.dataVolume(0), DATA_DIR, null),
            configFileMount(),
            volumeMount("logs", LOG_DIR, null)));

    Volume config = new Volume();
    config.setName("config");
    ConfigMapVolumeSource source = new ConfigMapVolumeSource();
    source.setName(name);
    config.setConfigMap(source);
    Volume logs = new Volume();
    logs.setName("logs");
    logs.setEmptyDir(new EmptyDirVolumeSource());

    PodSpec pod = new PodSpec();
    pod.setContainers(List.of(container));
    pod.setSecurityContext(PodPlacement.podSecurity(ClickHouseDefaults.ZOOKEEPER_UID));
    pod.setAffinity(PodPlacement.coordinator(selector, ctx));
    pod.setTopologySpreadConstraints(List.of(PodPlacement.acrossZones(selector, List.of())));
    pod.setVolumes(List.of(config, logs));
    ObjectMeta podMetadata = new ObjectMeta();
    podMetadata.setLabels(podLabels);
    // zoo.cfg is mounted by subPath, which a ConfigMap update does not reach: its hash in the pod
    // template rolls the ensemble (one ready node at a time) when it changes.
    Map<String, String> podAnnotations = new TreeMap<>(PodPlacement.NOT_EVICTABLE);
    podAnnotations.put(
        CONFIG_HASH_ANNOTATION, sha256(zooCfg(ctx.organisation().name(), ctx.service())));
    podMetadata.setAnnotations(podAnnotations);
    PodTemplateSpec template = new PodTemplateSpec();
    template.setMetadata(podMetadata);
    template.setSpec(pod);

    ObjectMeta claimMetadata = new ObjectMeta();
    claimMetadata.setName(Naming.dataVolume(0));
    claimMetadata.setLabels(ctx.labels());
    PersistentVolumeClaim claim = new PersistentVolumeClaim();
    claim.setMetadata(claimMetadata);
    claim.setSpec(
        InstallationResource.claimSpec(
            ctx.service().storage().storageClass().configName(),
            ClickHouseDefaults.COORDINATOR_VOLUME_SIZE));

    StatefulSetUpdateStrategy updates = new StatefulSetUpdateStrategy();
    updates.setType("RollingUpdate");
    StatefulSetPersistentVolumeClaimRetentionPolicy retention =
        new StatefulSetPersistentVolumeClaimRetentionPolicy();
    retention.setWhenDeleted("Retain");
    retention.setWhenScaled("Retain");

    StatefulSetSpec spec = new StatefulSetSpec();
    // A stopped service's ensemble scales to zero; the claims stay (whenScaled: Retain) and the
    // nodes come back on them with their snapshots and logs.
    spec.setReplicas(ctx.service().stopped() ? 0 : ctx.service().coordinatorNodes());
    spec.setServiceName(Naming.zookeeperHeadless(ctx.name()));
    spec.setPodManagementPolicy("Parallel");
    spec.setUpdateStrategy(updates);
    spec.setSelector(Manifests.matching(selector));
    spec.setTemplate(template);
    spec.setVolumeClaimTemplates(List.of(claim));
    spec.setPersistentVolumeClaimRetentionPolicy(retention);
    StatefulSet statefulSet = new StatefulSet();
    statefulSet.setMetadata(Manifests.metadata(ctx, name));
    statefulSet.setSpec(spec);
    return statefulSet;
  }

  private static Map<String, String> selectorLabels(ServiceContext ctx) {
    return Map.of(APP_LABEL, Naming.zookeeper(ctx.name()));
  }

  private static Service service(
      ObjectMeta metadata, io.fabric8.kubernetes.api.model.ServiceSpec spec) {
    Service service = new Service();
    service.setMetadata(metadata);
    service.setSpec(spec);
    return service;
  }

  /** A Service port forwarding to the container port of the same name. */
  private static ServicePort servicePort(String name, int port) {
    ServicePort servicePort = new ServicePort();
    servicePort.setName(name);
    servicePort.setPort(port);
    servicePort.setTargetPort(new IntOrString(name));
    return servicePort;
  }

  private static ContainerPort containerPort(String name, int number) {
    ContainerPort port = new ContainerPort();
    port.setName(name);
    port.setContainerPort(number);
    port.setProtocol("TCP");
    return port;
  }

  private static VolumeMount volumeMount(String name, String path, Boolean readOnly) {
    VolumeMount mount = new VolumeMount();
    mount.setName(name);
    mount.setMountPath(path);
    mount.setReadOnly(readOnly);
    return mount;
  }

  /** Only zoo.cfg over the image's configuration directory (its logging configuration stays). */
  private static VolumeMount configFileMount() {
    VolumeMount mount = volumeMount("config", CONFIG_DIR + "/zoo.cfg", true);
    mount.setSubPath("zoo.cfg");
    return mount;
  }

  private static Probe servingProbe() {
    ExecAction exec = new ExecAction();
    exec.setCommand(READINESS_COMMAND);
    Probe probe = new Probe();
    probe.setExec(exec);
    probe.setInitialDelaySeconds(10);
    probe.setPeriodSeconds(10);
    probe.setFailureThreshold(3);
    // The check starts a small JVM.
    probe.setTimeoutSeconds(10);
    return probe;
  }

  static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Probe clientPortProbe(int periodSeconds, int failureThreshold) {
    TCPSocketAction socket = new TCPSocketAction();
    socket.setPort(new IntOrString(CLIENT_PORT));
    Probe probe = new Probe();
    probe.setTcpSocket(socket);
    probe.setInitialDelaySeconds(10);
    probe.setPeriodSeconds(periodSeconds);
    probe.setFailureThreshold(failureThreshold);
    probe.setTimeoutSeconds(3);
    return probe;
  }
}
