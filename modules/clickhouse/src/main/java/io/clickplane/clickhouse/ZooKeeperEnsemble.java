package io.clickplane.clickhouse;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ZooKeeper ensemble of one service (its default coordinator): 3 nodes, 1 for {@code single}; a
 * StatefulSet with its own volume per node, spread over zones and nodes, non-root; a headless
 * Service for peers, a client Service, a PodDisruptionBudget and the ConfigMap holding {@code
 * zoo.cfg}.
 */
public final class ZooKeeperEnsemble {
  /** Label on the ensemble's pods selecting them (value: the StatefulSet's name). */
  static final String APP_LABEL = "app.kubernetes.io/name";

  static final String CONFIG_DIR = "/conf";
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
    model.put("standalone", service.coordinatorNodes() == 1);
    model.put("servers", servers);
    return ConfigTemplates.render("zoo.cfg.ftl", model);
  }

  static ConfigMap configMap(ServiceContext ctx) {
    return new ConfigMapBuilder()
        .withMetadata(Manifests.metadata(ctx, Naming.zookeeper(ctx.name())))
        .withData(Map.of("zoo.cfg", zooCfg(ctx.organisation().name(), ctx.service())))
        .build();
  }

  static Service headlessService(ServiceContext ctx) {
    return new ServiceBuilder()
        .withMetadata(Manifests.metadata(ctx, Naming.zookeeperHeadless(ctx.name())))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(selectorLabels(ctx))
        .addNewPort()
        .withName("peer")
        .withPort(ClickHouseDefaults.ZOOKEEPER_PEER_PORT)
        .withTargetPort(new IntOrString("peer"))
        .endPort()
        .addNewPort()
        .withName("election")
        .withPort(ClickHouseDefaults.ZOOKEEPER_ELECTION_PORT)
        .withTargetPort(new IntOrString("election"))
        .endPort()
        .endSpec()
        .build();
  }

  static Service clientService(ServiceContext ctx) {
    return new ServiceBuilder()
        .withMetadata(Manifests.metadata(ctx, Naming.zookeeperClient(ctx.name())))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(selectorLabels(ctx))
        .addNewPort()
        .withName("client")
        .withPort(ClickHouseDefaults.ZOOKEEPER_CLIENT_PORT)
        .withTargetPort(new IntOrString("client"))
        .endPort()
        .endSpec()
        .build();
  }

  static PodDisruptionBudget disruptionBudget(ServiceContext ctx) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(Manifests.metadata(ctx, Naming.zookeeper(ctx.name())))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withSelector(selector(ctx))
        .endSpec()
        .build();
  }

  static StatefulSet statefulSet(ServiceContext ctx) {
    String name = Naming.zookeeper(ctx.name());
    Map<String, String> podLabels = new LinkedHashMap<>(ctx.labels());
    podLabels.putAll(selectorLabels(ctx));
    Quantity cpu = new Quantity("250m");
    Quantity memory = new Quantity("1Gi");
    ContainerBuilder container =
        new ContainerBuilder()
            .withName("zookeeper")
            .withImage(ClickHouseDefaults.ZOOKEEPER_IMAGE)
            // myid is the pod's ordinal + 1, matching server.N in zoo.cfg.
            .withCommand(
                "bash",
                "-c",
                "set -e; echo $(( ${HOSTNAME##*-} + 1 )) > "
                    + DATA_DIR
                    + "/myid; "
                    + "exec zkServer.sh --config "
                    + CONFIG_DIR
                    + " start-foreground")
            .withEnv(
                new EnvVarBuilder().withName("ZOO_LOG_DIR").withValue(LOG_DIR).build(),
                new EnvVarBuilder().withName("JVMFLAGS").withValue("-Xms256m -Xmx512m").build())
            .withPorts(
                port("client", ClickHouseDefaults.ZOOKEEPER_CLIENT_PORT),
                port("peer", ClickHouseDefaults.ZOOKEEPER_PEER_PORT),
                port("election", ClickHouseDefaults.ZOOKEEPER_ELECTION_PORT))
            .withNewResources()
            .addToRequests("cpu", cpu)
            .addToRequests("memory", memory)
            .addToLimits("memory", memory)
            .endResources()
            .withReadinessProbe(clientPortProbe(10, 3))
            .withLivenessProbe(clientPortProbe(20, 6))
            .withSecurityContext(PodPlacement.containerSecurity())
            .withVolumeMounts(
                new VolumeMountBuilder()
                    .withName(Naming.dataVolume(0))
                    .withMountPath(DATA_DIR)
                    .build(),
                new VolumeMountBuilder()
                    .withName("config")
                    .withMountPath(CONFIG_DIR)
                    .withReadOnly(true)
                    .build(),
                new VolumeMountBuilder().withName("logs").withMountPath(LOG_DIR).build());
    return new StatefulSetBuilder()
        .withMetadata(Manifests.metadata(ctx, name))
        .withNewSpec()
        .withReplicas(ctx.service().coordinatorNodes())
        .withServiceName(Naming.zookeeperHeadless(ctx.name()))
        .withPodManagementPolicy("Parallel")
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .endUpdateStrategy()
        .withSelector(selector(ctx))
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .endMetadata()
        .withNewSpec()
        .withContainers(container.build())
        .withSecurityContext(PodPlacement.podSecurity(ClickHouseDefaults.ZOOKEEPER_UID))
        .withAffinity(PodPlacement.onePerNode(selector(ctx)))
        .withTopologySpreadConstraints(PodPlacement.acrossZones(selector(ctx), List.of()))
        .withVolumes(
            new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName(name)
                .endConfigMap()
                .build(),
            new VolumeBuilder().withName("logs").withNewEmptyDir().endEmptyDir().build())
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(Naming.dataVolume(0))
                .withLabels(ctx.labels())
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(ctx.service().storage().storageClass().configName())
                .withNewResources()
                .addToRequests("storage", new Quantity(ClickHouseDefaults.COORDINATOR_VOLUME_SIZE))
                .endResources()
                .endSpec()
                .build())
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Retain")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .endSpec()
        .build();
  }

  private static Map<String, String> selectorLabels(ServiceContext ctx) {
    return Map.of(APP_LABEL, Naming.zookeeper(ctx.name()));
  }

  private static LabelSelector selector(ServiceContext ctx) {
    return new LabelSelectorBuilder().withMatchLabels(selectorLabels(ctx)).build();
  }

  private static ContainerPort port(String name, int number) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(number)
        .withProtocol("TCP")
        .build();
  }

  private static Probe clientPortProbe(int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewTcpSocket()
        .withPort(new IntOrString("client"))
        .endTcpSocket()
        .withInitialDelaySeconds(10)
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .withTimeoutSeconds(3)
        .build();
  }
}
