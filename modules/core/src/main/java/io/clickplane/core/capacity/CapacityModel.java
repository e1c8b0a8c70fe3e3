package io.clickplane.core.capacity;

import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
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
 * <p>Groups are filled in stack order up to their {@code max}; the last group a pod may use takes
 * whatever is left, and a group that needs more nodes than its {@code max} is a problem. Pods are
 * packed largest first (CPU, then memory) into the first node with room.
 */
public final class CapacityModel {
  private static final String CLICKHOUSE_SPREAD = "clickhouse";

  private CapacityModel() {}

  /** The plan of {@code spec}'s fleet. */
  public static CapacityPlan plan(PlatformSpec spec) {
    return new Planner(spec).run();
  }

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
    private final List<CapacityProblem> problems = new ArrayList<>();
    private final List<Group> groups = new ArrayList<>();

    Planner(PlatformSpec spec) {
      this.spec = spec;
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
        groups.add(new Group(g, i, allocatable, daemonCpu, daemonMem));
      }
      List<Group> known = groups.stream().filter(g -> g.allocatable.isPresent()).toList();
      List<Group> dedicated = known.stream().filter(g -> g.spec.dedicated()).toList();
      List<Group> general = known.stream().filter(g -> !g.spec.dedicated()).toList();
      boolean anyDedicated = spec.eks().dedicatedNodeGroup().isPresent();
      boolean unknownGeneral =
          groups.stream().anyMatch(g -> !g.spec.dedicated() && g.allocatable.isEmpty());

      List<Placement> pending = new ArrayList<>();
      List<OrganisationSpec> orgs = spec.organisations();
      for (int o = 0; o < orgs.size(); o++) {
        OrganisationSpec org = orgs.get(o);
        for (int s = 0; s < org.services().size(); s++) {
          ServiceSpec service = org.services().get(s);
          String path = "clickplane:organisations[" + o + "].services[" + s + "]";
          checkZones(org, service, path);
          List<Group> chHome = anyDedicated ? dedicated : general;
          PodDemand ch = clickhousePod(org, service, 0, 0);
          if (!chHome.isEmpty() && chHome.stream().noneMatch(g -> g.fitsEmpty(ch))) {
            clickhouseTooBig(org, service, ch, chHome.get(0), path);
          } else if (!chHome.isEmpty()) {
            for (int shard = 0; shard < service.shards(); shard++) {
              for (int replica = 0; replica < service.replicas(); replica++) {
                pending.add(new Placement(clickhousePod(org, service, shard, replica), chHome));
              }
            }
          }
          PodDemand member = coordinatorPod(org, service, 0);
          if (!general.isEmpty() && general.stream().noneMatch(g -> g.fitsEmpty(member))) {
            coordinatorTooBig(org, service, member, general.get(0));
          } else if (!general.isEmpty()) {
            for (int m = 0; m < service.coordinatorNodes(); m++) {
              pending.add(new Placement(coordinatorPod(org, service, m), general));
            }
          }
        }
      }
      if (general.isEmpty() && !unknownGeneral && !groups.isEmpty()) {
        problems.add(
            new CapacityProblem(
                "clickplane:eks.nodeGroups",
                "every node group is dedicated to ClickHouse, but ZooKeeper and Keeper members and"
                    + " the platform's controllers need nodes without the ClickHouse taint; add a"
                    + " node group with dedicated: false"));
      }
      for (Overheads.SystemPod pod : Overheads.SYSTEM) {
        for (int r = 0; r < pod.replicas(); r++) {
          PodDemand demand =
              new PodDemand(
                  "platform " + pod.name() + " " + r,
                  "platform",
                  Optional.empty(),
                  pod.cpuMillis(),
                  pod.memoryMib(),
                  Optional.empty(),
                  pod.name() + " " + pod.cpuMillis() + "m / " + pod.memoryMib() + "Mi");
          if (!general.isEmpty() && general.stream().anyMatch(g -> g.fitsEmpty(demand))) {
            pending.add(new Placement(demand, general));
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
          problems.add(tooSmall(g));
        }
      }
      problems.sort(Comparator.comparing(CapacityProblem::path));
      return new CapacityPlan(
          spec.environment(), groups.stream().map(Group::toPlan).toList(), problems);
    }

    private void checkZones(OrganisationSpec org, ServiceSpec service, String path) {
      int zones = spec.network().availabilityZones();
      if (service.replicas() > 1 && service.replicas() > zones) {
        problems.add(
            new CapacityProblem(
                path + ".replicas",
                "the replicas of a shard run in distinct availability zones and the network has "
                    + zones
                    + " (clickplane:network.availabilityZones); "
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

    private void clickhouseTooBig(
        OrganisationSpec org, ServiceSpec service, PodDemand pod, Group home, String path) {
      NodeAllocatable a = home.allocatable.orElseThrow();
      long overheadCpu = pod.cpuMillis() - Quantities.millicores(service.resources().cpu());
      long overheadMem = pod.memoryMib() - Quantities.mebibytesCeil(service.resources().memory());
      String node =
          "one "
              + a.instanceType().name()
              + " node of group \""
              + home.spec.name()
              + "\" has "
              + a.cpuMillis()
              + "m CPU and "
              + a.memoryMib()
              + "Mi memory allocatable ("
              + describe(a)
              + "), "
              + home.podCpu()
              + "m and "
              + home.podMem()
              + "Mi after the node daemons";
      String alternative =
          ", or give group \""
              + home.spec.name()
              + "\" a larger instanceType (see clickplane plan)";
      if (pod.cpuMillis() > home.podCpu()) {
        problems.add(
            new CapacityProblem(
                path + ".resources.cpu",
                "a ClickHouse pod of "
                    + pod.owner()
                    + " requests "
                    + pod.cpuMillis()
                    + "m CPU ("
                    + pod.breakdown()
                    + ") but "
                    + node
                    + "; resources.cpu may be at most "
                    + (home.podCpu() - overheadCpu)
                    + "m"
                    + alternative));
      }
      if (pod.memoryMib() > home.podMem()) {
        problems.add(
            new CapacityProblem(
                path + ".resources.memory",
                "a ClickHouse pod of "
                    + pod.owner()
                    + " requests "
                    + pod.memoryMib()
                    + "Mi memory ("
                    + pod.breakdown()
                    + ") but "
                    + node
                    + "; resources.memory may be at most "
                    + (home.podMem() - overheadMem)
                    + "Mi"
                    + alternative));
      }
    }

    private void coordinatorTooBig(
        OrganisationSpec org, ServiceSpec service, PodDemand pod, Group home) {
      NodeAllocatable a = home.allocatable.orElseThrow();
      problems.add(
          new CapacityProblem(
              groupPath(home.index) + ".instanceType",
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
                  + " node of group \""
                  + home.spec.name()
                  + "\" offers pods "
                  + home.podCpu()
                  + "m and "
                  + home.podMem()
                  + "Mi ("
                  + describe(a)
                  + ", less the node daemons); choose a larger instanceType"));
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
        if ((g.nodes.size() < g.spec.max() || last) && g.fitsEmpty(p.pod)) {
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

    Group(
        NodeGroupSpec spec,
        int index,
        Optional<NodeAllocatable> allocatable,
        long daemonCpu,
        long daemonMem) {
      this.spec = spec;
      this.index = index;
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
