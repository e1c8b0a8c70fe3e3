package io.clickplane.core.capacity;

import io.clickplane.core.plans.NodePools;
import io.clickplane.core.plans.PlanCatalogue;
import io.clickplane.core.plans.PlanSizing;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Places every pod of a fleet on the stack's node groups, as the scheduler would, and says what
 * does not fit. Pure: the same spec gives the same plan.
 *
 * <p>Where pods go (the placement the rendered manifests carry):
 *
 * <ul>
 *   <li>ClickHouse pods run on the dedicated group when the stack has one (they select its label
 *       and tolerate its taint), otherwise on the other groups; never two on one node, whatever
 *       their namespace.
 *   <li>ZooKeeper and Keeper members, and the platform's controllers ({@link Overheads#SYSTEM}),
 *       run on the groups that are not dedicated: the dedicated nodes' taint keeps them off. The
 *       members of one ensemble sit on distinct nodes.
 *   <li>Replicas of one shard sit in distinct availability zones, so a shard cannot have more
 *       replicas than the network has zones.
 * </ul>
 *
 * <p>Managed groups are filled in stack order up to their {@code desired} size (nothing scales a
 * managed group: Karpenter provides every other node); the platform pool, the last group a pod may
 * use, takes whatever is left. Pods are packed largest first (CPU, then memory) into the first node
 * with room.
 */
public final class CapacityModel {
  private static final String CLICKHOUSE_SPREAD = "clickhouse";

  private CapacityModel() {}

  /** The plan of {@code spec}'s fleet, as one cluster. */
  public static CapacityPlan plan(PlatformSpec spec) {
    return new Planner(spec, CellScope.whole(spec)).run();
  }

  /**
   * One planning run of {@code spec}, a cluster placed in its environment by {@code scope}: the
   * plan, and its problems as said without the cell with those whose figures are the cell's marked.
   */
  static Run run(PlatformSpec spec, CellScope scope) {
    Planner planner = new Planner(spec, scope);
    CapacityPlan plan = planner.run();
    return new Run(plan, List.copyOf(planner.problems), Set.copyOf(planner.ofCell));
  }

  /**
   * What {@link #run} gives.
   *
   * @param plan the cluster's plan, its problems naming the cell
   * @param problems the same problems without the cell
   * @param ofCell those of {@code problems} whose figures are the cell's
   */
  record Run(CapacityPlan plan, List<CapacityProblem> problems, Set<CapacityProblem> ofCell) {}

  /** What one node of {@code group} offers pods after the node daemons, or empty if unknown. */
  public static Optional<NodeAllocatable> allocatable(NodeGroupSpec group) {
    return InstanceTypes.find(group.instanceType()).map(NodeAllocatable::of);
  }

  /** The ClickHouse pod of a service: its container and the per-pod overheads. */
  public static PodDemand clickhousePod(
      OrganisationSpec org, ServiceSpec service, int shard, int replica) {
    return demand(
        org.name() + "/" + service.name() + " clickhouse " + shard + "-" + replica,
        org.name() + "/" + service.name(),
        Workload.CLICKHOUSE,
        service.resources().cpu(),
        service.resources().memory(),
        Optional.of(CLICKHOUSE_SPREAD));
  }

  /** One coordinator member of a service. */
  public static PodDemand coordinatorPod(OrganisationSpec org, ServiceSpec service, int member) {
    boolean keeper = service.coordinator() == Coordinator.KEEPER;
    return demand(
        org.name() + "/" + service.name() + (keeper ? " keeper " : " zookeeper ") + member,
        org.name() + "/" + service.name(),
        keeper ? Workload.KEEPER : Workload.ZOOKEEPER,
        keeper ? PodResources.KEEPER_CPU : PodResources.ZOOKEEPER_CPU,
        keeper ? PodResources.KEEPER_MEMORY : PodResources.ZOOKEEPER_MEMORY,
        Optional.of("coordinator " + org.name() + "/" + service.name()));
  }

