package io.clickplane.eks.kubernetes;

import io.clickplane.core.capacity.Overheads;
import java.util.LinkedHashMap;
import java.util.List;
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

  /**
   * Karpenter (aws/karpenter-provider-aws {@code charts/karpenter}, values as in its values.yaml):
   * this cluster and its interruption queue, its ServiceAccount bound to {@code roleArn}, two
   * replicas on distinct nodes of a managed node group (never on a node a NodePool launched, so it
   * never removes the node it runs on). The requests are the ones the capacity model counts ({@code
   * Overheads.SYSTEM}).
   */
  public static Map<String, Object> karpenter(
      String clusterName, String interruptionQueue, String serviceAccount, String roleArn) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(
        "settings", Map.of("clusterName", clusterName, "interruptionQueue", interruptionQueue));
    values.put(
        "serviceAccount",
        Map.of(
            "create",
            true,
            "name",
            serviceAccount,
            "annotations",
            Map.of(ROLE_ARN_ANNOTATION, roleArn)));
    values.put("replicas", 2);
    String memory = Overheads.KARPENTER_MEMORY_MIB + "Mi";
    values.put(
        "controller",
        Map.of(
            "resources",
            Map.of(
                "requests",
                Map.of("cpu", Overheads.KARPENTER_CPU_MILLIS + "m", "memory", memory),
                "limits",
                Map.of("memory", memory))));
    values.put(
        "affinity",
        Map.of(
            "nodeAffinity",
            Map.of(
                "requiredDuringSchedulingIgnoredDuringExecution",
                Map.of(
                    "nodeSelectorTerms",
                    List.of(
                        Map.of(
                            "matchExpressions",
                            List.of(
                                Map.of("key", "karpenter.sh/nodepool", "operator", "DoesNotExist"),
                                Map.of(
                                    "key",
                                    "eks.amazonaws.com/nodegroup",
                                    "operator",
                                    "Exists")))))),
            "podAntiAffinity",
            Map.of(
                "requiredDuringSchedulingIgnoredDuringExecution",
                List.of(Map.of("topologyKey", "kubernetes.io/hostname")))));
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
