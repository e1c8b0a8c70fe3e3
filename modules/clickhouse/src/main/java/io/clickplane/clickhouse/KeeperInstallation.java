package io.clickplane.clickhouse;

import io.clickplane.core.capacity.PodResources;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code ClickHouseKeeperInstallation} of a service with {@code coordinator: keeper}: 3 Keeper
 * nodes (1 for {@code single}), each with its own data volume, spread over zones and nodes,
 * non-root. The Keeper operator manages its PodDisruptionBudget (one node down at a time).
 */
final class KeeperInstallation {
  static final String API_VERSION = "clickhouse-keeper.altinity.com/v1";
  static final String KIND = "ClickHouseKeeperInstallation";
  private static final String TEMPLATE = "keeper";

  private KeeperInstallation() {}

  static GenericKubernetesResource build(ServiceContext ctx) {
    ServiceSpec service = ctx.service();
    String name = Naming.keeper(service.name());
    Map<String, String> thisKeeper = Map.of(ClickHouseDefaults.OPERATOR_CHK_LABEL, name);
    Quantity memory = new Quantity(PodResources.KEEPER_MEMORY);
    Container container = new Container();
    container.setName("clickhouse-keeper");
    container.setImage(ClickHouseDefaults.keeperImage(service.version()));
    container.setResources(
        Manifests.resources(
            Map.of("cpu", new Quantity(PodResources.KEEPER_CPU), "memory", memory),
            Map.of("memory", memory)));
    container.setSecurityContext(PodPlacement.containerSecurity());
    PodSpec pod = new PodSpec();
    pod.setContainers(List.of(container));
    pod.setSecurityContext(PodPlacement.podSecurity(ClickHouseDefaults.CLICKHOUSE_UID));
    pod.setAffinity(PodPlacement.coordinator(thisKeeper, ctx));
    pod.setTopologySpreadConstraints(List.of(PodPlacement.acrossZones(thisKeeper, List.of())));
    Map<String, Object> volume = new TreeMap<>();
    volume.put("name", Naming.dataVolume(0));
    volume.put("provisioner", "Operator");
    volume.put("reclaimPolicy", "Retain");
    volume.put(
        "spec",
        InstallationResource.claimSpec(
            service.storage().storageClass().configName(),
            ClickHouseDefaults.COORDINATOR_VOLUME_SIZE));

    Map<String, Object> settings = new TreeMap<>();
    settings.put("keeper_server/tcp_port", ClickHouseDefaults.ZOOKEEPER_CLIENT_PORT);
    settings.put("prometheus/endpoint", "/metrics");
    settings.put("prometheus/port", ClickHouseDefaults.PROMETHEUS_PORT);
    settings.put("prometheus/metrics", "true");
    settings.put("prometheus/events", "true");
    settings.put("prometheus/asynchronous_metrics", "true");

    Map<String, Object> spec = new TreeMap<>();
    spec.put(
        "defaults",
        Map.of(
            "templates",
                Map.of("podTemplate", TEMPLATE, "dataVolumeClaimTemplate", Naming.dataVolume(0)),
            "storageManagement", Map.of("provisioner", "Operator", "reclaimPolicy", "Retain")));
    spec.put(
        "configuration",
        Map.of(
            "settings",
            settings,
            "clusters",
            List.of(
                Map.of(
                    "name",
                    Naming.CLUSTER,
                    "layout",
                    Map.of("replicasCount", service.coordinatorNodes()),
                    "pdbMaxUnavailable",
                    1))));
    spec.put(
        "templates",
        Map.of(
            "podTemplates",
                List.of(
                    Map.of(
                        "name",
                        TEMPLATE,
                        "metadata",
                        Map.of("annotations", PodPlacement.NOT_EVICTABLE),
                        "spec",
                        pod)),
            "volumeClaimTemplates", List.of(volume)));
    if (service.stopped()) {
      // Same switch as the ClickHouseInstallation's: replicas to 0, volumes kept.
      spec.put("stop", "yes");
    }
    GenericKubernetesResource keeper = new GenericKubernetesResource();
    keeper.setApiVersion(API_VERSION);
    keeper.setKind(KIND);
    keeper.setMetadata(Manifests.metadata(ctx, name));
    keeper.setAdditionalProperty("spec", spec);
    return keeper;
  }
}
