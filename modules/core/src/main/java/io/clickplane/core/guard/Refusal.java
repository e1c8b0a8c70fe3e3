package io.clickplane.core.guard;

import java.util.Objects;

/**
 * A change that a guard refuses because it would destroy data or break a running service.
 *
 * @param organisation the organisation
 * @param service the service; empty for a change of the organisation as a whole
 * @param change what would change, e.g. {@code data disk shrinks from 500Gi to 100Gi}
 * @param howToAllow what to write in the stack file to allow it, e.g. {@code set allow.diskShrink:
 *     true on the service}
 */
public record Refusal(String organisation, String service, String change, String howToAllow) {
  public Refusal {
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(howToAllow, "howToAllow");
  }

  @Override
  public String toString() {
    return "organisation "
        + organisation
        + (service.isEmpty() ? "" : ", service " + service)
        + ": "
        + change
        + " (refused; to allow it, "
        + howToAllow
        + ")";
  }
}
