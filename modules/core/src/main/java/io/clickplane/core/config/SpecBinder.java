package io.clickplane.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickplane.core.capacity.CapacityModel;
import io.clickplane.core.capacity.CapacityProblem;
import io.clickplane.core.naming.NameBudgets;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.AccessSpec;
import io.clickplane.core.spec.AddonVersions;
import io.clickplane.core.spec.BackupSpec;
import io.clickplane.core.spec.BillingSpec;
import io.clickplane.core.spec.ChangeAllowances;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.DnsSpec;
import io.clickplane.core.spec.EksAddons;
import io.clickplane.core.spec.EksSpec;
import io.clickplane.core.spec.EndpointSpec;
import io.clickplane.core.spec.GitopsSpec;
import io.clickplane.core.spec.KeycloakSpec;
import io.clickplane.core.spec.Mode;
import io.clickplane.core.spec.MonitoringSpec;
import io.clickplane.core.spec.NetworkSpec;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.Resources;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageClassName;
import io.clickplane.core.spec.StorageSpec;
import io.clickplane.core.spec.UpgradeSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one validator of the configuration contract: turns a {@link ConfigDocument} into a {@link
 * PlatformSpec}, or reports every problem at once, each with its file, line, key path and what is
 * allowed. Defaults are applied here and nowhere else; {@code docs/configuration.md} lists them.
 */
public final class SpecBinder {
  /** The namespace of this platform's keys. */
  public static final String NS = "clickplane:";

  /** Keys of the {@code clickplane:} namespace. */
  public static final List<String> KEYS =
      List.of(
          "environment",
          "domain",
          "bucketPrefix",
          "network",
          "eks",
          "gitops",
          "organisations",
          "dns",
          "monitoring",
          "keycloak",
          "billing",
          "plans",
          "gitopsPassword");

  /** Keys whose value must be a Pulumi secret ({@code secure:}) and is not part of the spec. */
  public static final Set<String> SECRET_KEYS = Set.of("gitopsPassword");

  /** Organisation names that would collide with cluster namespaces. */
  public static final Set<String> RESERVED_ORGANISATIONS =
      Set.of(
          "default",
          "flux-system",
          "istio-system",
          "istio-ingress",
          "clickhouse-operator",
          "keycloak",
          "cert-manager",
          "monitoring",
          "clickplane");

  public static final String DEFAULT_CIDR = "10.40.0.0/16";
  public static final int DEFAULT_AZS = 3;
  public static final String DEFAULT_EKS_VERSION = "1.31";

  /** The add-on defaults of {@link #DEFAULT_EKS_VERSION}; other versions: {@link EksAddons}. */
  public static final AddonVersions DEFAULT_ADDONS = EksAddons.defaultsFor(DEFAULT_EKS_VERSION);

  public static final String DEFAULT_CLICKHOUSE_VERSION = "25.3";
  public static final Resources DEFAULT_RESOURCES = new Resources("2", "8Gi");
  public static final String DEFAULT_STORAGE_SIZE = "100Gi";
  public static final String DEFAULT_LOG_SIZE = "10Gi";
  public static final int GP3_BASE_IOPS = 3000;
  public static final int GP3_BASE_THROUGHPUT = 125;
  public static final String DEFAULT_BACKUP_SCHEDULE = "0 2 * * *";
  public static final int DEFAULT_BACKUP_RETENTION = 7;

  private final ConfigDocument doc;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private boolean capacity = true;

  private SpecBinder(ConfigDocument doc) {
    this.doc = doc;
    problems.addAll(doc.syntaxProblems());
  }

  /** Validates and binds; throws with every problem found. */
  public static PlatformSpec bind(ConfigDocument doc) throws InvalidConfigException {
    return bind(doc, true);
  }

  /**
   * Validates and binds; with {@code capacity} false the capacity model's checks are left out (for
   * {@code clickplane plan}, which shows a fleet that does not fit).
   */
  static PlatformSpec bind(ConfigDocument doc, boolean capacity) throws InvalidConfigException {
    SpecBinder binder = new SpecBinder(doc);
    binder.capacity = capacity;
    PlatformSpec spec =
        binder.problems.isEmpty() || !doc.values().isEmpty() ? binder.platform() : null;
    if (!binder.problems.isEmpty() || spec == null) {
      List<ConfigProblem> sorted = new ArrayList<>(binder.problems);
      sorted.sort(Comparator.comparingInt(ConfigProblem::line));
      throw new InvalidConfigException(sorted);
    }
    return spec;
  }

  // ---------------------------------------------------------------- top level

