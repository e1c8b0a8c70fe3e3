package io.clickplane.core.spec;

import java.util.Objects;

/**
 * CPU and memory of each ClickHouse pod, as Kubernetes quantities (requests equal limits).
 *
 * @param cpu a CPU quantity such as {@code "4"} or {@code "3500m"}
 * @param memory a memory quantity such as {@code "16Gi"}
 */
public record Resources(String cpu, String memory) {
  public Resources {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
  }
}
