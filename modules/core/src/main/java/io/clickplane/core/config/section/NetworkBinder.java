package io.clickplane.core.config.section;

import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.NetworkSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.List;

/** {@code clickplane:network}: the VPC. */
public final class NetworkBinder implements SectionBinder<NetworkSpec> {
  public static final NetworkBinder BINDER = new NetworkBinder();

  public static final String DEFAULT_CIDR = "10.40.0.0/16";
  public static final int DEFAULT_AZS = 3;

  static final Key<String> CIDR =
      Key.string("cidr", DEFAULT_CIDR, v -> Rules.cidr(v, 16, 20))
          .doc("IPv4 CIDR, /16 to /20, host bits zero", "VPC address range.")
          .writes(NetworkSpec::cidr);
  static final Key<Integer> AZS =
      Key.integer("availabilityZones", DEFAULT_AZS, 2, 6)
          .doc(
              "integer 2..6",
              "Zones used; one public and one private subnet per zone. A service's `replicas` may"
                  + " not exceed it (replicas of a shard sit in distinct zones).")
          .writes(NetworkSpec::availabilityZones);
  static final Key<Boolean> NAT_PER_ZONE =
      Key.bool("natGatewayPerZone", true)
          .doc("boolean", "One NAT gateway per zone (resilient) or one shared (cheaper, for dev).")
          .writes(NetworkSpec::natGatewayPerZone);

  static final Key<NetworkSpec> NETWORK =
      Key.<NetworkSpec>table(
              Sections.NS + "network", KeyTable.of("clickplane:network", CIDR, AZS, NAT_PER_ZONE))
          .defaultDoc("see below")
          .doc("map", "The VPC.")
          .writes(PlatformSpec::network);

  private NetworkBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(NETWORK);
  }

  @Override
  public NetworkSpec bind(Section section, Bound earlier) {
    Fields o = section.map(NETWORK);
    String cidr = CIDR.read(o);
    Integer azs = AZS.read(o);
    Boolean natPerZone = NAT_PER_ZONE.read(o);
    return section.ok() ? new NetworkSpec(cidr, azs, natPerZone) : null;
  }
}
