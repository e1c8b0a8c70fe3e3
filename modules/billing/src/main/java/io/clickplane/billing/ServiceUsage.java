package io.clickplane.billing;

import io.clickplane.core.capacity.CapacityModel;
import io.clickplane.core.capacity.NodeAllocatable;
import io.clickplane.core.capacity.PodDemand;
import io.clickplane.core.capacity.PodResources;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageClassName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one service occupies while it runs, per hour: the share of nodes its pods take, its EBS
 * volumes and its servers. A stopped service occupies its volumes only: no node, no active server.
 * A pure function of the spec, through the capacity model: a ClickHouse pod on the dedicated group
 * occupies a whole node (one ClickHouse pod per node); any other pod occupies the larger of its CPU
 * and memory shares of a node's allocatable.
 *
 * @param organisation the organisation's name
 * @param service the service's name
 * @param servers ClickHouse servers (shards × replicas): the service fee's unit
 * @param nodes node shares by instance type
 * @param volumes EBS volumes
 */
public record ServiceUsage(
    String organisation, String service, int servers, List<NodeShare> nodes, List<Volume> volumes) {

  /**
   * Nodes of one instance type a service's pods occupy.
   *
   * @param what whose pods, e.g. {@code clickhouse} or {@code zookeeper}
   * @param instanceType the node group's instance type
   * @param nodes nodes occupied (a fraction for pods sharing a node)
   */
  public record NodeShare(String what, String instanceType, BigDecimal nodes) {}

  /**
   * EBS volumes of one kind.
   *
   * @param what e.g. {@code data}, {@code logs}, {@code zookeeper}
   * @param storageClass gp3 or io2
   * @param count how many volumes
   * @param gib size of each, in GiB
   * @param iops provisioned IOPS of each
   * @param throughput provisioned MiB/s of each (gp3)
   */
  public record Volume(
      String what, StorageClassName storageClass, int count, long gib, int iops, int throughput) {}

  /** The usage of {@code service} of {@code org} in {@code spec}'s fleet. */
  public static ServiceUsage of(PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    List<NodeShare> nodes = new ArrayList<>();
    Optional<NodeGroupSpec> dedicated = spec.eks().dedicatedNodeGroup();
    NodeGroupSpec shared =
        spec.eks().nodeGroups().stream()
            .filter(g -> !g.dedicated())
            .findFirst()
            .orElseGet(() -> spec.eks().nodeGroups().get(0));
    int servers = service.shards() * service.replicas();
    List<Volume> volumes = volumes(service, servers);
    if (service.stopped()) {
      // Pods gone (spec.stop, ensemble at zero): the nodes they took are released; the volumes
      // stay and are charged.
      return new ServiceUsage(org.name(), service.name(), 0, List.of(), volumes);
    }
    if (dedicated.isPresent()) {
      nodes.add(
          new NodeShare("clickhouse", dedicated.get().instanceType(), BigDecimal.valueOf(servers)));
    } else {
      BigDecimal share = BigDecimal.ZERO;
      for (int shard = 0; shard < service.shards(); shard++) {
        for (int replica = 0; replica < service.replicas(); replica++) {
          share =
              share.add(share(CapacityModel.clickhousePod(org, service, shard, replica), shared));
        }
      }
      nodes.add(new NodeShare("clickhouse", shared.instanceType(), share));
    }
    BigDecimal coordinators = BigDecimal.ZERO;
    for (int member = 0; member < service.coordinatorNodes(); member++) {
      coordinators =
          coordinators.add(share(CapacityModel.coordinatorPod(org, service, member), shared));
    }
    String coordinator = service.coordinator().configName();
    nodes.add(new NodeShare(coordinator, shared.instanceType(), coordinators));
    return new ServiceUsage(org.name(), service.name(), servers, nodes, volumes);
  }

  private static List<Volume> volumes(ServiceSpec service, int servers) {
    String coordinator = service.coordinator().configName();
    List<Volume> volumes = new ArrayList<>();
    var storage = service.storage();
    volumes.add(
        new Volume(
            "data",
            storage.storageClass(),
            servers * storage.disks(),
            Quantities.gibibytesCeil(storage.size()),
            storage.iops(),
            storage.throughput()));
    volumes.add(
        new Volume(
            "logs",
            StorageClassName.GP3,
            servers,
            Quantities.gibibytesCeil(storage.logSize()),
            PriceBookRules.GP3_BASE_IOPS,
            PriceBookRules.GP3_BASE_THROUGHPUT));
    volumes.add(
        new Volume(
            coordinator,
            StorageClassName.GP3,
            service.coordinatorNodes(),
            Quantities.gibibytesCeil(PodResources.COORDINATOR_VOLUME_SIZE),
            PriceBookRules.GP3_BASE_IOPS,
            PriceBookRules.GP3_BASE_THROUGHPUT));
    return volumes;
  }

  /** The provisioned data of one replica of every shard: what a full backup holds at most. */
  public static long fullBackupGib(ServiceSpec service) {
    return service.shards()
        * (long) service.storage().disks()
        * Quantities.gibibytesCeil(service.storage().size());
  }

  private static BigDecimal share(PodDemand pod, NodeGroupSpec group) {
    NodeAllocatable node =
        CapacityModel.allocatable(group)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the capacity model does not know instance type " + group.instanceType()));
    BigDecimal cpu =
        BigDecimal.valueOf(pod.cpuMillis())
            .divide(BigDecimal.valueOf(node.cpuMillis()), 6, RoundingMode.HALF_UP);
    BigDecimal memory =
        BigDecimal.valueOf(pod.memoryMib())
            .divide(BigDecimal.valueOf(node.memoryMib()), 6, RoundingMode.HALF_UP);
    return cpu.max(memory).min(BigDecimal.ONE);
  }
}
