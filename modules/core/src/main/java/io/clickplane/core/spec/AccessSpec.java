package io.clickplane.core.spec;

import java.util.List;

/**
 * Who may connect to a service's endpoint.
 *
 * @param allowedCidrs client address ranges admitted at the gateway; empty means the endpoint is
 *     open to every address (the stack file refuses an explicitly empty list)
 */
public record AccessSpec(List<String> allowedCidrs) {
  /** No allow-list: open to the internet. */
  public static final AccessSpec OPEN = new AccessSpec(List.of());

  public AccessSpec {
    allowedCidrs = List.copyOf(allowedCidrs);
  }

  /** True when no allow-list restricts the endpoint. */
  public boolean isOpen() {
    return allowedCidrs.isEmpty();
  }
}