  private static PodDemand demand(
      String id,
      String owner,
      Workload workload,
      String cpu,
      String memory,
      Optional<String> spread) {
    long cpuMillis = Quantities.millicores(cpu);
    long memoryMib = Quantities.mebibytesCeil(memory);
    StringBuilder breakdown =
        new StringBuilder(
            workload.name().toLowerCase(java.util.Locale.ROOT) + " " + cpu + " / " + memory);
    for (Overheads.PodOverhead o : Overheads.forWorkload(workload)) {
      cpuMillis += o.cpuMillis();
      memoryMib += o.memoryMib();
      breakdown
          .append(" + ")
          .append(o.container())
          .append(' ')
          .append(o.cpuMillis())
          .append("m / ")
          .append(o.memoryMib())
          .append("Mi");
    }
    return new PodDemand(
        id, owner, Optional.of(workload), cpuMillis, memoryMib, spread, breakdown.toString());
  }

  /** Mutable state of one planning run. */
  private static final class Planner {
    private final PlatformSpec spec;
    private final CellScope scope;
    private final List<CapacityProblem> problems = new ArrayList<>();

    /** The problems whose figures are this cluster's, not the stack's alone. */
    private final Set<CapacityProblem> ofCell = new HashSet<>();

    private final List<Group> groups = new ArrayList<>();

    Planner(PlatformSpec spec, CellScope scope) {
      this.spec = spec;
      this.scope = scope;
    }

