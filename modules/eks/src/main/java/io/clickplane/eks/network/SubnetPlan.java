package io.clickplane.eks.network;

import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * How the VPC's address space is cut, one public and one private subnet per availability zone.
 *
 * <p>The VPC (prefix /p) is split in eight blocks of /(p+3): block {@code i} is zone {@code i}'s
 * private subnet (nodes and pods, which take most addresses with prefix delegation); the last block
 * is split again in eight /(p+6) public subnets (NAT gateways and load balancers). With at most six
 * zones nothing overlaps and block 6 stays free for later use.
 *
 * @param publicCidrs public subnet of zone i at index i
 * @param privateCidrs private subnet of zone i at index i
 */
public record SubnetPlan(List<String> publicCidrs, List<String> privateCidrs) {
  /** The largest number of zones the plan supports. */
  public static final int MAX_ZONES = 6;

  public SubnetPlan {
    publicCidrs = List.copyOf(publicCidrs);
    privateCidrs = List.copyOf(privateCidrs);
  }

  /** The plan of a network. */
  public static SubnetPlan of(NetworkSpec network) {
    String[] parts = network.cidr().split("/");
    long base = Rules.ipv4(parts[0]);
    int prefix = Integer.parseInt(parts[1]);
    int zones = network.availabilityZones();
    if (zones < 1 || zones > MAX_ZONES) {
      throw new IllegalArgumentException(
          "availabilityZones must be 1 to " + MAX_ZONES + ", got " + zones);
    }
    if (prefix > 22) {
      throw new IllegalArgumentException("VPC prefix must be /22 or larger, got /" + prefix);
    }
    long privateSize = 1L << (32 - (prefix + 3));
    long publicSize = 1L << (32 - (prefix + 6));
    long publicBase = base + 7 * privateSize;
    List<String> privates = new ArrayList<>();
    List<String> publics = new ArrayList<>();
    for (int i = 0; i < zones; i++) {
      privates.add(toCidr(base + i * privateSize, prefix + 3));
      publics.add(toCidr(publicBase + i * publicSize, prefix + 6));
    }
    return new SubnetPlan(publics, privates);
  }

  private static String toCidr(long address, int prefix) {
    return Rules.formatIpv4(address) + "/" + prefix;
  }
}
