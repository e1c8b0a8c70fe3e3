package io.clickplane.core.plans;

import io.clickplane.core.spec.MaintenanceWindow;
import java.util.List;

/**
 * The Karpenter NodePools the platform runs on besides the small managed node group Karpenter
 * itself runs on ({@code clickplane:eks.nodeGroups}): their names and what they may launch. The
 * renderer writes these and the capacity model counts them, so both read them from here.
 */
public final class NodePools {
  /**
   * The ClickHouse pools: one per maintenance window in use ({@link #clickhouse}), each one pod per
   * node, of its plan's instance type, tainted. The capacity model counts them together under this
   * name ({@code clickhouse/<plan>}): they offer the same instance types and each pod takes a whole
   * node, so how the nodes split over the pools changes no count.
   */
  public static final String CLICKHOUSE = "clickhouse";

  /**
   * The ClickHouse pool of the services whose maintenance window is {@code window}, e.g. {@code
   * clickhouse-sun-0200-0600}: its disruption budgets let Karpenter replace or consolidate a node
   * only while that window is open.
   */
  public static String clickhouse(MaintenanceWindow window) {
    return CLICKHOUSE + "-" + window.slug();
  }

  /** The pool of coordinator members (ZooKeeper, Keeper) and the platform's controllers. */
  public static final String PLATFORM = "platform";

  /**
   * Instance types of the platform pool, in the order the capacity model considers them (it packs
   * the pool's pods onto the first). General purpose, 4 and 8 vCPUs, Intel 6th and 7th generation.
   */
  public static final List<String> PLATFORM_INSTANCE_TYPES =
      List.of("m6i.xlarge", "m7i.xlarge", "m6i.2xlarge", "m7i.2xlarge");

  /** The Karpenter NodePool label every node it launches carries. */
  public static final String NODEPOOL_LABEL = "karpenter.sh/nodepool";

  /**
   * The pod annotation that keeps Karpenter from voluntarily disrupting the pod's node
   * (consolidation, drift, expiry); kubernetes-sigs/karpenter {@code pkg/apis/v1/labels.go}, {@code
   * DoNotDisruptAnnotationKey}.
   */
  public static final String DO_NOT_DISRUPT = "karpenter.sh/do-not-disrupt";

  /** The well-known instance type label Karpenter sets and selects on. */
  public static final String INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";

  /**
   * Tag on the private subnets and the cluster security group that the EC2NodeClasses select, with
   * the cluster's name as value.
   */
  public static final String DISCOVERY_TAG = "karpenter.sh/discovery";

  /** Pods the kubelet of a platform node admits: the prefix-delegation ceiling (110). */
  public static final int PLATFORM_NODE_MAX_PODS = 110;

  private NodePools() {}
}