    CapacityPlan run() {
      List<NodeGroupSpec> specs = spec.eks().nodeGroups();
      long daemonCpu = Overheads.PER_NODE.stream().mapToLong(Overheads.NodeDaemon::cpuMillis).sum();
      long daemonMem = Overheads.PER_NODE.stream().mapToLong(Overheads.NodeDaemon::memoryMib).sum();
      for (int i = 0; i < specs.size(); i++) {
        NodeGroupSpec g = specs.get(i);
        Optional<NodeAllocatable> allocatable = allocatable(g);
        if (allocatable.isEmpty()) {
          problems.add(
              new CapacityProblem(
                  groupPath(i) + ".instanceType",
                  "instance type \""
                      + g.instanceType()
                      + "\" is not in the capacity catalogue, so whether pods fit cannot be"
                      + " checked; use one of "
                      + InstanceTypes.familiesText()));
        }
        groups.add(new Group(g, i, "", allocatable, daemonCpu, daemonMem));
      }
      InstanceType platformType =
          InstanceTypes.find(NodePools.PLATFORM_INSTANCE_TYPES.get(0)).orElseThrow();
      groups.add(
          new Group(
              poolGroup(NodePools.PLATFORM, platformType, false),
              -1,
              NodePools.PLATFORM,
              Optional.of(NodeAllocatable.of(platformType)),
              daemonCpu,
              daemonMem));
      // A managed group marked dedicated carries the ClickHouse taint: no pod the model places
      // tolerates it any more (ClickHouse runs on Karpenter's pool), so it holds its minimum idle.
      List<Group> general =
          groups.stream().filter(g -> g.allocatable.isPresent() && !g.spec.dedicated()).toList();
      PlanCatalogue catalogue = spec.eks().planCatalogue();
      Map<String, Group> planGroups = new LinkedHashMap<>();

      List<Placement> pending = new ArrayList<>();
      List<OrganisationSpec> orgs = spec.organisations();
      for (int o = 0; o < orgs.size(); o++) {
        OrganisationSpec org = orgs.get(o);
        int index = scope.organisationIndex().getOrDefault(org.name(), o);
        for (int s = 0; s < org.services().size(); s++) {
          ServiceSpec service = org.services().get(s);
          String path = "clickplane:organisations[" + index + "].services[" + s + "]";
          checkZones(org, service, path);
          Optional<PlanSizing> sizing = catalogue.planOf(service.resources());
          if (sizing.isPresent()) {
            Group home =
                planGroups.computeIfAbsent(
                    sizing.get().plan().name(), n -> planGroup(sizing.get(), daemonCpu, daemonMem));
            PodDemand ch = clickhousePod(org, service, 0, 0);
            if (home.fitsEmpty(ch)) {
              for (int shard = 0; shard < service.shards(); shard++) {
                for (int replica = 0; replica < service.replicas(); replica++) {
                  pending.add(
                      new Placement(clickhousePod(org, service, shard, replica), List.of(home)));
                }
              }
            } else {
              clickhouseTooBig(service, ch, home, path);
            }
          }
          PodDemand member = coordinatorPod(org, service, 0);
          if (general.stream().noneMatch(g -> g.fitsEmpty(member))) {
            coordinatorTooBig(member, general.get(general.size() - 1));
          } else {
            for (int m = 0; m < service.coordinatorNodes(); m++) {
              pending.add(new Placement(coordinatorPod(org, service, m), general));
            }
          }
        }
      }
      groups.addAll(planGroups.values());
      List<Group> managed = general.stream().filter(g -> g.pool.isEmpty()).toList();
      for (Overheads.SystemPod pod : Overheads.SYSTEM) {
        boolean managedOnly = Overheads.MANAGED_GROUPS_ONLY.contains(pod.name());
        List<Group> home = managedOnly ? managed : general;
        for (int r = 0; r < pod.replicas(); r++) {
          PodDemand demand =
              new PodDemand(
                  "platform " + pod.name() + " " + r,
                  "platform",
                  Optional.empty(),
                  pod.cpuMillis(),
                  pod.memoryMib(),
                  managedOnly ? Optional.of("platform " + pod.name()) : Optional.empty(),
                  pod.name() + " " + pod.cpuMillis() + "m / " + pod.memoryMib() + "Mi");
          if (home.stream().anyMatch(g -> g.fitsEmpty(demand))) {
            pending.add(new Placement(demand, home));
          }
        }
      }
      pending.sort(
          Comparator.comparingLong((Placement p) -> -p.pod.cpuMillis())
              .thenComparingLong(p -> -p.pod.memoryMib())
              .thenComparing(p -> p.pod.id()));
      for (Placement p : pending) {
        place(p);
      }
      for (Group g : groups) {
        if (g.nodes.size() > g.spec.max()) {
          cellProblem(tooSmall(g));
        } else if (g.pool.isEmpty() && g.nodes.size() > g.spec.desired()) {
          cellProblem(
              new CapacityProblem(
                  groupPath(g.index) + ".desired",
                  "node group \""
                      + g.spec.name()
                      + "\" holds the pods that must run on managed nodes (Karpenter's"
                      + " controller, one replica per node) and needs "
                      + g.nodes.size()
                      + " nodes; nothing scales a managed group, so desired (or min, its"
                      + " default) must be at least "
                      + g.nodes.size()
                      + " (got "
                      + g.spec.desired()
                      + ")"));
        }
      }
      problems.sort(Comparator.comparing(CapacityProblem::path));
      return new CapacityPlan(
          spec.environment(),
          scope.cell(),
          groups.stream().map(Group::toPlan).toList(),
          problems.stream().map(p -> ofCell.contains(p) ? scope.of(p) : p).toList());
    }

    private void cellProblem(CapacityProblem p) {
      problems.add(p);
      ofCell.add(p);
    }

    private static Group planGroup(PlanSizing sizing, long daemonCpu, long daemonMem) {
      return new Group(
          poolGroup(NodePools.CLICKHOUSE + "/" + sizing.plan().name(), sizing.sizedFor(), true),
          -1,
          NodePools.CLICKHOUSE,
          Optional.of(sizing.node()),
          daemonCpu,
          daemonMem);
    }

    /** A Karpenter pool's nodes of one instance type, as the model places pods on them. */
    private static NodeGroupSpec poolGroup(String name, InstanceType type, boolean clickhouse) {
      return new NodeGroupSpec(
          name, type.name(), 0, Integer.MAX_VALUE, Integer.MAX_VALUE, 100, clickhouse);
    }

