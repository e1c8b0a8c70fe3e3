package io.clickplane.core.guard;

import io.clickplane.core.spec.PlatformSpec;
import java.util.List;

/**
 * Compares what is published with what is about to be, and refuses changes that would lose data
 * unless the configuration allows them explicitly.
 */
@FunctionalInterface
public interface ChangeGuard {
  /** A guard that refuses nothing. */
  ChangeGuard NONE = (previous, next) -> List.of();

  /**
   * The refused changes from {@code previous} (what is published) to {@code next}; empty when the
   * change may go ahead.
   */
  List<Refusal> check(PlatformSpec previous, PlatformSpec next);

  /** Both guards' refusals. */
  default ChangeGuard and(ChangeGuard other) {
    return (previous, next) -> {
      List<Refusal> out = new java.util.ArrayList<>(check(previous, next));
      out.addAll(other.check(previous, next));
      return List.copyOf(out);
    };
  }
}
