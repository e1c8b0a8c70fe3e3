package io.clickplane.core.spec;

import java.util.Objects;

/**
 * The VPC.
 *
 * @param cidr IPv4 CIDR of the VPC, prefix /16 to /20
 * @param availabilityZones number of zones used, 2 to 6
 * @param natGatewayPerZone one NAT gateway per zone (true) or a single shared one (false)
 */
public record NetworkSpec(String cidr, int availabilityZones, boolean natGatewayPerZone) {
  public NetworkSpec {
    Objects.requireNonNull(cidr, "cidr");
  }
}
