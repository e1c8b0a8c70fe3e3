package io.clickplane.core.spec;

import java.util.Objects;

/**
 * The DNS zone that holds every endpoint name, and the ACME account that issues their certificates.
 *
 * @param hostedZoneId an existing Route 53 hosted zone for the domain; empty to have {@code pulumi
 *     up} create one
 * @param acmeEmail contact address registered with the ACME account; may be empty
 * @param acmeServer the ACME directory URL
 */
public record DnsSpec(String hostedZoneId, String acmeEmail, String acmeServer) {
  /** Let's Encrypt's production directory. */
  public static final String LETSENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

  public static final DnsSpec DEFAULT = new DnsSpec("", "", LETSENCRYPT);

  public DnsSpec {
    Objects.requireNonNull(hostedZoneId, "hostedZoneId");
    Objects.requireNonNull(acmeEmail, "acmeEmail");
    Objects.requireNonNull(acmeServer, "acmeServer");
  }

  /** True when {@code pulumi up} creates the hosted zone. */
  public boolean createsZone() {
    return hostedZoneId.isEmpty();
  }
}
