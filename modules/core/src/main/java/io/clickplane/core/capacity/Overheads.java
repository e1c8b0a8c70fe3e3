package io.clickplane.core.capacity;

import io.clickplane.core.spec.Quantities;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the platform runs besides the ClickHouse and coordinator containers themselves, as the
 * scheduler counts it (requests). These tables are the one place to record a container, a node
 * agent or a controller that another part of the platform adds: the capacity model, validation and
 * {@code clickplane plan} read them and nothing else.
 *
 * <ul>
 *   <li>{@link #PER_POD}: containers added to every pod of a workload (a mesh sidecar, a backup or
 *       metrics sidecar). Init containers count too: the scheduler takes the larger of the biggest
 *       init container and the sum of the containers, so list an init container only when it asks
 *       for more than the pod's containers together.
 *   <li>{@link #PER_NODE}: DaemonSet pods on every node, dedicated ones included (a mesh node agent
 *       such as ztunnel, log or metrics agents).
 *   <li>{@link #SYSTEM}: controllers that run on the nodes that are not dedicated to ClickHouse.
 * </ul>
 *
 * Pods that request nothing take no CPU or memory from the scheduler's point of view and are not
 * listed; they still count against the node's pod limit, which is far from reached.
 */
public final class Overheads {
  /** A container added to each pod of some workloads. */
  public record PodOverhead(
      String container, Set<Workload> workloads, long cpuMillis, long memoryMib, String source) {
    public PodOverhead {
      Objects.requireNonNull(container, "container");
      workloads = Set.copyOf(workloads);
      Objects.requireNonNull(source, "source");
    }
  }

  /** A DaemonSet pod on every node. */
  public record NodeDaemon(String name, long cpuMillis, long memoryMib, String source) {
    public NodeDaemon {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
    }
  }

  /** A controller running on the nodes that are not dedicated to ClickHouse. */
  public record SystemPod(
      String name, int replicas, long cpuMillis, long memoryMib, String source) {
    public SystemPod {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * Containers in every service pod besides the server: the operator's log container in ClickHouse
   * pods. The mesh runs in Istio's ambient mode (docs/endpoints.md): nothing is injected into
   * ClickHouse, ZooKeeper or Keeper pods; its data plane is the per-node ztunnel and Istio CNI
   * agent in {@link #PER_NODE}.
   */
  public static final List<PodOverhead> PER_POD =
      List.of(
          new PodOverhead(
              "clickhouse-log",
              Set.of(Workload.CLICKHOUSE),
              Quantities.millicores(PodResources.CLICKHOUSE_LOG_CPU),
              Quantities.mebibytesCeil(PodResources.CLICKHOUSE_LOG_MEMORY),
              "Altinity/clickhouse-operator release-0.25.6"
                  + " pkg/model/common/creator/stateful-set-application.go stsSetupLogContainer"
                  + " (with a logVolumeClaimTemplate); requests declared by the platform"));

  /** ztunnel, ambient mode's node proxy (requests set by the istio module's release). */
  public static final NodeDaemon ZTUNNEL =
      new NodeDaemon(
          "ztunnel",
          200,
          512,
          "modules/istio ztunnel HelmRelease values resources.requests (cpu 200m, memory 512Mi)");

  /** The Istio CNI node agent that redirects ambient pods' traffic to ztunnel. */
  public static final NodeDaemon ISTIO_CNI =
      new NodeDaemon(
          "istio-cni-node",
          100,
          100,
          "istio/istio manifests/charts/istio-cni/values.yaml cni.resources.requests"
              + " (cpu 100m, memory 100Mi), set by the istio module's release");

  /** DaemonSets on every node: the EKS add-ons and the mesh's node agents. */
  public static final List<NodeDaemon> PER_NODE =
      List.of(
          new NodeDaemon(
              "kube-proxy", 100, 0, "EKS kube-proxy add-on DaemonSet: requests cpu 100m"),
          new NodeDaemon(
              "aws-node",
              25,
              0,
              "aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/values.yaml resources.requests (cpu 25m)"),
          new NodeDaemon(
              "ebs-csi-node",
              10,
              40,
              "kubernetes-sigs/aws-ebs-csi-driver chart values node.resources.requests"
                  + " (cpu 10m, memory 40Mi)"),
          ZTUNNEL,
          ISTIO_CNI);

  /** Controllers with requests on the nodes that are not dedicated to ClickHouse. */
  public static final List<SystemPod> SYSTEM =
      List.of(
          new SystemPod(
              "istiod",
              1,
              500,
              2048,
              "istio-discovery chart values resources.requests (cpu 500m, memory 2048Mi),"
                  + " autoscaleMin 1"),
          new SystemPod(
              "coredns", 2, 100, 70, "EKS CoreDNS add-on Deployment: 2 replicas, 100m / 70Mi"),
          new SystemPod(
              "istio-ingressgateway",
              io.clickplane.core.naming.Mesh.GATEWAY_MIN_REPLICAS,
              100,
              128,
              "istio gateway chart values resources.requests (cpu 100m, memory 128Mi);"
                  + " the istio module's autoscaling.minReplicas"),
          new SystemPod(
              "flux",
              4,
              100,
              64,
              "fluxcd-community helm-charts charts/flux2/values.yaml: helm, kustomize, source and"
                  + " notification controllers, resources.requests (cpu 100m, memory 64Mi) each;"
                  + " the image automation controllers are not installed"),
          new SystemPod(
              "ebs-csi-controller",
              2,
              10,
              40,
              "kubernetes-sigs/aws-ebs-csi-driver chart values controller.replicaCount 2,"
                  + " controller.resources.requests (cpu 10m, memory 40Mi)"),
          new SystemPod(
              "prometheus",
              1,
              200,
              1024,
              "modules/monitoring MonitoringStack values prometheus.prometheusSpec.resources.requests"
                  + " (cpu 200m, memory 1Gi, set by the platform); kube-prometheus-stack 88.3.0's"
                  + " other components have resources {} and its config reloaders request 0"
                  + " (templates/prometheus-operator/deployment.yaml)"),
          new SystemPod(
              "cluster-autoscaler",
              1,
              100,
              600,
              "modules/eks ClusterAutoscaler chart values (requests set by the platform)"));

  private Overheads() {}

  /** The containers added to a pod of {@code workload}. */
  public static List<PodOverhead> forWorkload(Workload workload) {
    return PER_POD.stream().filter(o -> o.workloads().contains(workload)).toList();
  }
}
