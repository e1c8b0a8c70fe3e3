package io.clickplane.core.config;

import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.plans.PlanCatalogue;
import io.clickplane.core.plans.PlanSizing;
import io.clickplane.core.plans.ServicePlan;
import io.clickplane.core.spec.KeycloakSpec;
import io.clickplane.core.spec.MonitoringSpec;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageClassName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical text of a {@link PlatformSpec}: a stack file with every default written out, keys
 * sorted. Reading it back with {@link StackConfig#parse} gives an equal spec, so it doubles as the
 * snapshot of what was published, which the change guards compare against.
 */
public final class CanonicalSpec {
  private CanonicalSpec() {}

  /** Path, inside a rendered tree, of the snapshot of the spec it was rendered from. */
  public static String snapshotPath(String environment) {
    return ".clickplane/" + environment + "/spec.yaml";
  }

  public static String write(PlatformSpec spec) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("aws:region", spec.region());
    config.put("clickplane:environment", spec.environment());
    config.put("clickplane:domain", spec.domain());
    config.put("clickplane:bucketPrefix", spec.bucketPrefix());
    config.put(
        "clickplane:network",
        Map.of(
            "cidr", spec.network().cidr(),
            "availabilityZones", spec.network().availabilityZones(),
            "natGatewayPerZone", spec.network().natGatewayPerZone()));
    List<Object> groups = new ArrayList<>();
    for (NodeGroupSpec g : spec.eks().nodeGroups()) {
      groups.add(
          Map.of(
              "name",
              g.name(),
              "instanceType",
              g.instanceType(),
              "min",
              g.min(),
              "max",
              g.max(),
              "desired",
              g.desired(),
              "diskSize",
              g.diskSize(),
              "dedicated",
              g.dedicated()));
    }
    config.put(
        "clickplane:eks",
        Map.of(
            "version", spec.eks().version(),
            "publicAccessCidrs", spec.eks().publicAccessCidrs(),
            "addons",
                Map.of(
                    "vpcCni", spec.eks().addons().vpcCni(),
                    "ebsCsiDriver", spec.eks().addons().ebsCsiDriver(),
                    "coreDns", spec.eks().addons().coreDns(),
                    "kubeProxy", spec.eks().addons().kubeProxy()),
            "nodeGroups", groups));
    if (!spec.eks().plans().isEmpty()) {
      List<Object> plans = new ArrayList<>();
      for (ServicePlan p : spec.eks().plans()) {
        plans.add(Map.of("name", p.name(), "instanceTypes", p.instanceTypes(), "zones", p.zones()));
      }
      config.put("clickplane:plans", plans);
    }
    config.put(
        "clickplane:gitops",
        Map.of(
            // Validation refuses a credential in the URL; redacting again keeps one out of Git
            // even for a spec built without validation.
            "repository",
            GitUrls.redact(spec.gitops().repository()),
            "branch",
            spec.gitops().branch()));
    config.put(
        "clickplane:dns",
        Map.of(
            "hostedZoneId", spec.dns().hostedZoneId(),
            "acmeEmail", spec.dns().acmeEmail(),
            "acmeServer", spec.dns().acmeServer()));
    MonitoringSpec.AlertReceiver receiver = spec.monitoring().alertReceiver();
    config.put(
        "clickplane:monitoring",
        Map.of(
            "retention", spec.monitoring().retention(),
            "storageSize", spec.monitoring().storageSize(),
            "alertReceiver",
                Map.of(
                    "type", receiver.type(),
                    "secretName", receiver.secretName(),
                    "secretKey", receiver.secretKey())));
    KeycloakSpec keycloak = spec.keycloak();
    config.put(
        "clickplane:keycloak",
        Map.of(
            "instances", keycloak.instances(),
            "version", keycloak.version(),
            "databaseInstanceClass", keycloak.databaseInstanceClass(),
            "databaseStorageGib", keycloak.databaseStorageGib(),
            "databaseMultiAz", keycloak.databaseMultiAz()));
    config.put(
        "clickplane:billing",
        Map.of(
            "serverFeePerHour", spec.billing().serverFeePerHour().toPlainString(),
            "currency", spec.billing().currency(),
            "markupPercent", spec.billing().markupPercent().toPlainString()));
    List<Object> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      List<Object> services = new ArrayList<>();
      for (ServiceSpec s : org.services()) {
        services.add(service(s));
      }
      orgs.add(Map.of("name", org.name(), "services", services));
    }
    config.put("clickplane:organisations", orgs);
    return "# Canonical clickplane spec: every default written out. Generated; do not edit.\n"
        + Yaml.write(Map.of("config", config));
  }

  static Map<String, Object> service(ServiceSpec s) {
    Map<String, Object> storage = new LinkedHashMap<>();
    storage.put("class", s.storage().storageClass().configName());
    storage.put("size", s.storage().size());
    storage.put("disks", s.storage().disks());
    storage.put("iops", s.storage().iops());
    if (s.storage().storageClass() == StorageClassName.GP3) {
      storage.put("throughput", s.storage().throughput());
    }
    storage.put("logSize", s.storage().logSize());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("mode", s.mode().configName());
    m.put("shards", s.shards());
    m.put("replicas", s.replicas());
    m.put("version", s.version());
    // A service sized by a shipped plan is written as that plan, so reading the snapshot gives the
    // same plan back; otherwise its resources, which map to the smallest plan that fits them.
    boolean byPlan =
        PlanCatalogue.defaultCatalogue()
            .find(s.resources().plan())
            .flatMap(PlanSizing::tryOf)
            .filter(p -> p.resources().equals(s.resources()))
            .isPresent();
    if (byPlan) {
      m.put("plan", s.resources().plan());
    } else {
      m.put("resources", Map.of("cpu", s.resources().cpu(), "memory", s.resources().memory()));
    }
    m.put("storage", storage);
    m.put(
        "backup",
        Map.of(
            "schedule",
            s.backup().schedule(),
            "retention",
            s.backup().retention(),
            "enabled",
            s.backup().enabled()));
    m.put("deletionProtection", s.deletionProtection());
    m.put("coordinator", s.coordinator().configName());
    m.put(
        "allow",
        Map.of(
            "diskShrink", s.allow().diskShrink(),
            "shardRemoval", s.allow().shardRemoval(),
            "replicaReduction", s.allow().replicaReduction(),
            "coordinatorSwitch", s.allow().coordinatorSwitch(),
            "versionDowngrade", s.allow().versionDowngrade(),
            "storageClassChange", s.allow().storageClassChange(),
            "directUpgrade", s.allow().directUpgrade()));
    m.put("databases", s.databases());
    m.put("endpoint", Map.of("dedicatedLoadBalancer", s.endpoint().dedicatedLoadBalancer()));
    if (!s.access().isOpen()) {
      m.put("access", Map.of("allowedCidrs", s.access().allowedCidrs()));
    }
    if (s.upgrade().hasCanary()) {
      m.put("upgrade", Map.of("canary", s.upgrade().canary()));
    }
    s.restoreFrom()
        .ifPresent(r -> m.put("restoreFrom", Map.of("service", r.service(), "backup", r.backup())));
    return m;
  }
}
