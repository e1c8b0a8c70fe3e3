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
