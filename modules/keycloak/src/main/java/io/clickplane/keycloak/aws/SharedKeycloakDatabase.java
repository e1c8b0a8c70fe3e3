package io.clickplane.keycloak.aws;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.rds.Instance;
import com.pulumi.aws.rds.SubnetGroup;
import com.pulumi.aws.rds.SubnetGroupArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.clickplane.core.config.Rules;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.CellSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.AwsTags;
import io.clickplane.eks.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's database as the shared stack of an environment with cells provisions it: the same RDS
 * instance as {@link KeycloakDatabase}, in a small VPC of its own ({@link
 * CellSpec#SHARED_NETWORK_CIDR}, two private subnets in the region's first two availability zones,
 * no route out). No cell exists when it is created, so nothing is admitted yet: its route table
 * holds only the local route and its security group no ingress rule; the cell running Keycloak
 * peers with the VPC and adds its return route and its ingress rule itself ({@link
 * KeycloakDatabaseAccess}), so a cell added or removed never changes this stack.
 */
public final class SharedKeycloakDatabase extends ComponentResource {
  /** Subnets of the shared network: two, one per availability zone, each a quarter of it. */
  static final int SUBNETS = 2;

  private final SharedDatabase outputs;

  public SharedKeycloakDatabase(PlatformSpec spec, ComponentResourceOptions options) {
    super(KeycloakDatabase.TYPE, Naming.resourcePrefix(spec) + "-keycloak", options);
    String name = Naming.resourcePrefix(spec) + "-keycloak";
    Map<String, String> tags = AwsTags.environmentNamed(spec, "keycloak");
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    Vpc vpc =
        new Vpc(
            name + "-vpc",
            VpcArgs.builder()
                .cidrBlock(CellSpec.SHARED_NETWORK_CIDR)
                .enableDnsSupport(true)
                .enableDnsHostnames(true)
                .tags(AwsTags.environmentNamed(spec, "keycloak-vpc"))
                .build(),
            child);
    Output<List<String>> zones =
        AwsFunctions.getAvailabilityZones(Network.regionalZones())
            .applyValue(
                r -> {
                  if (r.names().size() < SUBNETS) {
                    throw new IllegalStateException(
                        "region "
                            + spec.region()
                            + " has fewer than two availability zones; RDS needs two");
                  }
                  return List.copyOf(r.names().subList(0, SUBNETS));
                });
    RouteTable routes =
        new RouteTable(
            name + "-routes",
            RouteTableArgs.builder()
                .vpcId(vpc.id())
                .tags(AwsTags.environmentNamed(spec, "keycloak-routes"))
                .build(),
            child);
    List<Output<String>> subnetIds = new ArrayList<>();
    List<String> cidrs = subnetCidrs(CellSpec.SHARED_NETWORK_CIDR);
    for (int i = 0; i < SUBNETS; i++) {
      final int zone = i;
      Subnet subnet =
          new Subnet(
              name + "-" + i,
              SubnetArgs.builder()
                  .vpcId(vpc.id())
                  .availabilityZone(zones.applyValue(z -> z.get(zone)))
                  .cidrBlock(cidrs.get(i))
                  .tags(AwsTags.environmentNamed(spec, "keycloak-" + i))
                  .build(),
              child);
      new RouteTableAssociation(
          name + "-" + i,
          RouteTableAssociationArgs.builder()
              .subnetId(subnet.id())
              .routeTableId(routes.id())
              .build(),
          child);
      subnetIds.add(subnet.id());
    }
    SecurityGroup securityGroup =
        new SecurityGroup(
            name + "-db",
            SecurityGroupArgs.builder()
                .name(name + "-db")
                .description("Keycloak's PostgreSQL: reachable only from the Keycloak cell's nodes")
                .vpcId(vpc.id())
                .tags(AwsTags.environmentNamed(spec, "keycloak-db"))
                .build(),
            child);
    SubnetGroup subnets =
        new SubnetGroup(
            name,
            SubnetGroupArgs.builder()
                .name(name)
                .description("Private subnets of Keycloak's database")
                .subnetIds(Output.all(subnetIds))
                .tags(tags)
                .build(),
            child);
    Instance database =
        KeycloakDatabase.instance(spec, subnets.name(), securityGroup.id(), tags, child);
    this.outputs =
        new SharedDatabase(
            vpc.id(),
            routes.id(),
            securityGroup.id(),
            database.address(),
            KeycloakDatabase.masterSecretArn(database, name));
    registerOutputs(
        Map.of(
            "vpcId", outputs.vpcId(),
            "address", outputs.address(),
            "secretArn", outputs.secretArn()));
  }

  /** What a cell needs to reach the database. */
  public SharedDatabase outputs() {
    return outputs;
  }

  /** The first {@link #SUBNETS} quarters of {@code cidr}. */
  static List<String> subnetCidrs(String cidr) {
    String[] parts = cidr.split("/");
    long base = Rules.ipv4(parts[0]);
    int prefix = Integer.parseInt(parts[1]) + 2;
    long size = 1L << (32 - prefix);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < SUBNETS; i++) {
      out.add(Rules.formatIpv4(base + i * size) + "/" + prefix);
    }
    return out;
  }
}
