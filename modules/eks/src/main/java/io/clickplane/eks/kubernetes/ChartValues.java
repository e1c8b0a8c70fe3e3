package io.clickplane.eks.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helm values of the charts the foundation installs, as pure functions. */
public final class ChartValues {
  /** Annotation binding a ServiceAccount to an IAM role (IRSA). */
  public static final String ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

  private ChartValues() {}

  /**
   * The AWS Load Balancer Controller: two replicas, the cluster's VPC and region given (no instance
   * metadata lookups), its ServiceAccount bound to {@code roleArn}.
   */
  public static Map<String, Object> loadBalancerController(
      String clusterName, String region, String vpcId, String serviceAccount, String roleArn) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("clusterName", clusterName);
    values.put("region", region);
    values.put("vpcId", vpcId);
    values.put("replicaCount", 2);
    values.put(
        "serviceAccount",
        Map.of(
            "create",
            true,
            "name",
            serviceAccount,
            "annotations",
            Map.of(ROLE_ARN_ANNOTATION, roleArn)));
    return values;
  }

  /** The cluster autoscaler image; its minor version follows the cluster's. */
  public static final String CLUSTER_AUTOSCALER_IMAGE =
      "registry.k8s.io/autoscaling/cluster-autoscaler";

  /**
   * The Cluster Autoscaler (kubernetes/autoscaler {@code cluster-autoscaler} chart, values as in
   * its values.yaml): AWS auto-discovery of this cluster's groups, its ServiceAccount bound to
   * {@code roleArn}, the image of the cluster's Kubernetes minor (the autoscaler supports the
   * Kubernetes minor it is built for), and the platform's scaling policy:
   *
   * <ul>
   *   <li>{@code expander: least-waste}: of the groups that could take a pending pod, grow the one
   *       that leaves the least CPU and memory idle;
   *   <li>{@code balance-similar-node-groups}: keep groups of the same shape even across zones;
   *   <li>scale-down only of nodes under half used for ten minutes, never of nodes with pods that
   *       say {@code safe-to-evict: "false"} (ClickHouse, ZooKeeper, Keeper), with local storage,
   *       or with kube-system pods, and always within PodDisruptionBudgets.
   * </ul>
   *
   * The requests here are the ones the capacity model counts ({@code Overheads.SYSTEM}).
   */
  public static Map<String, Object> clusterAutoscaler(
      String clusterName,
      String region,
      String kubernetesVersion,
      String serviceAccount,
      String roleArn) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("cloudProvider", "aws");
    values.put("awsRegion", region);
    values.put("autoDiscovery", Map.of("clusterName", clusterName));
    values.put("fullnameOverride", serviceAccount);
    values.put(
        "image",
        Map.of("repository", CLUSTER_AUTOSCALER_IMAGE, "tag", "v" + kubernetesVersion + ".0"));
    values.put(
        "rbac",
        Map.of(
            "serviceAccount",
            Map.of(
                "create",
                true,
                "name",
                serviceAccount,
                "annotations",
                Map.of(ROLE_ARN_ANNOTATION, roleArn))));
    values.put(
        "resources",
        Map.of(
            "requests", Map.of("cpu", "100m", "memory", "600Mi"),
            "limits", Map.of("memory", "600Mi")));
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("expander", "least-waste");
    args.put("balance-similar-node-groups", true);
    args.put("skip-nodes-with-system-pods", true);
    args.put("skip-nodes-with-local-storage", true);
    args.put("scale-down-utilization-threshold", "0.5");
    args.put("scale-down-unneeded-time", "10m");
    args.put("scale-down-delay-after-add", "10m");
    args.put("max-node-provision-time", "15m");
    values.put("extraArgs", args);
    return values;
  }

  /**
   * Flux (fluxcd-community {@code flux2} chart): source, kustomize, helm and notification
   * controllers; the image automation controllers are not installed (the platform commits through
   * pull requests, never from the cluster).
   */
  public static Map<String, Object> flux() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("imageAutomationController", Map.of("create", false));
    values.put("imageReflectionController", Map.of("create", false));
    return values;
  }
}
