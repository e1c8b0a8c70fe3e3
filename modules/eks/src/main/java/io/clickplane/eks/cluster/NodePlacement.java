package io.clickplane.eks.cluster;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.NodeGroupSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labels and taints of a managed node group. A dedicated group carries {@link
 * Naming#DEDICATED_NODE_LABEL}={@link Naming#DEDICATED_NODE_VALUE} as label and as a NoSchedule
 * taint, which ClickHouse pods select and tolerate and nothing else does.
 */
public final class NodePlacement {
  /** A node taint as the EKS API spells it. */
  public record Taint(String key, String value, String effect) {}

  /** The label naming the node group on every node. */
  public static final String NODE_GROUP_LABEL = "clickplane.io/node-group";

  private NodePlacement() {}

  public static Map<String, String> labels(NodeGroupSpec group) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(NODE_GROUP_LABEL, group.name());
    if (group.dedicated()) {
      labels.put(Naming.DEDICATED_NODE_LABEL, Naming.DEDICATED_NODE_VALUE);
    }
    return labels;
  }

  /**
   * Tags that let the cluster autoscaler find a group and know its nodes before one exists: the
   * auto-discovery pair ({@code k8s.io/cluster-autoscaler/enabled} and {@code
   * k8s.io/cluster-autoscaler/<cluster>: owned}, which EKS also puts on a managed group's Auto
   * Scaling group) and the node-template labels and taints a group scaled to zero would get
   * (kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md, "Auto-Discovery Setup"
   * and "Scaling a node group to 0").
   */
  public static Map<String, String> autoscalerTags(String clusterName, NodeGroupSpec group) {
    Map<String, String> tags = new TreeMap<>();
    tags.put(AUTOSCALER_ENABLED_TAG, "true");
    tags.put(autoscalerOwnerTag(clusterName), "owned");
    labels(group).forEach((k, v) -> tags.put(NODE_TEMPLATE + "label/" + k, v));
    for (Taint t : taints(group)) {
      tags.put(NODE_TEMPLATE + "taint/" + t.key(), t.value() + ":NoSchedule");
    }
    return tags;
  }

  /** Auto-discovery tag every group of every cluster carries. */
  public static final String AUTOSCALER_ENABLED_TAG = "k8s.io/cluster-autoscaler/enabled";

  private static final String NODE_TEMPLATE = "k8s.io/cluster-autoscaler/node-template/";

  /** Auto-discovery tag naming the cluster a group belongs to. */
  public static String autoscalerOwnerTag(String clusterName) {
    return "k8s.io/cluster-autoscaler/" + clusterName;
  }

  public static List<Taint> taints(NodeGroupSpec group) {
    return group.dedicated()
        ? List.of(
            new Taint(Naming.DEDICATED_NODE_LABEL, Naming.DEDICATED_NODE_VALUE, "NO_SCHEDULE"))
        : List.of();
  }
}