  private PlatformSpec platform() {
    for (String key : doc.values().keySet()) {
      checkTopLevelKey(key);
    }
    String region = topString("aws:region", null, Rules::region);
    String environment =
        topString(NS + "environment", null, v -> Rules.dnsLabel(v).or(() -> Rules.namePart(v)));
    String domain = topString(NS + "domain", null, Rules::domain);
    String bucketPrefix =
        topString(
            NS + "bucketPrefix",
            "clickplane",
            v ->
                Rules.dnsLabel(v)
                    .or(() -> Rules.namePart(v))
                    .or(
                        () ->
                            v.length() > 30
                                ? Optional.of(
                                    "must be at most 30 characters so bucket names fit S3's 63 (got "
                                        + v.length()
                                        + ")")
                                : Optional.empty()));
    NetworkSpec network =
        network(object(NS + "network", "cidr", "availabilityZones", "natGatewayPerZone"));
    Obj eksObj = object(NS + "eks", "version", "publicAccessCidrs", "addons", "nodeGroups");
    EksSpec eks = eks(eksObj);
    GitopsSpec gitops = gitops(object(NS + "gitops", "repository", "branch"));
    secret(NS + "gitopsPassword");
    DnsSpec dns = dns(object(NS + "dns", "hostedZoneId", "acmeEmail", "acmeServer"));
    MonitoringSpec monitoring =
        monitoring(object(NS + "monitoring", "retention", "storageSize", "alertReceiver"));
    KeycloakSpec keycloak =
        keycloak(
            object(
                NS + "keycloak",
                "instances",
                "version",
                "databaseInstanceClass",
                "databaseStorageGib",
                "databaseMultiAz"));
    BillingSpec billing =
        billing(object(NS + "billing", "serverFeePerHour", "currency", "markupPercent"));
    List<OrganisationSpec> organisations = organisations(environment, domain, bucketPrefix);
    if (environment == null
        || domain == null
        || region == null
        || bucketPrefix == null
        || network == null
        || eks == null
        || gitops == null
        || dns == null
        || monitoring == null
        || keycloak == null
        || billing == null
        || organisations == null) {
      return null;
    }
    PlatformSpec spec =
        new PlatformSpec(
            environment,
            region,
            domain,
            bucketPrefix,
            network,
            eks,
            gitops,
            organisations,
            dns,
            monitoring,
            keycloak,
            billing);
    spec = PlanBinding.apply(doc, spec, this::problem, capacity);
    checkCapacity(spec);
    return spec;
  }

