package io.clickplane.core.plans;

import java.util.List;
import java.util.Objects;

/**
 * A service plan: the node a ClickHouse pod of a service gets, whole. The pod's requests and limits
 * are what one node of the plan offers after the kubelet's reservations, the node daemons and a
 * margin ({@link PlanSizing}).
 *
 * @param name the name a service gives as {@code plan:}, a DNS-1123 label
 * @param instanceTypes the instance types Karpenter may launch for it, the first one priced and
 *     shown; the pod is sized for the smallest of them
 * @param zones availability zones the plan's replicas spread over: the stack must have that many
 *     zones, each offering the instance types
 */
public record ServicePlan(String name, List<String> instanceTypes, int zones) {
  public ServicePlan {
    Objects.requireNonNull(name, "name");
    instanceTypes = List.copyOf(instanceTypes);
    if (instanceTypes.isEmpty()) {
      throw new IllegalArgumentException("a plan names at least one instance type");
    }
  }

  /** The instance type the plan is priced and shown on. */
  public String primaryInstanceType() {
    return instanceTypes.get(0);
  }
}
