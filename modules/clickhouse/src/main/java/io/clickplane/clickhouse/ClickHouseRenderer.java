package io.clickplane.clickhouse;

import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageClassName;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the ClickHouse side of an environment: for every service of every organisation, its
 * {@code ClickHouseInstallation}, per-shard PodDisruptionBudgets and coordinator (a ZooKeeper
 * ensemble, or a {@code ClickHouseKeeperInstallation}); and the environment's StorageClasses.
 *
 * <p>A pure function of the spec: one object per file, same spec → same bytes. Files are written
 * only under {@code tenants/<env>/<org>/<service>/} and {@code
 * infrastructure/<env>/configs/storageclasses/}; the {@code kustomization.yaml} files listing them
 * belong to the Flux layout.
 */
public final class ClickHouseRenderer {
  private ClickHouseRenderer() {}

  public static ManifestSet render(PlatformSpec spec) {
    ManifestSet.Builder tree = ManifestSet.builder();
    for (StorageClassName type : StorageClassName.values()) {
      tree.add(
          storageClassDirectory(spec.environment()) + "/" + type.configName() + ".yaml",
          Yaml.write(StorageClasses.of(spec, type)));
    }
    List<ServiceContext> services = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        services.add(new ServiceContext(spec, org, service));
      }
    }
    // Services are independent: rendered in parallel, collected in order (the tree is sorted
    // anyway).
    for (ManifestSet service :
        services.parallelStream().map(ClickHouseRenderer::service).toList()) {
      tree.addAll(service);
    }
    return tree.build();
  }

  /**
   * Directory of the environment's StorageClasses: {@code
   * infrastructure/<env>/configs/storageclasses}.
   */
  public static String storageClassDirectory(String environment) {
    return "infrastructure/" + environment + "/configs/storageclasses";
  }

  private static ManifestSet service(ServiceContext ctx) {
    ManifestSet.Builder tree = ManifestSet.builder();
    String dir = ctx.directory() + "/";
    tree.add(dir + "clickhouseinstallation.yaml", Yaml.write(InstallationResource.build(ctx)));
    for (int shard = 0; shard < ctx.service().shards(); shard++) {
      tree.add(
          dir + "poddisruptionbudget-shard-" + shard + ".yaml",
          Yaml.write(ShardDisruptionBudgets.of(ctx, shard)));
    }
    if (ctx.service().coordinator() == Coordinator.KEEPER) {
      tree.add(
          dir + "clickhousekeeperinstallation.yaml", Yaml.write(KeeperInstallation.build(ctx)));
    } else {
      tree.add(dir + "zookeeper-configmap.yaml", Yaml.write(ZooKeeperEnsemble.configMap(ctx)));
      tree.add(dir + "zookeeper-statefulset.yaml", Yaml.write(ZooKeeperEnsemble.statefulSet(ctx)));
      tree.add(
          dir + "zookeeper-service-headless.yaml",
          Yaml.write(ZooKeeperEnsemble.headlessService(ctx)));
      tree.add(
          dir + "zookeeper-service-client.yaml", Yaml.write(ZooKeeperEnsemble.clientService(ctx)));
      tree.add(
          dir + "zookeeper-poddisruptionbudget.yaml",
          Yaml.write(ZooKeeperEnsemble.disruptionBudget(ctx)));
    }
    return tree.build();
  }
}