    private void checkZones(OrganisationSpec org, ServiceSpec service, String path) {
      int zones = spec.network().availabilityZones();
      if (service.replicas() > 1 && service.replicas() > zones) {
        cellProblem(
            new CapacityProblem(
                path + ".replicas",
                "the replicas of a shard run in distinct availability zones and the network has "
                    + zones
                    + " ("
                    + scope.zonesKey()
                    + "); "
                    + org.name()
                    + "/"
                    + service.name()
                    + " may have at most "
                    + zones
                    + " replicas, or the network more zones (got "
                    + service.replicas()
                    + ")"));
      }
    }

    private void clickhouseTooBig(ServiceSpec service, PodDemand pod, Group home, String path) {
      problems.add(
          new CapacityProblem(
              path + ".resources",
              "a ClickHouse pod of "
                  + pod.owner()
                  + " requests "
                  + pod.cpuMillis()
                  + "m CPU and "
                  + pod.memoryMib()
                  + "Mi memory ("
                  + pod.breakdown()
                  + ") but one "
                  + home.spec.instanceType()
                  + " node of its plan offers pods "
                  + home.podCpu()
                  + "m and "
                  + home.podMem()
                  + "Mi after the node daemons; name a larger plan"));
    }

    private void coordinatorTooBig(PodDemand pod, Group home) {
      NodeAllocatable a = home.allocatable.orElseThrow();
      problems.add(
          new CapacityProblem(
              "clickplane:eks.nodeGroups",
              "a coordinator member of "
                  + pod.owner()
                  + " requests "
                  + pod.cpuMillis()
                  + "m CPU and "
                  + pod.memoryMib()
                  + "Mi memory ("
                  + pod.breakdown()
                  + ") but one "
                  + a.instanceType().name()
                  + " node of the "
                  + home.spec.name()
                  + " pool offers pods "
                  + home.podCpu()
                  + "m and "
                  + home.podMem()
                  + "Mi ("
                  + describe(a)
                  + ", less the node daemons)"));
    }

    private CapacityProblem tooSmall(Group g) {
      int need = g.nodes.size();
      String why =
          g.spec.dedicated()
              ? "the dedicated node group \""
                  + g.spec.name()
                  + "\" holds one ClickHouse pod per node, and the services need "
                  + need
                  + " pods"
              : "node group \""
                  + g.spec.name()
                  + "\" needs "
                  + need
                  + " nodes for its pods (members of an ensemble on distinct nodes, one ClickHouse"
                  + " pod per node, packed by CPU and memory; see clickplane plan)";
      return new CapacityProblem(
          groupPath(g.index) + ".max",
          why + "; max must be at least " + need + " (got " + g.spec.max() + ")");
    }

    private void place(Placement p) {
      // Pods with the same spread key and demand take nodes in increasing order: a node that had
      // no room for one has none for the next (room only shrinks), and a node holding the key
      // refuses the next. So the search starts where the last such pod landed (the first-fit
      // answer is unchanged; without this, a service's replicas would rescan every node).
      String kind =
          p.pod.spreadKey().orElse("") + "|" + p.pod.cpuMillis() + "|" + p.pod.memoryMib();
      int step = p.pod.spreadKey().isPresent() ? 1 : 0;
      for (Group g : p.candidates) {
        int from = g.cursor.getOrDefault(kind, 0);
        int i =
            g.free.first(
                p.pod.cpuMillis(), p.pod.memoryMib(), from, k -> g.nodes.get(k).fits(p.pod));
        if (i >= 0) {
          Node n = g.nodes.get(i);
          n.add(p.pod);
          g.free.set(i, n.freeCpu, n.freeMem, n.freeSlots);
          g.cursor.put(kind, i + step);
          return;
        }
        g.cursor.put(kind, g.nodes.size()); // none of this group's nodes takes such a pod now
      }
      for (int i = 0; i < p.candidates.size(); i++) {
        Group g = p.candidates.get(i);
        boolean last = i == p.candidates.size() - 1;
        // A managed group holds its desired size (nothing scales it); a pool grows as needed.
        if ((g.nodes.size() < g.spec.desired() || last) && g.fitsEmpty(p.pod)) {
          Node n = new Node(g.podCpu(), g.podMem(), g.podSlots());
          n.add(p.pod);
          g.nodes.add(n);
          g.free.add(n.freeCpu, n.freeMem, n.freeSlots);
          g.cursor.put(kind, g.nodes.size() - 1 + step);
          return;
        }
      }
    }

