package io.clickplane.core.guard;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when change guards refuse a change; nothing has been written. */
public final class RefusedChangeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Refusal> refusals;

  public RefusedChangeException(List<Refusal> refusals) {
    super(refusals.stream().map(Refusal::toString).collect(Collectors.joining("\n")));
    this.refusals = List.copyOf(refusals);
  }

  public List<Refusal> refusals() {
    return refusals;
  }
}
