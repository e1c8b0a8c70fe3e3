package io.clickplane.clickhouse;

import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.FastYaml;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageClassName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
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
          FluxPaths.configs(spec) + "/storageclasses/" + type.configName() + ".yaml",
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
    for (List<RenderedFile> files :
        services.parallelStream().map(ctx -> service(ctx, yaml)).toList()) {
      for (RenderedFile file : files) {
        tree.add(file.path(), file.content());
      }
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

  /** One rendered file of a service, encoded in the worker that rendered it. */
  private record RenderedFile(String path, byte[] content) {}

  private static List<RenderedFile> service(ServiceContext ctx, Function<Object, String> yaml) {
    List<RenderedFile> files = new ArrayList<>(8);
    String dir = ctx.directory() + "/";
    BiConsumer<String, Object> add =
        (name, object) ->
            files.add(
                new RenderedFile(dir + name, yaml.apply(object).getBytes(StandardCharsets.UTF_8)));
    add.accept("clickhouseinstallation.yaml", InstallationResource.build(ctx));
    add.accept("service-admin-clients.yaml", AdminClients.service(ctx));
    if (!ctx.service().databases().isEmpty()) {
      add.accept("databases-job.yaml", DatabasesJob.build(ctx));
    }
    for (int shard = 0; shard < ctx.service().shards(); shard++) {
      add.accept(
          "poddisruptionbudget-shard-" + shard + ".yaml", ShardDisruptionBudgets.of(ctx, shard));
    }
    if (ctx.service().coordinator() == Coordinator.KEEPER) {
      add.accept("clickhousekeeperinstallation.yaml", KeeperInstallation.build(ctx));
    } else {
      add.accept("zookeeper-configmap.yaml", ZooKeeperEnsemble.configMap(ctx));
      add.accept("zookeeper-statefulset.yaml", ZooKeeperEnsemble.statefulSet(ctx));
      add.accept("zookeeper-service-headless.yaml", ZooKeeperEnsemble.headlessService(ctx));
      add.accept("zookeeper-service-client.yaml", ZooKeeperEnsemble.clientService(ctx));
      add.accept("zookeeper-poddisruptionbudget.yaml", ZooKeeperEnsemble.disruptionBudget(ctx));
    }
    return files;
  }
}
