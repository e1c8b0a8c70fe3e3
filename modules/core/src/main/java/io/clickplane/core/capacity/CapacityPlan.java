package io.clickplane.core.capacity;

import java.util.List;
import java.util.Objects;

/**
 * The fleet placed on the stack's node groups: per group the pods and nodes, and everything that
 * does not fit, each with the key to change.
 *
 * @param environment the stack's environment
 * @param groups every node group, in stack order
 * @param problems what cannot run as written (empty when the fleet fits)
 */
public record CapacityPlan(
    String environment, List<GroupPlan> groups, List<CapacityProblem> problems) {
  public CapacityPlan {
    Objects.requireNonNull(environment, "environment");
    groups = List.copyOf(groups);
    problems = List.copyOf(problems);
  }

  public boolean fits() {
    return problems.isEmpty();
  }
}
