package io.clickplane.core.capacity;

import java.util.Objects;

/**
 * Something in the stack that cannot run as written.
 *
 * @param path the stack key to change, e.g. {@code clickplane:eks.nodeGroups[1].max}
 * @param message what does not fit, with the figures, and what would
 */
public record CapacityProblem(String path, String message) {
  public CapacityProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }
}
