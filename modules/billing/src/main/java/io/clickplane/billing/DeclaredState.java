package io.clickplane.billing;

import io.clickplane.core.spec.PlatformSpec;
import java.time.Instant;
import java.util.Objects;

/**
 * What the Flux repository declared running from a moment on: the spec snapshot of one commit of
 * the target branch, from that commit's time until the next one's.
 *
 * @param from the commit's committer time
 * @param commit the commit id (abbreviated), for the invoice's trail
 * @param spec the spec the commit published
 */
public record DeclaredState(Instant from, String commit, PlatformSpec spec) {
  public DeclaredState {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(spec, "spec");
  }
}
