package io.clickplane.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.capacity.InstanceType;
import io.clickplane.core.capacity.InstanceTypes;
import io.clickplane.core.plans.PlanCatalogue;
import io.clickplane.core.plans.PlanSizing;
import io.clickplane.core.plans.ServicePlan;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageClassName;
import io.clickplane.core.spec.StorageSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The stack keys of service plans, bound after the rest of the spec: {@code clickplane:plans} (the
 * stack's own plans) and each service's {@code plan:}. A service with {@code plan:} gets the plan's
 * computed resources ({@link PlanSizing}); one with raw {@code resources} keeps them and runs on
 * the smallest plan that fits them.
 *
 * <p>Refused, each at its key: a plan whose instance type the capacity catalogue lacks, a plan too
 * small for the platform's overheads, a plan spreading over more zones than the region offers its
 * instance types in or than the network has, an unknown plan name, {@code plan} and {@code
 * resources} together, resources no plan fits, and storage beyond the plan's instance's EBS limits
 * (volume attachments, IOPS, throughput).
 */
final class PlanBinding {
  static final String KEY = "clickplane:plans";

  /** The log disk's IOPS: it is always gp3 at its baseline (docs/capacity.md). */
  static final long LOG_DISK_IOPS = 3000;

  /** The log disk's throughput in MiB/s, gp3's baseline. */
  static final long LOG_DISK_MIB_PER_SECOND = 125;

  /** The network interfaces a ClickHouse node uses at most (primary and one for pod prefixes). */
  static final int CLICKHOUSE_NODE_INTERFACES = 2;

  private final ConfigDocument doc;
  private final BiConsumer<String, String> problem;
  private final boolean capacity;

  private PlanBinding(ConfigDocument doc, BiConsumer<String, String> problem, boolean capacity) {
    this.doc = doc;
    this.problem = problem;
    this.capacity = capacity;
  }

  /**
   * {@code spec} with its plans bound; problems go to {@code problem} (path, message). Without
   * {@code capacity}, whether resources, zones and storage fit a plan is not checked (a published
   * fleet that no longer fits still reads back).
   */
  static PlatformSpec apply(
      ConfigDocument doc, PlatformSpec spec, BiConsumer<String, String> problem, boolean capacity) {
    return new PlanBinding(doc, problem, capacity).bind(spec);
  }

  private PlatformSpec bind(PlatformSpec spec) {
    List<ServicePlan> own = ownPlans();
    PlanCatalogue catalogue = PlanCatalogue.of(own);
    Map<String, Integer> ownIndex = new HashMap<>();
    for (int i = 0; i < own.size(); i++) {
      ownIndex.put(own.get(i).name(), i);
      checkPlan(own.get(i), KEY + "[" + i + "]", spec);
    }
    JsonNode orgs = doc.value("clickplane:organisations").orElse(null);
    List<OrganisationSpec> out = new ArrayList<>();
    for (int o = 0; o < spec.organisations().size(); o++) {
      OrganisationSpec org = spec.organisations().get(o);
      List<ServiceSpec> services = new ArrayList<>();
      for (int s = 0; s < org.services().size(); s++) {
        String path = "clickplane:organisations[" + o + "].services[" + s + "]";
        JsonNode node = orgs == null ? null : orgs.path(o).path("services").path(s);
        services.add(service(org.services().get(s), node, path, catalogue, ownIndex, spec));
      }
      out.add(org.withServices(services));
    }
    return spec.withEks(spec.eks().withPlans(own)).withOrganisations(out);
  }

  private ServiceSpec service(
      ServiceSpec service,
      JsonNode node,
      String path,
      PlanCatalogue catalogue,
      Map<String, Integer> ownIndex,
      PlatformSpec spec) {
    JsonNode planNode = node == null ? null : node.get("plan");
    boolean hasResources = node != null && node.hasNonNull("resources");
    Optional<PlanSizing> sizing;
    ServiceSpec bound = service;
    if (planNode != null && !planNode.isNull()) {
      if (!planNode.isTextual()) {
        problem.accept(path + ".plan", "must be a plan's name (got " + describe(planNode) + ")");
        return service;
      }
      if (hasResources) {
        problem.accept(
            path + ".plan",
            "give either plan or resources, not both: a plan sets the pod's resources from its"
                + " node");
        return service;
      }
      Optional<ServicePlan> plan = catalogue.find(planNode.asText());
      if (plan.isEmpty()) {
        problem.accept(
            path + ".plan",
            "unknown plan \""
                + planNode.asText()
                + "\""
                + Suggestions.didYouMean(
                    planNode.asText(), catalogue.plans().stream().map(ServicePlan::name).toList())
                + "; plans: "
                + catalogue.namesText()
                + " (or add one under "
                + KEY
                + ")");
        return service;
      }
      sizing = PlanSizing.tryOf(plan.get());
      if (sizing.isEmpty() || !sizing.get().bigEnough()) {
        return service; // reported at the plan
      }
      bound = service.withResources(sizing.get().resources());
    } else {
      long cpu = Quantities.millicores(service.resources().cpu());
      long mem = Quantities.mebibytesCeil(service.resources().memory());
      sizing = catalogue.smallestFitting(cpu, mem);
      if (sizing.isEmpty() && !capacity) {
        return service;
      }
      if (sizing.isEmpty()) {
        problem.accept(
            path + ".resources",
            "no plan gives a ClickHouse pod "
                + service.resources().cpu()
                + " CPU and "
                + service.resources().memory()
                + " memory; name a plan (plan: NAME; plans: "
                + catalogue.namesText()
                + ") or add a larger one under "
                + KEY);
        return service;
      }
      bound = service.withResources(service.resources().withPlan(sizing.get().plan().name()));
    }
    if (!capacity) {
      return bound;
    }
    String at = path + (planNode != null ? ".plan" : ".resources");
    checkZones(sizing.get().plan(), at, spec);
    if (!ownIndex.containsKey(sizing.get().plan().name())) {
      checkOffered(sizing.get().plan(), at, spec); // the stack's own plans are checked at their key
    }
    checkStorage(service.storage(), sizing.get(), path);
    return bound;
  }

  private void checkZones(ServicePlan plan, String path, PlatformSpec spec) {
    int zones = spec.network().availabilityZones();
    if (plan.zones() > zones) {
      problem.accept(
          path,
          "plan \""
              + plan.name()
              + "\" spreads over "
              + plan.zones()
              + " availability zones and the network has "
              + zones
              + " (clickplane:network.availabilityZones); choose a plan with zones: "
              + zones
              + " or fewer, or give the network more zones");
    }
  }

  private void checkStorage(StorageSpec storage, PlanSizing sizing, String path) {
    InstanceType type = sizing.sizedFor();
    InstanceType.Ebs ebs = type.ebs();
    String on =
        " on plan \"" + sizing.plan().name() + "\" (" + type.name() + ", the EC2 User Guide's";
    int volumes = storage.disks() + 1;
    int free = ebs.attachments() - 1 - CLICKHOUSE_NODE_INTERFACES;
    if (volumes > free) {
      problem.accept(
          path + ".storage.disks",
          storage.disks()
              + " data disks and the log disk need "
              + volumes
              + " volume attachments"
              + on
              + " Nitro limit of "
              + ebs.attachments()
              + " shared with the root volume and "
              + CLICKHOUSE_NODE_INTERFACES
              + " network interfaces leaves "
              + free
              + "); use at most "
              + (free - 1)
              + " disks");
    }
    long logIops = LOG_DISK_IOPS;
    long iops = (long) storage.iops() * storage.disks() + logIops;
    if (iops > ebs.maximumIops()) {
      problem.accept(
          path + ".storage.iops",
          "the volumes of one replica provision "
              + iops
              + " IOPS ("
              + storage.disks()
              + " × "
              + storage.iops()
              + " + the log disk's "
              + logIops
              + ") but "
              + type.name()
              + " reaches at most "
              + ebs.maximumIops()
              + " EBS IOPS"
              + on
              + " EBS-optimized table; baseline "
              + ebs.baselineIops()
              + "); lower storage.iops to at most "
              + Math.max(0, (ebs.maximumIops() - logIops) / storage.disks())
              + " or choose a larger plan");
    }
    if (storage.storageClass() == StorageClassName.GP3) {
      long logThroughput = LOG_DISK_MIB_PER_SECOND;
      long mibs = (long) storage.throughput() * storage.disks() + logThroughput;
      if (mibs > ebs.maximumMibPerSecond()) {
        problem.accept(
            path + ".storage.throughput",
            "the volumes of one replica provision "
                + mibs
                + " MiB/s but "
                + type.name()
                + " reaches at most "
                + ebs.maximumMibPerSecond()
                + " MiB/s of EBS bandwidth ("
                + ebs.maximumMbps()
                + " Mbps"
                + on
                + " EBS-optimized table); lower storage.throughput or choose a larger plan");
      }
    }
  }

  private void checkPlan(ServicePlan plan, String path, PlatformSpec spec) {
    for (int j = 0; j < plan.instanceTypes().size(); j++) {
      String type = plan.instanceTypes().get(j);
      if (InstanceTypes.find(type).isEmpty()) {
        problem.accept(
            path + ".instanceTypes[" + j + "]",
            "instance type \""
                + type
                + "\" is not in the capacity catalogue, so its pod cannot be sized; use one of "
                + InstanceTypes.familiesText());
      }
    }
    PlanSizing.tryOf(plan)
        .filter(s -> !s.bigEnough())
        .ifPresent(
            s ->
                problem.accept(
                    path + ".instanceTypes",
                    "plan \""
                        + plan.name()
                        + "\" is too small for the platform's overheads: its ClickHouse pod would"
                        + " get "
                        + s.podCpuMillis()
                        + "m CPU and "
                        + s.podMemoryMib()
                        + "Mi memory ("
                        + s.breakdown()
                        + "), at least "
                        + PlanSizing.MIN_CPU_MILLIS
                        + "m and "
                        + PlanSizing.MIN_MEMORY_MIB
                        + "Mi are needed; choose a larger instance type"));
    checkOffered(plan, path + ".zones", spec);
  }

  private void checkOffered(ServicePlan plan, String path, PlatformSpec spec) {
    Optional<Integer> offered = InstanceTypes.zonesOffering(spec.region());
    if (offered.isEmpty()) {
      problem.accept(
          path,
          "the capacity catalogue does not know which availability zones of "
              + spec.region()
              + " offer the plans' instance types; regions known: "
              + InstanceTypes.regionsText());
    } else if (plan.zones() > offered.get()) {
      problem.accept(
          path,
          "plan \""
              + plan.name()
              + "\" spreads over "
              + plan.zones()
              + " zones but "
              + spec.region()
              + " offers its instance types in "
              + offered.get()
              + "; use at most "
              + offered.get());
    }
  }

  private List<ServicePlan> ownPlans() {
    JsonNode node = doc.value(KEY).orElse(null);
    List<ServicePlan> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      problem.accept(
          KEY,
          "must be a list of plans, each with name, instanceTypes and zones (got "
              + describe(node)
              + ")");
      return out;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String path = KEY + "[" + i + "]";
      JsonNode p = node.get(i);
      if (!p.isObject()) {
        problem.accept(path, "must be a map with keys name, instanceTypes, zones");
        continue;
      }
      boolean ok = true;
      for (java.util.Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!List.of("name", "instanceTypes", "zones").contains(k)) {
          problem.accept(
              path + "." + k,
              "unknown key"
                  + Suggestions.didYouMean(k, List.of("name", "instanceTypes", "zones"))
                  + "; allowed: name, instanceTypes, zones");
          ok = false;
        }
      }
      JsonNode name = p.get("name");
      if (name == null || !name.isTextual() || Rules.dnsLabel(name.asText()).isPresent()) {
        problem.accept(path + ".name", "required: a DNS-1123 label such as general-8");
        ok = false;
      } else if (seen.putIfAbsent(name.asText(), i) != null) {
        problem.accept(
            path + ".name",
            "duplicate plan \""
                + name.asText()
                + "\" (also at "
                + KEY
                + "["
                + seen.get(name.asText())
                + "])");
        ok = false;
      }
      JsonNode types = p.get("instanceTypes");
      List<String> typeNames = new ArrayList<>();
      if (types == null || !types.isArray() || types.isEmpty()) {
        problem.accept(
            path + ".instanceTypes", "required: a list of instance types such as [m6i.2xlarge]");
        ok = false;
      } else {
        for (int j = 0; j < types.size(); j++) {
          JsonNode t = types.get(j);
          if (!t.isTextual() || Rules.instanceType(t.asText()).isPresent()) {
            problem.accept(
                path + ".instanceTypes[" + j + "]",
                "must be an EC2 instance type such as m6i.2xlarge (got " + describe(t) + ")");
            ok = false;
          } else {
            typeNames.add(t.asText());
          }
        }
      }
      JsonNode zones = p.get("zones");
      int z = PlanCatalogue.DEFAULT_ZONES;
      if (zones != null && !zones.isNull()) {
        if (!zones.isIntegralNumber() || zones.asInt() < 1 || zones.asInt() > 6) {
          problem.accept(
              path + ".zones", "must be a number from 1 to 6 (got " + describe(zones) + ")");
          ok = false;
        } else {
          z = zones.asInt();
        }
      }
      if (ok) {
        out.add(new ServicePlan(name.asText(), typeNames, z));
      }
    }
    return out;
  }

  private static String describe(JsonNode node) {
    return SpecBinder.describe(node);
  }
}
