package io.clickplane.stacks.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickplane.core.capacity.CapacityPlan;
import io.clickplane.core.capacity.GroupPlan;
import io.clickplane.core.capacity.NodeAllocatable;
import io.clickplane.core.capacity.Overheads;
import io.clickplane.core.capacity.PodDemand;
import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.plans.NodePools;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code clickplane plan} output: per managed node group and per Karpenter pool (the ClickHouse
 * pool once per plan in use) what a node offers, the pods it holds, the nodes at rest and at peak,
 * each node's headroom; per service the plan, its instance, the ClickHouse pool of its maintenance
 * window ({@link NodePools#clickhouse}; the pools of all windows offer the same instance types and
 * hold one pod per node, so the model counts them together) and what the ClickHouse pod gets; the
 * ClickHouse pods' utilisation of their nodes; and what does not fit with the key to change. Text
 * for people, JSON for machines; both deterministic.
 */
public final class PlanReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanReport() {}

  /** The plan as text; {@code problems} are the capacity problems with their file and line. */
  public static String text(
      PlatformSpec platform, CapacityPlan plan, List<ConfigProblem> problems) {
    StringBuilder out = new StringBuilder();
    out.append("Capacity plan of environment ").append(plan.environment()).append('\n');
    section(out, platform, plan);
    out.append('\n');
    verdict(out, problems);
    return out.toString();
  }

  /**
   * One cluster's part of the text: per group what a node offers and holds, per service its plan,
   * and the ClickHouse pods' utilisation; {@code platform} is the cluster's own spec.
   */
  static void section(StringBuilder out, PlatformSpec platform, CapacityPlan plan) {
    for (GroupPlan g : plan.groups()) {
      NodeGroupSpec spec = g.group();
      out.append('\n');
      if (g.karpenter()) {
        out.append("Karpenter pool ")
            .append(spec.name())
            .append(" (")
            .append(spec.instanceType())
            .append(
                g.pool().equals(NodePools.CLICKHOUSE)
                    ? "; one node per ClickHouse pod"
                    : "; coordinators and platform pods the managed groups do not hold")
            .append(")\n");
      } else {
        out.append("node group ")
            .append(spec.name())
            .append(" (")
            .append(spec.instanceType())
            .append(spec.dedicated() ? ", tainted for ClickHouse: holds no pod" : "")
            .append("): min ")
            .append(spec.min())
            .append(", max ")
            .append(spec.max())
            .append('\n');
      }
      if (g.allocatable().isEmpty()) {
        out.append("  instance type not in the capacity catalogue\n");
        continue;
      }
      NodeAllocatable a = g.allocatable().get();
      out.append(
          String.format(
              "  per node: %d vCPU, %dMi; allocatable %dm CPU, %dMi memory, %d pods"
                  + " (kube-reserved %dm / %dMi, eviction %dMi, VM overhead %dMi)%n",
              a.instanceType().vcpus(),
              a.instanceType().memoryMib(),
              a.cpuMillis(),
              a.memoryMib(),
              a.maxPods(),
              a.kubeReservedCpuMillis(),
              a.kubeReservedMemoryMib(),
              a.evictionHardMib(),
              a.vmOverheadMib()));
      out.append(
          String.format(
              "  node daemons: %dm / %dMi (%s); left for pods %dm / %dMi%n",
              g.daemonCpuMillis(),
              g.daemonMemoryMib(),
              Overheads.PER_NODE.stream()
                  .map(Overheads.NodeDaemon::name)
                  .collect(Collectors.joining(", ")),
              g.podCpuMillis(),
              g.podMemoryMib()));
      out.append("  pods: ").append(g.pods().size());
      Map<String, Long> byOwner = owners(g.pods());
      if (!byOwner.isEmpty()) {
        out.append(" (")
            .append(
                byOwner.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")))
            .append(')');
      }
      out.append('\n');
      out.append(
          String.format(
              "  nodes: %d at rest, %d at peak (one node being replaced)%n",
              g.atRest(), g.atPeak()));
      for (int i = 0; i < g.nodes().size(); i++) {
        GroupPlan.NodeUse n = g.nodes().get(i);
        out.append(
            String.format(
                "    node %d: headroom %dm / %dMi: %s%n",
                i + 1,
                n.freeCpuMillis(),
                n.freeMemoryMib(),
                n.pods().stream().map(PodDemand::id).collect(Collectors.joining(", "))));
      }
      if (g.karpenter()) {
        continue;
      }
      if (g.atRest() > spec.max()) {
        out.append("  does not fit: max is below the nodes at rest\n");
      }
      if (spec.min() > g.atRest()) {
        out.append(
            "  note: min keeps "
                + (spec.min() - g.atRest())
                + " node(s) more than the pods need; a managed group never goes below min\n");
      }
    }
    out.append("\nservices (plan, instance, its window's pool, what each ClickHouse pod gets):\n");
    for (ServiceLine s : services(platform)) {
      out.append(
          String.format(
              "  %s: plan %s on %s in pool %s, pod %dm / %dMi%s%n",
              s.owner,
              s.plan,
              s.instanceType,
              s.pool,
              s.podCpuMillis,
              s.podMemoryMib,
              s.fromResources ? " (its resources; the smallest plan that fits them)" : ""));
    }
    utilisation(out, plan.utilisation());
  }

  /** The ClickHouse pods' requests against their nodes, as one line. */
  static void utilisation(StringBuilder out, CapacityPlan.Utilisation u) {
    out.append(
        String.format(
            "ClickHouse pods request %dm of %dm CPU (%.2f) and %dMi of %dMi memory (%.2f) of"
                + " their nodes%n",
            u.requestedCpuMillis(),
            u.provisionedCpuMillis(),
            u.cpuRatio(),
            u.requestedMemoryMib(),
            u.provisionedMemoryMib(),
            u.memoryRatio()));
  }

  /** Whether every pod fits, or each problem with its file and line. */
  static void verdict(StringBuilder out, List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      out.append("Every pod fits.\n");
    } else {
      out.append("Does not fit (").append(problems.size()).append("):\n");
      for (ConfigProblem p : problems) {
        out.append("  ").append(p).append('\n');
      }
    }
  }

  /** The plan as JSON. */
  public static String json(
      PlatformSpec platform, CapacityPlan plan, List<ConfigProblem> problems) {
    ObjectNode root = object();
    root.put("environment", plan.environment());
    root.put("fits", problems.isEmpty());
    fill(root, platform, plan);
    problems(root, problems);
    return write(root);
  }

  /** One cluster's utilisation, services and node groups into {@code root}. */
  static void fill(ObjectNode root, PlatformSpec platform, CapacityPlan plan) {
    utilisation(root, plan.utilisation());
    ArrayNode services = root.putArray("services");
    for (ServiceLine s : services(platform)) {
      ObjectNode o = services.addObject();
      o.put("service", s.owner);
      o.put("plan", s.plan);
      o.put("instanceType", s.instanceType);
      o.put("pool", s.pool);
      o.put("podCpuMillis", s.podCpuMillis);
      o.put("podMemoryMib", s.podMemoryMib);
      o.put("fromResources", s.fromResources);
    }
    ArrayNode groups = root.putArray("nodeGroups");
    for (GroupPlan g : plan.groups()) {
      group(groups.addObject(), g);
    }
  }

  /** {@code u} as the {@code utilisation} object of {@code root}. */
  static void utilisation(ObjectNode root, CapacityPlan.Utilisation u) {
    ObjectNode utilisation = root.putObject("utilisation");
    utilisation.put("requestedCpuMillis", u.requestedCpuMillis());
    utilisation.put("provisionedCpuMillis", u.provisionedCpuMillis());
    utilisation.put("requestedMemoryMib", u.requestedMemoryMib());
    utilisation.put("provisionedMemoryMib", u.provisionedMemoryMib());
  }

  private static void group(ObjectNode o, GroupPlan g) {
    NodeGroupSpec spec = g.group();
    o.put("name", spec.name());
    o.put("pool", g.pool());
    o.put("instanceType", spec.instanceType());
    if (!g.karpenter()) {
      o.put("dedicated", spec.dedicated());
      o.put("min", spec.min());
      o.put("max", spec.max());
      o.put("desired", spec.desired());
    }
    g.allocatable()
        .ifPresent(
            a -> {
              ObjectNode node = o.putObject("node");
              node.put("vcpus", a.instanceType().vcpus());
              node.put("memoryMib", a.instanceType().memoryMib());
              node.put("vmOverheadMib", a.vmOverheadMib());
              node.put("kubeReservedCpuMillis", a.kubeReservedCpuMillis());
              node.put("kubeReservedMemoryMib", a.kubeReservedMemoryMib());
              node.put("evictionHardMib", a.evictionHardMib());
              node.put("allocatableCpuMillis", a.cpuMillis());
              node.put("allocatableMemoryMib", a.memoryMib());
              node.put("maxPods", a.maxPods());
              node.put("daemonCpuMillis", g.daemonCpuMillis());
              node.put("daemonMemoryMib", g.daemonMemoryMib());
              node.put("podCpuMillis", g.podCpuMillis());
              node.put("podMemoryMib", g.podMemoryMib());
            });
    o.put("nodesAtRest", g.atRest());
    o.put("nodesAtPeak", g.atPeak());
    ArrayNode nodes = o.putArray("nodes");
    for (GroupPlan.NodeUse n : g.nodes()) {
      ObjectNode node = nodes.addObject();
      node.put("freeCpuMillis", n.freeCpuMillis());
      node.put("freeMemoryMib", n.freeMemoryMib());
      ArrayNode pods = node.putArray("pods");
      for (PodDemand pod : n.pods()) {
        ObjectNode p = pods.addObject();
        p.put("id", pod.id());
        p.put("cpuMillis", pod.cpuMillis());
        p.put("memoryMib", pod.memoryMib());
      }
    }
  }

  /** The capacity problems of the stack, with their key and line. */
  static void problems(ObjectNode root, List<ConfigProblem> problems) {
    ArrayNode out = root.putArray("problems");
    for (ConfigProblem p : problems) {
      ObjectNode o = out.addObject();
      o.put("key", p.path());
      o.put("line", p.line());
      o.put("message", p.message());
    }
  }

  /** The document, indented, with LF line ends and a final newline. */
  static String write(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** One service's plan as the report shows it. */
  private record ServiceLine(
      String owner,
      String plan,
      String instanceType,
      String pool,
      long podCpuMillis,
      long podMemoryMib,
      boolean fromResources) {}

  private static List<ServiceLine> services(PlatformSpec platform) {
    List<ServiceLine> out = new java.util.ArrayList<>();
    var catalogue = platform.eks().planCatalogue();
    for (OrganisationSpec org : platform.organisations()) {
      for (ServiceSpec service : org.services()) {
        var sizing = catalogue.planOf(service.resources());
        if (sizing.isEmpty()) {
          continue;
        }
        boolean fromResources = !sizing.get().resources().equals(service.resources());
        out.add(
            new ServiceLine(
                org.name() + "/" + service.name(),
                sizing.get().plan().name(),
                sizing.get().plan().primaryInstanceType(),
                NodePools.clickhouse(service.upgrade().window()),
                Quantities.millicores(service.resources().cpu()),
                Quantities.mebibytesCeil(service.resources().memory()),
                fromResources));
      }
    }
    return out;
  }

  private static Map<String, Long> owners(List<PodDemand> pods) {
    Map<String, Long> out = new TreeMap<>();
    for (PodDemand p : pods) {
      String kind =
          p.workload().map(w -> w.name().toLowerCase(java.util.Locale.ROOT)).orElse("platform");
      out.merge(kind, 1L, Long::sum);
    }
    return out;
  }
}
