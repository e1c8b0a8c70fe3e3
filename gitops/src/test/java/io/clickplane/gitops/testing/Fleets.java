package io.clickplane.gitops.testing;

import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.gitops.layout.FluxLayout;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Specs and trees for tests. Until the ClickHouse renderer is merged, each service's directory
 * holds stand-in objects (a ClickHouseInstallation outline and a ConfigMap) derived from the
 * service spec, so a change to a service changes exactly that service's files.
 */
public final class Fleets {
  private Fleets() {}

  public static PlatformSpec dev() {
    try {
      return StackConfig.load(Repo.stackFile("dev"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code organisations} × {@code services} copies of dev's first service. */
  public static PlatformSpec synthetic(int organisations, int services) {
    PlatformSpec dev = dev();
    ServiceSpec template = dev.organisations().get(0).services().get(0);
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (int o = 0; o < organisations; o++) {
      List<ServiceSpec> list = new ArrayList<>();
      for (int s = 0; s < services; s++) {
        list.add(renamed(template, String.format("s%03d", s)));
      }
      orgs.add(new OrganisationSpec(String.format("o%04d", o), list));
    }
    return withCapacity(dev.withOrganisations(orgs));
  }

  /**
   * The spec with the dedicated node group's max raised to one node per ClickHouse pod of the
   * fleet.
   */
  static PlatformSpec withCapacity(PlatformSpec spec) {
    int pods =
        spec.organisations().stream()
            .flatMap(o -> o.services().stream())
            .mapToInt(s -> s.shards() * s.replicas())
            .sum();
    List<io.clickplane.core.spec.NodeGroupSpec> groups = new ArrayList<>();
    for (io.clickplane.core.spec.NodeGroupSpec g : spec.eks().nodeGroups()) {
      groups.add(
          g.dedicated() && g.max() < pods
              ? new io.clickplane.core.spec.NodeGroupSpec(
                  g.name(), g.instanceType(), g.min(), pods, g.desired(), g.diskSize(), true)
              : g);
    }
    return spec.withEks(spec.eks().withNodeGroups(groups));
  }

  public static ServiceSpec renamed(ServiceSpec s, String name) {
    return s.withName(name);
  }

  public static PlatformSpec prod() {
    try {
      return StackConfig.load(Repo.stackFile("prod"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The spec with the retention of one service's backups set to {@code days}: a change of that
   * service only.
   */
  public static PlatformSpec withRetention(
      PlatformSpec spec, String organisation, String service, int days) {
    ServiceSpec s = spec.organisation(organisation).orElseThrow().service(service).orElseThrow();
    ServiceSpec changed =
        new ServiceSpec(
            s.name(),
            s.mode(),
            s.shards(),
            s.replicas(),
            s.version(),
            s.resources(),
            s.storage(),
            new io.clickplane.core.spec.BackupSpec(
                s.backup().schedule(), days, s.backup().enabled()),
            s.deletionProtection(),
            s.coordinator(),
            s.allow());
    return withService(spec, organisation, changed);
  }

  /** The spec with one service replaced. */
  public static PlatformSpec withService(
      PlatformSpec spec, String organisation, ServiceSpec service) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : org.services()) {
        services.add(
            org.name().equals(organisation) && s.name().equals(service.name()) ? service : s);
      }
      orgs.add(org.withServices(services));
    }
    return spec.withOrganisations(orgs);
  }

  /** The spec without one service. */
  public static PlatformSpec withoutService(
      PlatformSpec spec, String organisation, String service) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      orgs.add(
          org.withServices(
              org.services().stream()
                  .filter(s -> !(org.name().equals(organisation) && s.name().equals(service)))
                  .toList()));
    }
    return spec.withOrganisations(orgs);
  }

  /**
   * What {@code Fleet.render} produces: snapshot, Flux layout, services, every kustomization.yaml.
   */
  public static ManifestSet tree(PlatformSpec spec) {
    ManifestSet.Builder tree = ManifestSet.builder();
    SpecSnapshot.write(spec).forEach(tree::add);
    tree.addAll(FluxLayout.render(spec));
    tree.addAll(services(spec));
    return FluxLayout.complete(spec, tree.build());
  }

  /** Stand-in service objects: one file per object under the service's directory. */
  public static ManifestSet services(PlatformSpec spec) {
    ManifestSet.Builder out = ManifestSet.builder();
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec s : org.services()) {
        String dir = FluxPaths.service(spec.environment(), org.name(), s.name()) + "/";
        GenericKubernetesResource chi =
            new GenericKubernetesResourceBuilder()
                .withApiVersion("clickhouse.altinity.com/v1")
                .withKind("ClickHouseInstallation")
                .withNewMetadata()
                .withName(Naming.installation(s.name()))
                .withNamespace(Naming.namespace(org.name()))
                .endMetadata()
                .build();
        chi.setAdditionalProperty(
            "spec",
            Map.of(
                "configuration",
                Map.of(
                    "clusters",
                    List.of(
                        Map.of(
                            "name",
                            Naming.CLUSTER,
                            "layout",
                            Map.of("shardsCount", s.shards(), "replicasCount", s.replicas()))))));
        out.add(dir + "clickhouseinstallation.yaml", Yaml.write(chi));
        out.add(
            dir + "configmap.yaml",
            Yaml.write(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(s.name() + "-settings")
                    .withNamespace(Naming.namespace(org.name()))
                    .endMetadata()
                    .addToData("version", s.version())
                    .addToData("storage", s.storage().size())
                    .addToData("backup", s.backup().schedule() + " keep " + s.backup().retention())
                    .build()));
      }
    }
    return out.build();
  }
}
