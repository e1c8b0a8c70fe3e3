package io.clickplane.core.spec;

import java.util.Objects;

/**
 * CPU and memory of each ClickHouse pod, as Kubernetes quantities (requests equal limits), and the
 * service plan whose node the pod runs on.
 *
 * @param cpu a CPU quantity such as {@code "4"} or {@code "3500m"}
 * @param memory a memory quantity such as {@code "16Gi"}
 * @param plan the service plan's name: the one the stack names with {@code plan:}, or the smallest
 *     plan that fits raw {@code resources}; empty only for specs built without a catalogue
 */
public record Resources(String cpu, String memory, String plan) {
  public Resources {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(plan, "plan");
  }

  /** Resources not yet mapped to a plan. */
  public Resources(String cpu, String memory) {
    this(cpu, memory, "");
  }

  /** A copy with {@code plan} replaced. */
  public Resources withPlan(String value) {
    return new Resources(cpu, memory, value);
  }
}
