package io.clickplane.eks.network;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.VpcEndpoint;
import com.pulumi.aws.ec2.VpcEndpointArgs;
import com.pulumi.aws.ec2.VpcPeeringConnection;
import com.pulumi.aws.ec2.VpcPeeringConnectionArgs;
import com.pulumi.aws.ec2.inputs.RouteTableRouteArgs;
import com.pulumi.aws.inputs.GetAvailabilityZonesArgs;
import com.pulumi.aws.inputs.GetAvailabilityZonesFilterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.plans.NodePools;
import io.clickplane.core.spec.NetworkSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.AwsTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The environment's VPC: a public and a private subnet in each availability zone, an internet
 * gateway, NAT gateways (one per zone or one shared, from {@code clickplane:network}), route
 * tables, the subnet tags the AWS Load Balancer Controller discovers, and an S3 gateway endpoint so
 * backups do not pay for NAT.
 */
public final class Network extends ComponentResource {
  public static final String TYPE = "clickplane:eks:Network";

  /** Subnet tag marking where internet-facing load balancers go. */
  public static final String ELB_ROLE_TAG = "kubernetes.io/role/elb";

  /** Subnet tag marking where internal load balancers go. */
  public static final String INTERNAL_ELB_ROLE_TAG = "kubernetes.io/role/internal-elb";

  private static final String ANYWHERE = "0.0.0.0/0";

  private final Output<String> vpcId;
  private final Output<List<String>> publicSubnetIds;
  private final Output<List<String>> privateSubnetIds;
  private final Output<List<String>> availabilityZones;
  private final Map<String, Output<String>> peeringIds = new java.util.TreeMap<>();

  /**
   * Another VPC of the account and region this network peers with: the private subnets route {@code
   * cidr} through the peering connection (the other side adds its own return route).
   *
   * @param name part of the connection's name
   */
  public record Peer(String name, Output<String> vpcId, String cidr) {}

  /**
   * The region's own availability zones that are up: {@code opt-in-status} {@code
   * opt-in-not-required} and {@code zone-type} {@code availability-zone}. Local Zones (e.g. {@code
   * us-west-2-lax-1a}) and Wavelength Zones an account has opted in to are listed by EC2 too, and
   * their names sort before the region's; subnets, NAT gateways, the control plane and the node
   * groups must not land there (see EC2's DescribeAvailabilityZones filters).
   */
  public static GetAvailabilityZonesArgs regionalZones() {
    return GetAvailabilityZonesArgs.builder()
        .state("available")
        .filters(
            GetAvailabilityZonesFilterArgs.builder()
                .name("opt-in-status")
                .values("opt-in-not-required")
                .build(),
            GetAvailabilityZonesFilterArgs.builder()
                .name("zone-type")
                .values("availability-zone")
                .build())
        .build();
  }

  public Network(PlatformSpec spec, ComponentResourceOptions options) {
    this(spec, List.of(), options);
  }