    private static String groupPath(int index) {
      return "clickplane:eks.nodeGroups[" + index + "]";
    }
  }

  /** How a node's allocatable comes about, for messages. */
  static String describe(NodeAllocatable a) {
    return a.instanceType().vcpus()
        + " vCPU less "
        + a.kubeReservedCpuMillis()
        + "m kube-reserved; "
        + a.instanceType().memoryMib()
        + "Mi less "
        + a.vmOverheadMib()
        + "Mi VM overhead, "
        + a.kubeReservedMemoryMib()
        + "Mi kube-reserved and "
        + a.evictionHardMib()
        + "Mi eviction threshold";
  }

  private record Placement(PodDemand pod, List<Group> candidates) {}

  private static final class Group {
    final NodeGroupSpec spec;
    final int index;
    final Optional<NodeAllocatable> allocatable;
    final long daemonCpu;
    final long daemonMem;
    final List<Node> nodes = new ArrayList<>();
    final FirstFitIndex free = new FirstFitIndex();
    final java.util.Map<String, Integer> cursor = new java.util.HashMap<>();

    final String pool;

    Group(
        NodeGroupSpec spec,
        int index,
        String pool,
        Optional<NodeAllocatable> allocatable,
        long daemonCpu,
        long daemonMem) {
      this.spec = spec;
      this.index = index;
      this.pool = pool;
      this.allocatable = allocatable;
      this.daemonCpu = daemonCpu;
      this.daemonMem = daemonMem;
    }

    long podCpu() {
      return allocatable.map(a -> a.cpuMillis() - daemonCpu).orElse(0L);
    }

    long podMem() {
      return allocatable.map(a -> a.memoryMib() - daemonMem).orElse(0L);
    }

    int podSlots() {
      return allocatable.map(a -> a.maxPods() - Overheads.PER_NODE.size()).orElse(0);
    }

    boolean fitsEmpty(PodDemand pod) {
      return pod.cpuMillis() <= podCpu() && pod.memoryMib() <= podMem() && podSlots() > 0;
    }

    GroupPlan toPlan() {
      return new GroupPlan(
          spec,
          index,
          pool,
          allocatable,
          daemonCpu,
          daemonMem,
          nodes.stream().map(n -> new GroupPlan.NodeUse(n.pods, n.freeCpu, n.freeMem)).toList());
    }
  }

  private static final class Node {
    long freeCpu;
    long freeMem;
    int freeSlots;
    final List<PodDemand> pods = new ArrayList<>();
    final Set<String> spreadKeys = new HashSet<>();

    Node(long cpu, long mem, int slots) {
      this.freeCpu = cpu;
      this.freeMem = mem;
      this.freeSlots = slots;
    }

    boolean fits(PodDemand pod) {
      return pod.cpuMillis() <= freeCpu
          && pod.memoryMib() <= freeMem
          && freeSlots > 0
          && pod.spreadKey().map(k -> !spreadKeys.contains(k)).orElse(true);
    }

    void add(PodDemand pod) {
      freeCpu -= pod.cpuMillis();
      freeMem -= pod.memoryMib();
      freeSlots--;
      pods.add(pod);
      pod.spreadKey().ifPresent(spreadKeys::add);
    }
  }
}
