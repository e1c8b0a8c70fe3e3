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

  public static List<Taint> taints(NodeGroupSpec group) {
    return group.dedicated()
        ? List.of(
            new Taint(Naming.DEDICATED_NODE_LABEL, Naming.DEDICATED_NODE_VALUE, "NO_SCHEDULE"))
        : List.of();
  }
}