  private void checkTopLevelKey(String key) {
    int colon = key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1) {
      problem(
          key, "config keys are written namespace:key, e.g. clickplane:environment or aws:region");
      return;
    }
    if (key.startsWith(NS)) {
      String name = key.substring(NS.length());
      if (!KEYS.contains(name)) {
        problem(
            key,
            "unknown key"
                + Suggestions.didYouMean(name, KEYS)
                + "; allowed under clickplane: "
                + String.join(", ", KEYS));
      }
    } else if (Suggestions.distance(key.substring(0, colon), "clickplane") <= 2) {
      problem(
          key,
          "unknown namespace \"" + key.substring(0, colon) + "\" (did you mean \"clickplane\"?)");
    }
  }

  private String topString(String key, String def, Function<String, Optional<String>> rule) {
    JsonNode node = doc.value(key).orElse(null);
    if (node == null || node.isNull()) {
      if (def == null) {
        problem(key, "required" + requiredHint(key));
      }
      return def;
    }
    if (!node.isTextual()) {
      problem(key, "must be a string (got " + describe(node) + ")");
      return null;
    }
    return check(key, node.asText(), rule);
  }

  private static String requiredHint(String key) {
    return switch (key) {
      case "aws:region" -> ": the AWS region, e.g. eu-west-1";
      case NS + "environment" -> ": a DNS-1123 label naming the environment, e.g. dev";
      case NS + "domain" -> ": the DNS domain of service endpoints, e.g. ch.dev.example.com";
      case NS + "organisations" -> ": a list of organisations (may be empty: [])";
      default -> "";
    };
  }

  private void secret(String key) {
    JsonNode node = doc.value(key).orElse(null);
    if (node == null || node.isNull()) {
      return;
    }
    boolean secure =
        node.isObject() && node.size() == 1 && node.has("secure") && node.get("secure").isTextual();
    // Pulumi hands a running program the decrypted value as plain text.
    boolean decrypted = !doc.hasLine(key) && node.isTextual();
    if (!secure && !decrypted) {
      problem(
          key,
          "must be a Pulumi secret: set it with 'pulumi config set --secret "
              + key
              + " VALUE' (a plaintext value would be committed to Git)");
    }
  }

  // ---------------------------------------------------------------- network and eks

  private NetworkSpec network(Obj o) {
    String cidr = o.string("cidr", DEFAULT_CIDR, v -> Rules.cidr(v, 16, 20));
    Integer azs = o.integer("availabilityZones", DEFAULT_AZS, 2, 6);
    Boolean natPerZone = o.bool("natGatewayPerZone", true);
    if (cidr == null || azs == null || natPerZone == null) {
      return null;
    }
    return new NetworkSpec(cidr, azs, natPerZone);
  }

  private EksSpec eks(Obj o) {
    String version = o.string("version", DEFAULT_EKS_VERSION, Rules::eksVersion);
    List<String> cidrs =
        o.strings("publicAccessCidrs", List.of("0.0.0.0/0"), v -> Rules.cidr(v, 0, 32));
    // Add-ons follow the cluster version; an invalid version is reported above, and the add-ons
    // are checked against the default version meanwhile.
    String clusterVersion =
        version != null && EksAddons.supportedVersions().contains(version)
            ? version
            : DEFAULT_EKS_VERSION;
    AddonVersions defaults = EksAddons.defaultsFor(clusterVersion);
    Obj addonsObj = o.object("addons", "vpcCni", "ebsCsiDriver", "coreDns", "kubeProxy");
    String vpcCni = addonsObj.string("vpcCni", defaults.vpcCni(), Rules::addonVersion);
    String ebs = addonsObj.string("ebsCsiDriver", defaults.ebsCsiDriver(), Rules::addonVersion);
    String coreDns = addonsObj.string("coreDns", defaults.coreDns(), Rules::addonVersion);
    String kubeProxy =
        addonsObj.string(
            "kubeProxy",
            defaults.kubeProxy(),
            v ->
                Rules.addonVersion(v)
                    .or(
                        () ->
                            version == null || EksAddons.kubeProxyMinor(v).equals(version)
                                ? Optional.empty()
                                : Optional.of(
                                    "must be a kube-proxy of the cluster's Kubernetes minor version "
                                        + version
                                        + " (EKS refuses another), e.g. "
                                        + defaults.kubeProxy()
                                        + ", or leave it out to get that default (got \""
                                        + v
                                        + "\")")));
    List<Obj> groupObjs =
        o.objects(
            "nodeGroups",
            true,
            "name",
            "instanceType",
            "min",
            "max",
            "desired",
            "diskSize",
            "dedicated");
    if (groupObjs != null && groupObjs.isEmpty() && o.has("nodeGroups")) {
      problem(o.path + ".nodeGroups", "must list at least one node group");
    }
    List<NodeGroupSpec> groups = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    String dedicatedAt = null;
    for (Obj g : groupObjs == null ? List.<Obj>of() : groupObjs) {
      String name = g.requiredString("name", Rules::dnsLabel);
      String type = g.requiredString("instanceType", Rules::instanceType);
      Integer min = g.integer("min", 1, 0, 1000);
      Integer max = g.integer("max", 3, 1, 1000);
      Integer desired = g.integer("desired", min == null ? 0 : min, 0, 1000);
      Integer diskSize = g.integer("diskSize", 100, 20, 16384);
      Boolean dedicated = g.bool("dedicated", false);
      if (name != null && seen.putIfAbsent(name, g.path) != null) {
        problem(
            g.path + ".name",
            "duplicate node group name \"" + name + "\" (also at " + seen.get(name) + ")");
      }
      if (min != null && max != null && min > max) {
        problem(g.path + ".min", "must not exceed max (got min " + min + ", max " + max + ")");
      }
      if (min != null
          && max != null
          && desired != null
          && min <= max
          && (desired < min || desired > max)) {
        problem(
            g.path + ".desired",
            "must be between min and max (" + min + ".." + max + ", got " + desired + ")");
      }
      if (Boolean.TRUE.equals(dedicated)) {
        if (dedicatedAt != null) {
          problem(
              g.path + ".dedicated",
              "only one node group may be dedicated to ClickHouse (already " + dedicatedAt + ")");
        }
        dedicatedAt = g.path;
      }
      if (name != null
          && type != null
          && min != null
          && max != null
          && desired != null
          && diskSize != null
          && dedicated != null) {
        groups.add(new NodeGroupSpec(name, type, min, max, desired, diskSize, dedicated));
      }
    }
    if (version == null
        || cidrs == null
        || vpcCni == null
        || ebs == null
        || coreDns == null
        || kubeProxy == null
        || groupObjs == null) {
      return null;
    }
    return new EksSpec(version, cidrs, new AddonVersions(vpcCni, ebs, coreDns, kubeProxy), groups);
  }

  private GitopsSpec gitops(Obj o) {
    String repository = o.string("repository", "", Rules::gitRepository);
    String branch = o.string("branch", "main", Rules::branch);
    return repository == null || branch == null ? null : new GitopsSpec(repository, branch);
  }

  private DnsSpec dns(Obj o) {
    String zone = o.string("hostedZoneId", DnsSpec.DEFAULT.hostedZoneId(), Rules::hostedZoneId);
    String email = o.string("acmeEmail", DnsSpec.DEFAULT.acmeEmail(), Rules::email);
    String server = o.string("acmeServer", DnsSpec.DEFAULT.acmeServer(), Rules::httpsUrl);
    return zone == null || email == null || server == null
        ? null
        : new DnsSpec(zone, email, server);
  }

  private MonitoringSpec monitoring(Obj o) {
    MonitoringSpec d = MonitoringSpec.DEFAULT;
    String retention = o.string("retention", d.retention(), Rules::prometheusDuration);
    String storage =
        o.string(
            "storageSize",
            d.storageSize(),
            v -> quantity(v, "a storage quantity such as 50Gi", gib(1), gib(16384), "1Gi", "16Ti"));
    Obj r = o.object("alertReceiver", "type", "secretName", "secretKey");
    String type =
        r.string(
            "type",
            d.alertReceiver().type(),
            v ->
                List.of("none", "webhook", "slack").contains(v)
                    ? Optional.empty()
                    : Optional.of("must be one of none, webhook, slack (got \"" + v + "\")"));
    String secretName = r.string("secretName", "", Rules::dnsSubdomain);
    String secretKey = r.string("secretKey", d.alertReceiver().secretKey(), Rules::secretKey);
    if (type != null && secretName != null && !type.equals("none") && secretName.isEmpty()) {
      problem(
          r.path + ".secretName",
          "required for receiver type "
              + type
              + ": the Kubernetes Secret in namespace monitoring that holds the URL (never the URL"
              + " itself)");
      secretName = null;
    }
    if (retention == null
        || storage == null
        || type == null
        || secretName == null
        || secretKey == null) {
      return null;
    }
    return new MonitoringSpec(
        retention, storage, new MonitoringSpec.AlertReceiver(type, secretName, secretKey));
  }

  private KeycloakSpec keycloak(Obj o) {
    KeycloakSpec d = KeycloakSpec.DEFAULT;
    Integer instances = o.integer("instances", d.instances(), 1, 9);
    String version = o.string("version", d.version(), Rules::keycloakVersion);
    String dbClass =
        o.string("databaseInstanceClass", d.databaseInstanceClass(), Rules::rdsInstanceClass);
    Integer storage = o.integer("databaseStorageGib", d.databaseStorageGib(), 20, 65536);
    Boolean multiAz = o.bool("databaseMultiAz", d.databaseMultiAz());
    return instances == null
            || version == null
            || dbClass == null
            || storage == null
            || multiAz == null
        ? null
        : new KeycloakSpec(instances, version, dbClass, storage, multiAz);
  }

  private BillingSpec billing(Obj o) {
    BillingSpec d = BillingSpec.DEFAULT;
    BigDecimal fee =
        o.decimal(
            "serverFeePerHour", d.serverFeePerHour(), BigDecimal.ZERO, new BigDecimal("1000"));
    String currency = o.string("currency", d.currency(), Rules::currency);
    BigDecimal markup =
        o.decimal("markupPercent", d.markupPercent(), BigDecimal.ZERO, new BigDecimal("1000"));
    return fee == null || currency == null || markup == null
        ? null
        : new BillingSpec(fee, currency, markup);
  }

  /**
   * Every pod fits a node where it is placed and every group's {@code max} holds its pods: the
   * capacity model ({@link CapacityModel}, see docs/capacity.md) reports each problem at the key to
   * change.
   */
  private void checkCapacity(PlatformSpec spec) {
    if (!capacity) {
      return;
    }
    for (CapacityProblem p : CapacityModel.plan(spec).problems()) {
      problem(p.path(), p.message());
    }
  }

  // ---------------------------------------------------------------- organisations and services

  private List<OrganisationSpec> organisations(
      String environment, String domain, String bucketPrefix) {
    String key = NS + "organisations";
    JsonNode node = doc.value(key).orElse(null);
    if (node == null || node.isNull()) {
      problem(key, "required" + requiredHint(key));
      return null;
    }
    if (!node.isArray()) {
      problem(key, "must be a list of organisations (got " + describe(node) + ")");
      return null;
    }
    List<OrganisationSpec> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      Obj o = new Obj(key + "[" + i + "]", node.get(i), true, "name", "services");
      String name =
          o.requiredString(
              "name",
              v -> Rules.dnsLabel(v).or(() -> Rules.namePart(v)).or(() -> reservedOrganisation(v)));
      if (name != null && seen.putIfAbsent(name, o.path) != null) {
        problem(
            o.path + ".name",
            "duplicate organisation name \"" + name + "\" (also at " + seen.get(name) + ")");
      }
      if (name != null && environment != null && bucketPrefix != null) {
        PlatformSpec probe = namingProbe(environment, domain, bucketPrefix);
        for (String m :
            NameBudgets.organisation(
                Naming.backupBucket(probe, name), Naming.backupRole(probe, name))) {
          problem(o.path + ".name", m);
        }
      }
      List<ServiceSpec> services = services(o, name, domain);
      if (name == null || services == null) {
        ok = false;
      } else {
        out.add(new OrganisationSpec(name, services));
      }
    }
    return ok ? out : null;
  }

  private static Optional<String> reservedOrganisation(String name) {
    if (RESERVED_ORGANISATIONS.contains(name) || name.startsWith("kube-")) {
      return Optional.of(
          "\"" + name + "\" is reserved for a cluster namespace; choose another organisation name");
    }
    return Optional.empty();
  }

  private static PlatformSpec namingProbe(String environment, String domain, String bucketPrefix) {
    return new PlatformSpec(
        environment,
        "us-east-1",
        domain == null ? "example.com" : domain,
        bucketPrefix,
        new NetworkSpec(DEFAULT_CIDR, DEFAULT_AZS, true),
        new EksSpec(DEFAULT_EKS_VERSION, List.of(), DEFAULT_ADDONS, List.of()),
        new GitopsSpec("", "main"),
        List.of());
  }

  private List<ServiceSpec> services(Obj org, String orgName, String domain) {
    List<Obj> objs =
        org.objects(
            "services",
            false,
            "name",
            "mode",
            "shards",
            "replicas",
            "version",
            "resources",
            "plan",
            "storage",
            "backup",
            "deletionProtection",
            "coordinator",
            "allow",
            "databases",
            "endpoint",
            "access",
            "upgrade",
            "restoreFrom");
    if (objs == null) {
      return null;
    }
    List<ServiceSpec> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    boolean ok = true;
    for (Obj s : objs) {
      ServiceSpec service = service(s, orgName, domain);
      if (service != null && seen.putIfAbsent(service.name(), s.path) != null) {
        problem(
            s.path + ".name",
            "duplicate service name \""
                + service.name()
                + "\" in organisation \""
                + orgName
                + "\" (also at "
                + seen.get(service.name())
                + ")");
      }
      if (service == null) {
        ok = false;
      } else {
        out.add(service);
      }
    }
    for (int i = 0; ok && i < out.size(); i++) {
      ServiceSpec service = out.get(i);
      String path = objs.get(i).path + ".restoreFrom.service";
      service
          .restoreFrom()
          .filter(r -> !seen.containsKey(r.service()))
          .ifPresent(
              r ->
                  problem(
                      path,
                      "no service \""
                          + r.service()
                          + "\" in organisation \""
                          + orgName
                          + "\"; a service is restored from another service of the same"
                          + " organisation ("
                          + String.join(", ", seen.keySet().stream().sorted().toList())
                          + ")"));
    }
    return ok ? out : null;
  }

  private ServiceSpec service(Obj s, String orgName, String domain) {
    String name = s.requiredString("name", Rules::dnsLabel);
    Mode mode = s.requiredEnum("mode", Mode.class);
    Integer shards = s.integer("shards", null, 1, 64);
    Integer replicas = s.integer("replicas", null, 1, 5);
    if (mode != null) {
      shards = shardsFor(s, mode, shards);
      replicas = replicasFor(s, mode, replicas);
    }
    String version = s.string("version", DEFAULT_CLICKHOUSE_VERSION, Rules::clickhouseVersion);
    Resources resources = resources(s.object("resources", "cpu", "memory"));
    StorageSpec storage =
        storage(s.object("storage", "class", "size", "disks", "iops", "throughput", "logSize"));
    BackupSpec backup = backup(s.object("backup", "schedule", "retention", "enabled"));
    Boolean deletionProtection = s.bool("deletionProtection", true);
    Coordinator coordinator = s.enumValue("coordinator", Coordinator.class, Coordinator.ZOOKEEPER);
    ChangeAllowances allow =
        allowances(
            s.object(
                "allow",
                "diskShrink",
                "shardRemoval",
                "replicaReduction",
                "coordinatorSwitch",
                "versionDowngrade",
                "storageClassChange",
                "directUpgrade"));
    List<String> databases = databases(s);
    Obj endpointObj = s.object("endpoint", "dedicatedLoadBalancer");
    Boolean dedicatedLb = endpointObj.bool("dedicatedLoadBalancer", false);
    AccessSpec access = access(s.object("access", "allowedCidrs"));
    UpgradeSpec upgrade = upgrade(s.object("upgrade", "canary"), version);
    Optional<RestoreSpec> restoreFrom = restore(s, name);
    if (name != null && orgName != null && shards != null && replicas != null && storage != null) {
      for (String m :
          NameBudgets.service(
              orgName,
              name,
              shards,
              replicas,
              storage.disks(),
              domain == null ? "example.com" : domain)) {
        problem(s.path + ".name", m);
      }
    }
    if (name == null
        || mode == null
        || shards == null
        || replicas == null
        || version == null
        || resources == null
        || storage == null
        || backup == null
        || deletionProtection == null
        || coordinator == null
        || allow == null
        || databases == null
        || dedicatedLb == null
        || access == null
        || upgrade == null
        || restoreFrom == null) {
      return null;
    }
    return new ServiceSpec(
        name,
        mode,
        shards,
        replicas,
        version,
        resources,
        storage,
        backup,
        deletionProtection,
        coordinator,
        allow,
        databases,
        new EndpointSpec(dedicatedLb),
        access,
        upgrade,
        restoreFrom);
  }

  /** Database names the platform creates: distinct, not a system database. */
  private List<String> databases(Obj s) {
    List<String> names = s.strings("databases", List.of(), Rules::databaseName);
    if (names == null) {
      return null;
    }
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (!seen.add(names.get(i))) {
        problem(
            s.path + ".databases[" + i + "]",
            "duplicate database \"" + names.get(i) + "\"; list each database once");
        return null;
      }
    }
    return names;
  }

  private AccessSpec access(Obj o) {
    if (!o.has("allowedCidrs")) {
      return AccessSpec.OPEN;
    }
    List<String> cidrs = o.strings("allowedCidrs", List.of(), v -> Rules.cidr(v, 0, 32));
    if (cidrs == null) {
      return null;
    }
    if (cidrs.isEmpty()) {
      problem(
          o.path + ".allowedCidrs",
          "must list at least one CIDR such as 203.0.113.0/24; remove the key to leave the endpoint"
              + " open to every address");
      return null;
    }
    return new AccessSpec(cidrs);
  }

  private UpgradeSpec upgrade(Obj o, String version) {
    String canary = o.string("canary", "", Rules::clickhouseVersion);
    if (canary == null) {
      return null;
    }
    if (!canary.isEmpty() && canary.equals(version)) {
      problem(
          o.path + ".canary",
          "is the service's version already; to promote the canary, set version to it and remove"
              + " upgrade.canary");
      return null;
    }
    return canary.isEmpty() ? UpgradeSpec.NONE : new UpgradeSpec(canary);
  }

  private Optional<RestoreSpec> restore(Obj s, String name) {
    Obj o = s.object("restoreFrom", "service", "backup");
    if (!s.has("restoreFrom")) {
      return Optional.empty();
    }
    String service = o.requiredString("service", Rules::dnsLabel);
    String backup = o.string("backup", RestoreSpec.LATEST, Rules::backupId);
    if (service != null && service.equals(name)) {
      problem(
          o.path + ".service",
          "a service cannot be restored from its own backups; restore into a new service");
      return null;
    }
    return service == null || backup == null ? null : Optional.of(new RestoreSpec(service, backup));
  }

  private Integer shardsFor(Obj s, Mode mode, Integer shards) {
    if (shards == null) {
      if (s.has("shards")) {
        return null;
      }
      if (mode == Mode.SHARDED) {
        problem(s.path + ".shards", "required for mode sharded: the number of shards, at least 2");
        return null;
      }
      return 1;
    }
    if (mode == Mode.SHARDED && shards < 2) {
      problem(s.path + ".shards", "must be at least 2 for mode sharded (got " + shards + ")");
      return null;
    }
    if (mode != Mode.SHARDED && shards != 1) {
      problem(
          s.path + ".shards",
          "must be 1 for mode "
              + mode.configName()
              + " (got "
              + shards
              + "); use mode sharded for more shards");
      return null;
    }
    return shards;
  }

  private Integer replicasFor(Obj s, Mode mode, Integer replicas) {
    if (replicas == null) {
      return s.has("replicas") ? null : (mode == Mode.SINGLE ? 1 : 3);
    }
    if (mode == Mode.SINGLE && replicas != 1) {
      problem(
          s.path + ".replicas",
          "must be 1 for mode single (got "
              + replicas
              + "); use mode replicated for more replicas");
      return null;
    }
    if (mode != Mode.SINGLE && replicas < 2) {
      problem(
          s.path + ".replicas",
          "must be from 2 to 5 for mode " + mode.configName() + " (got " + replicas + ")");
      return null;
    }
    return replicas;
  }

  private Resources resources(Obj o) {
    String cpu =
        o.string(
            "cpu",
            DEFAULT_RESOURCES.cpu(),
            v ->
                quantity(
                    v,
                    "a CPU quantity such as \"4\" or \"3500m\"",
                    new BigDecimal("0.25"),
                    new BigDecimal("192"),
                    "250m",
                    "192"));
    String memory =
        o.string(
            "memory",
            DEFAULT_RESOURCES.memory(),
            v -> quantity(v, "a memory quantity such as 16Gi", gib(1), gib(1536), "1Gi", "1536Gi"));
    return cpu == null || memory == null ? null : new Resources(cpu, memory);
  }

  /**
   * EBS limits, from the Amazon EBS User Guide ("Amazon EBS volume types", "General Purpose SSD
   * volumes", "Provisioned IOPS SSD volumes", https://docs.aws.amazon.com/ebs/latest/userguide/):
   * gp3: 1 GiB to 16 TiB, 3,000 to 16,000 IOPS and at most 500 IOPS per GiB beyond the 3,000
   * baseline, 125 to 1,000 MiB/s and at most 0.25 MiB/s per provisioned IOPS; io2 Block Express: 4
   * GiB to 64 TiB, 100 to 256,000 IOPS and at most 1,000 IOPS per GiB, throughput following the
   * IOPS (not set separately). A volume whose figures break these is refused by EBS at creation or
   * by ModifyVolume later, so the stack file is refused first.
   */
  private StorageSpec storage(Obj o) {
    StorageClassName cls = o.enumValue("class", StorageClassName.class, StorageClassName.GP3);
    boolean io2 = cls == StorageClassName.IO2;
    String size =
        o.string(
            "size",
            DEFAULT_STORAGE_SIZE,
            v ->
                quantity(
                    v,
                    "a storage quantity such as 500Gi",
                    gib(io2 ? 4 : 1),
                    io2 ? gib(65536) : gib(16384),
                    io2 ? "4Gi" : "1Gi",
                    io2 ? "64Ti" : "16Ti"));
    Integer disks = o.integer("disks", 1, 1, 8);
    String logSize =
        o.string(
            "logSize",
            DEFAULT_LOG_SIZE,
            v -> quantity(v, "a storage quantity such as 10Gi", gib(1), gib(1024), "1Gi", "1Ti"));
    Integer iops;
    Integer throughput;
    if (cls == StorageClassName.IO2) {
      iops = o.integer("iops", 3000, 100, 256000);
      throughput = 0;
      if (o.has("throughput")) {
        problem(
            o.path + ".throughput", "applies to class gp3 only; io2 throughput follows its IOPS");
        throughput = null;
      }
      if (iops != null && size != null && Quantities.isQuantity(size)) {
        long gibs = Quantities.gibibytesCeil(size);
        if ((long) iops > gibs * 1000) {
          problem(
              o.path + ".iops",
              "io2 allows at most 1000 IOPS per GiB: "
                  + (gibs * 1000)
                  + " for "
                  + size
                  + " (got "
                  + iops
                  + ")");
          iops = null;
        }
      }
    } else {
      iops = o.integer("iops", GP3_BASE_IOPS, 3000, 16000);
      throughput = o.integer("throughput", GP3_BASE_THROUGHPUT, 125, 1000);
      if (iops != null && iops > GP3_BASE_IOPS && size != null && Quantities.isQuantity(size)) {
        long gibs = Quantities.gibibytesCeil(size);
        if ((long) iops > gibs * 500) {
          problem(
              o.path + ".iops",
              "gp3 allows at most 500 IOPS per GiB above its 3000 baseline: "
                  + Math.max(GP3_BASE_IOPS, gibs * 500)
                  + " for "
                  + size
                  + " (got "
                  + iops
                  + ")");
          iops = null;
        }
      }
      if (iops != null && throughput != null && throughput * 4 > iops) {
        problem(
            o.path + ".throughput",
            "gp3 allows at most 0.25 MiB/s per provisioned IOPS: "
                + (iops / 4)
                + " for "
                + iops
                + " IOPS (got "
                + throughput
                + ")");
        throughput = null;
      }
    }
    if (cls == null
        || size == null
        || disks == null
        || iops == null
        || throughput == null
        || logSize == null) {
      return null;
    }
    return new StorageSpec(cls, size, disks, iops, throughput, logSize);
  }

  private BackupSpec backup(Obj o) {
    String schedule = o.string("schedule", DEFAULT_BACKUP_SCHEDULE, Rules::cron);
    Integer retention = o.integer("retention", DEFAULT_BACKUP_RETENTION, 1, 365);
    Boolean enabled = o.bool("enabled", true);
    return schedule == null || retention == null || enabled == null
        ? null
        : new BackupSpec(schedule, retention, enabled);
  }

  private ChangeAllowances allowances(Obj o) {
    Boolean a = o.bool("diskShrink", false);
    Boolean b = o.bool("shardRemoval", false);
    Boolean c = o.bool("replicaReduction", false);
    Boolean d = o.bool("coordinatorSwitch", false);
    Boolean e = o.bool("versionDowngrade", false);
    Boolean f = o.bool("storageClassChange", false);
    Boolean g = o.bool("directUpgrade", false);
    return a == null || b == null || c == null || d == null || e == null || f == null || g == null
        ? null
        : new ChangeAllowances(a, b, c, d, e, f, g);
  }

  private static BigDecimal gib(long n) {
    return BigDecimal.valueOf(n).multiply(BigDecimal.valueOf(1L << 30));
  }

  private static Optional<String> quantity(
      String v, String what, BigDecimal min, BigDecimal max, String minText, String maxText) {
    if (!Quantities.isQuantity(v)) {
      return Optional.of("must be " + what + " (got \"" + v + "\")");
    }
    BigDecimal value = Quantities.value(v);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      return Optional.of("must be from " + minText + " to " + maxText + " (got \"" + v + "\")");
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- plumbing

  private Obj object(String key, String... allowed) {
    return new Obj(key, doc.value(key).orElse(null), false, allowed);
  }

  private String check(String path, String value, Function<String, Optional<String>> rule) {
    Optional<String> bad = rule == null ? Optional.empty() : rule.apply(value);
    if (bad.isPresent()) {
      problem(path, bad.get());
      return null;
    }
    return value;
  }

  private void problem(String path, String message) {
    problems.add(new ConfigProblem(doc.source(), doc.line(path), path, message));
  }

  /** The stack-file spelling of an enum's values: lowercase names. */
  private static <E extends Enum<E>> List<String> enumNames(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT))
        .toList();
  }

  /** How a value is named in messages: {@code string "x"}, {@code number 3}, {@code a list}. */
  static String describe(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isTextual()) {
      return "string \"" + node.asText() + "\"";
    }
    if (node.isNumber()) {
      return "number " + node.asText();
    }
    if (node.isBoolean()) {
      return "boolean " + node.asText();
    }
    if (node.isArray()) {
      return "a list";
    }
    return "a map";
  }

  /** A map in the configuration at a key path, with the keys it may hold. */
  private final class Obj {
    final String path;
    final ObjectNode node;

    Obj(String path, JsonNode value, boolean required, String... allowed) {
      this.path = path;
      if (value == null || value.isNull()) {
        if (required) {
          problem(path, "must be a map with keys " + String.join(", ", allowed));
        }
        this.node = null;
      } else if (!(value instanceof ObjectNode on)) {
        problem(
            path,
            "must be a map with keys "
                + String.join(", ", allowed)
                + " (got "
                + describe(value)
                + ")");
        this.node = null;
      } else {
        this.node = on;
        List<String> keys = Arrays.asList(allowed);
        for (String k : new LinkedHashSet<>(iterable(on))) {
          if (!keys.contains(k)) {
            problem(
                path + "." + k,
                "unknown key"
                    + Suggestions.didYouMean(k, keys)
                    + "; allowed: "
                    + String.join(", ", keys));
          }
        }
      }
    }

    private static List<String> iterable(ObjectNode on) {
      List<String> out = new ArrayList<>();
      on.fieldNames().forEachRemaining(out::add);
      return out;
    }

    boolean has(String key) {
      return node != null && node.has(key) && !node.get(key).isNull();
    }

    JsonNode get(String key) {
      return has(key) ? node.get(key) : null;
    }

    String string(String key, String def, Function<String, Optional<String>> rule) {
      JsonNode v = get(key);
      if (v == null) {
        return def;
      }
      if (!v.isTextual()) {
        problem(
            path + "." + key,
            "must be a string (got "
                + describe(v)
                + ")"
                + (v.isNumber() ? "; quote it: \"" + v.asText() + "\"" : ""));
        return null;
      }
      return check(path + "." + key, v.asText(), rule);
    }

    String requiredString(String key, Function<String, Optional<String>> rule) {
      if (node != null && !has(key)) {
        problem(path + "." + key, "required");
        return null;
      }
      return node == null ? null : string(key, null, rule);
    }

    Integer integer(String key, Integer def, int min, int max) {
      JsonNode v = get(key);
      if (v == null) {
        return def;
      }
      if (!v.isIntegralNumber()) {
        problem(
            path + "." + key,
            "must be a whole number from " + min + " to " + max + " (got " + describe(v) + ")");
        return null;
      }
      BigInteger n = v.bigIntegerValue();
      if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
        problem(path + "." + key, "must be from " + min + " to " + max + " (got " + n + ")");
        return null;
      }
      return n.intValue();
    }

    BigDecimal decimal(String key, BigDecimal def, BigDecimal min, BigDecimal max) {
      JsonNode v = get(key);
      if (v == null) {
        return def;
      }
      BigDecimal n = null;
      if (v.isNumber()) {
        n = v.decimalValue();
      } else if (v.isTextual()) {
        try {
          n = new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
          n = null;
        }
      }
      if (n == null) {
        problem(
            path + "." + key,
            "must be a decimal number from "
                + min.toPlainString()
                + " to "
                + max.toPlainString()
                + " such as \"0.05\" (got "
                + describe(v)
                + ")");
        return null;
      }
      if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
        problem(
            path + "." + key,
            "must be from "
                + min.toPlainString()
                + " to "
                + max.toPlainString()
                + " (got "
                + n.toPlainString()
                + ")");
        return null;
      }
      return n.stripTrailingZeros().scale() < 0 ? n.setScale(0) : n.stripTrailingZeros();
    }

    Boolean bool(String key, boolean def) {
      JsonNode v = get(key);
      if (v == null) {
        return def;
      }
      if (!v.isBoolean()) {
        problem(path + "." + key, "must be true or false (got " + describe(v) + ")");
        return null;
      }
      return v.booleanValue();
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E def) {
      JsonNode v = get(key);
      if (v == null) {
        return def;
      }
      List<String> names = enumNames(type);
      if (v.isTextual() && names.contains(v.asText())) {
        return Enum.valueOf(type, v.asText().toUpperCase(Locale.ROOT));
      }
      String given = v.isTextual() ? v.asText() : "";
      problem(
          path + "." + key,
          "must be one of "
              + String.join(", ", names)
              + " (got "
              + describe(v)
              + ")"
              + Suggestions.didYouMean(given, names));
      return null;
    }

    <E extends Enum<E>> E requiredEnum(String key, Class<E> type) {
      if (node != null && !has(key)) {
        problem(path + "." + key, "required: one of " + String.join(", ", enumNames(type)));
        return null;
      }
      return node == null ? null : enumValue(key, type, null);
    }

    Obj object(String key, String... allowed) {
      return new Obj(path + "." + key, get(key), false, allowed);
    }

    List<String> strings(String key, List<String> def, Function<String, Optional<String>> rule) {
      JsonNode v = get(key);
      if (v == null) {
        return def;
      }
      if (!v.isArray()) {
        problem(path + "." + key, "must be a list of strings (got " + describe(v) + ")");
        return null;
      }
      List<String> out = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < v.size(); i++) {
        String itemPath = path + "." + key + "[" + i + "]";
        JsonNode item = v.get(i);
        if (!item.isTextual()) {
          problem(itemPath, "must be a string (got " + describe(item) + ")");
          ok = false;
        } else if (check(itemPath, item.asText(), rule) == null) {
          ok = false;
        } else {
          out.add(item.asText());
        }
      }
      return ok ? out : null;
    }

    /** A list of maps; absent is an error when {@code required}, else an empty list. */
    List<Obj> objects(String key, boolean required, String... allowed) {
      JsonNode v = get(key);
      if (v == null) {
        if (node != null && required) {
          problem(path + "." + key, "required: a list");
          return null;
        }
        if (node == null && required) {
          problem(path + "." + key, "required: a list");
          return null;
        }
        return List.of();
      }
      if (!v.isArray()) {
        problem(path + "." + key, "must be a list (got " + describe(v) + ")");
        return null;
      }
      List<Obj> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        out.add(new Obj(path + "." + key + "[" + i + "]", v.get(i), true, allowed));
      }
      return out;
    }
  }
}