  /** A network peering with {@code peers} (none: exactly the network above). */
  public Network(PlatformSpec spec, List<Peer> peers, ComponentResourceOptions options) {
    super(TYPE, Naming.clusterPrefix(spec) + "-network", options);
    NetworkSpec network = spec.network();
    SubnetPlan plan = SubnetPlan.of(network);
    int zones = network.availabilityZones();
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();
    String prefix = Naming.clusterPrefix(spec);

    Vpc vpc =
        new Vpc(
            prefix + "-vpc",
            VpcArgs.builder()
                .cidrBlock(network.cidr())
                .enableDnsSupport(true)
                .enableDnsHostnames(true)
                .tags(AwsTags.named(spec, "vpc"))
                .build(),
            child);
    Output<List<String>> zoneNames =
        AwsFunctions.getAvailabilityZones(regionalZones())
            .applyValue(
                r -> {
                  if (r.names().size() < zones) {
                    throw new IllegalStateException(
                        "region "
                            + spec.region()
                            + " has "
                            + r.names().size()
                            + " available availability zones (Local and Wavelength Zones do not count),"
                            + " clickplane:network.availabilityZones asks for "
                            + zones);
                  }
                  return List.copyOf(r.names().subList(0, zones));
                });

    InternetGateway gateway =
        new InternetGateway(
            prefix + "-igw",
            InternetGatewayArgs.builder().vpcId(vpc.id()).tags(AwsTags.named(spec, "igw")).build(),
            child);
    RouteTable publicRoutes =
        new RouteTable(
            prefix + "-public",
            RouteTableArgs.builder()
                .vpcId(vpc.id())
                .routes(
                    RouteTableRouteArgs.builder()
                        .cidrBlock(ANYWHERE)
                        .gatewayId(gateway.id())
                        .build())
                .tags(AwsTags.named(spec, "public"))
                .build(),
            child);

    List<Subnet> publicSubnets = new ArrayList<>();
    List<Subnet> privateSubnets = new ArrayList<>();
    for (int i = 0; i < zones; i++) {
      final int zone = i;
      Output<String> az = zoneNames.applyValue(names -> names.get(zone));
      Subnet pub =
          new Subnet(
              prefix + "-public-" + i,
              SubnetArgs.builder()
                  .vpcId(vpc.id())
                  .availabilityZone(az)
                  .cidrBlock(plan.publicCidrs().get(i))
                  .mapPublicIpOnLaunch(false)
                  .tags(AwsTags.with(AwsTags.named(spec, "public-" + i), Map.of(ELB_ROLE_TAG, "1")))
                  .build(),
              child);
      Subnet priv =
          new Subnet(
              prefix + "-private-" + i,
              SubnetArgs.builder()
                  .vpcId(vpc.id())
                  .availabilityZone(az)
                  .cidrBlock(plan.privateCidrs().get(i))
                  .tags(
                      AwsTags.with(
                          AwsTags.named(spec, "private-" + i),
                          Map.of(
                              INTERNAL_ELB_ROLE_TAG,
                              "1",
                              NodePools.DISCOVERY_TAG,
                              Naming.cluster(spec))))
                  .build(),
              child);
      new RouteTableAssociation(
          prefix + "-public-" + i,
          RouteTableAssociationArgs.builder()
              .subnetId(pub.id())
              .routeTableId(publicRoutes.id())
              .build(),
          child);
      publicSubnets.add(pub);
      privateSubnets.add(priv);
    }

    int natCount = network.natGatewayPerZone() ? zones : 1;
    List<NatGateway> nats = new ArrayList<>();
    for (int i = 0; i < natCount; i++) {
      Eip eip =
          new Eip(
              prefix + "-nat-" + i,
              EipArgs.builder().domain("vpc").tags(AwsTags.named(spec, "nat-" + i)).build(),
              child);
      nats.add(
          new NatGateway(
              prefix + "-nat-" + i,
              NatGatewayArgs.builder()
                  .allocationId(eip.id())
                  .subnetId(publicSubnets.get(i).id())
                  .tags(AwsTags.named(spec, "nat-" + i))
                  .build(),
              CustomResourceOptions.builder().parent(this).dependsOn(gateway).build()));
    }

    List<RouteTableRouteArgs> peerRoutes = new ArrayList<>();
    for (Peer peer : peers) {
      VpcPeeringConnection peering =
          new VpcPeeringConnection(
              prefix + "-peer-" + peer.name(),
              VpcPeeringConnectionArgs.builder()
                  .vpcId(vpc.id())
                  .peerVpcId(peer.vpcId())
                  .autoAccept(true)
                  .tags(AwsTags.named(spec, "peer-" + peer.name()))
                  .build(),
              child);
      peeringIds.put(peer.name(), peering.id());
      peerRoutes.add(
          RouteTableRouteArgs.builder()
              .cidrBlock(peer.cidr())
              .vpcPeeringConnectionId(peering.id())
              .build());
    }

    List<Output<String>> routeTableIds = new ArrayList<>();
    routeTableIds.add(publicRoutes.id());
    for (int i = 0; i < zones; i++) {
      NatGateway nat = nats.get(network.natGatewayPerZone() ? i : 0);
      List<RouteTableRouteArgs> privateRoutes = new ArrayList<>();
      privateRoutes.add(
          RouteTableRouteArgs.builder().cidrBlock(ANYWHERE).natGatewayId(nat.id()).build());
      privateRoutes.addAll(peerRoutes);
      RouteTable routes =
          new RouteTable(
              prefix + "-private-" + i,
              RouteTableArgs.builder()
                  .vpcId(vpc.id())
                  .routes(privateRoutes)
                  .tags(AwsTags.named(spec, "private-" + i))
                  .build(),
              child);
      new RouteTableAssociation(
          prefix + "-private-" + i,
          RouteTableAssociationArgs.builder()
              .subnetId(privateSubnets.get(i).id())
              .routeTableId(routes.id())
              .build(),
          child);
      routeTableIds.add(routes.id());
    }

    new VpcEndpoint(
        prefix + "-s3",
        VpcEndpointArgs.builder()
            .vpcId(vpc.id())
            .serviceName("com.amazonaws." + spec.region() + ".s3")
            .vpcEndpointType("Gateway")
            .routeTableIds(Output.all(routeTableIds))
            .tags(AwsTags.named(spec, "s3"))
            .build(),
        child);

    this.vpcId = vpc.id();
    this.publicSubnetIds = Output.all(publicSubnets.stream().map(Subnet::id).toList());
    this.privateSubnetIds = Output.all(privateSubnets.stream().map(Subnet::id).toList());
    this.availabilityZones = zoneNames;
    registerOutputs(
        Map.of(
            "vpcId",
            vpcId,
            "publicSubnetIds",
            publicSubnetIds,
            "privateSubnetIds",
            privateSubnetIds));
  }

  public Output<String> vpcId() {
    return vpcId;
  }

  /** The id of the peering connection with the peer named {@code name}. */
  public Output<String> peeringId(String name) {
    Output<String> id = peeringIds.get(name);
    if (id == null) {
      throw new IllegalArgumentException("no peer named " + name + "; have " + peeringIds.keySet());
    }
    return id;
  }

  /** Public subnet ids, zone order. */
  public Output<List<String>> publicSubnetIds() {
    return publicSubnetIds;
  }

  /** Private subnet ids, zone order. */
  public Output<List<String>> privateSubnetIds() {
    return privateSubnetIds;
  }

  public Output<List<String>> availabilityZones() {
    return availabilityZones;
  }
}
