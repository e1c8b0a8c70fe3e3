package io.clickplane.clickhouse;

import io.clickplane.core.manifest.FastYaml;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageClassName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
    return render(spec, FastYaml::write);
  }

  /** The same tree with every document serialised by {@code yaml} (tests compare writers). */
  static ManifestSet render(PlatformSpec spec, Function<Object, String> yaml) {
    ManifestSet.Builder tree = ManifestSet.builder();
    for (StorageClassName type : StorageClassName.values()) {
      tree.add(
          storageClassDirectory(spec.environment()) + "/" + type.configName() + ".yaml",
          yaml.apply(StorageClasses.of(spec, type)));
    }
    List<ServiceContext> services = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        services.add(new ServiceContext(spec, org, service));
      }
    }
    // Services are independent: rendered in parallel, collected in order (the tree is sorted
    // anyway).
    for (ManifestSet service : services.parallelStream().map(ctx -> service(ctx, yaml)).toList()) {
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

  private static ManifestSet service(ServiceContext ctx, Function<Object, String> yaml) {
    ManifestSet.Builder tree = ManifestSet.builder();
    String dir = ctx.directory() + "/";
    tree.add(dir + "clickhouseinstallation.yaml", yaml.apply(InstallationResource.build(ctx)));
    for (int shard = 0; shard < ctx.service().shards(); shard++) {
      tree.add(
          dir + "poddisruptionbudget-shard-" + shard + ".yaml",
          yaml.apply(ShardDisruptionBudgets.of(ctx, shard)));
    }
    if (ctx.service().coordinator() == Coordinator.KEEPER) {
      tree.add(
          dir + "clickhousekeeperinstallation.yaml", yaml.apply(KeeperInstallation.build(ctx)));
    } else {
      tree.add(dir + "zookeeper-configmap.yaml", yaml.apply(ZooKeeperEnsemble.configMap(ctx)));
      tree.add(dir + "zookeeper-statefulset.yaml", yaml.apply(ZooKeeperEnsemble.statefulSet(ctx)));
      tree.add(
          dir + "zookeeper-service-headless.yaml",
          yaml.apply(ZooKeeperEnsemble.headlessService(ctx)));
      tree.add(
          dir + "zookeeper-service-client.yaml", yaml.apply(ZooKeeperEnsemble.clientService(ctx)));
      tree.add(
          dir + "zookeeper-poddisruptionbudget.yaml",
          yaml.apply(ZooKeeperEnsemble.disruptionBudget(ctx)));
    }
    return tree.build();
  }
}
