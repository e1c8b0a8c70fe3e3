package io.clickplane.keycloak.aws;

import com.pulumi.aws.ec2.Route;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.AwsTags;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.network.Network;
import io.clickplane.keycloak.flux.KeycloakManifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What connects the cell running Keycloak to the shared stack's database ({@link
 * SharedKeycloakDatabase}): the cell's network peers with the database's VPC (its private route
 * tables send {@link io.clickplane.core.spec.CellSpec#SHARED_NETWORK_CIDR} through the peering, see
 * {@link Network.Peer}); this component adds the return route to the database's route table, admits
 * PostgreSQL from the cell's node security group, creates the IRSA role {@code
 * keycloak/keycloak-db} assumes to read the master secret, and writes the ConfigMap {@code
 * flux-system/keycloak-database} as {@link KeycloakDatabase} does without cells. Removing the cell
 * (or moving Keycloak) removes all of it and leaves the database untouched.
 */
public final class KeycloakDatabaseAccess extends ComponentResource {
  public static final String TYPE = "clickplane:keycloak:DatabaseAccess";

  /** Name of the peering with the shared network ({@link Network.Peer#name}). */
  public static final String PEER = "keycloak";

  private final Output<String> roleArn;

  /**
   * @param spec the cell ({@link PlatformSpec#forCell})
   * @param dependsOn what the ConfigMap waits for (the Flux installation creating flux-system)
   */
  public KeycloakDatabaseAccess(
      PlatformSpec spec,
      Network network,
      EksCluster cluster,
      SharedDatabase database,
      List<Resource> dependsOn,
      ComponentResourceOptions options) {
    super(TYPE, Naming.clusterPrefix(spec) + "-keycloak", options);
    String name = Naming.clusterPrefix(spec) + "-keycloak";
    Map<String, String> tags = AwsTags.named(spec, "keycloak");
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    new Route(
        name + "-return",
        RouteArgs.builder()
            .routeTableId(database.routeTableId())
            .destinationCidrBlock(spec.network().cidr())
            .vpcPeeringConnectionId(network.peeringId(PEER))
            .build(),
        child);
    new SecurityGroupIngressRule(
        name + "-db",
        SecurityGroupIngressRuleArgs.builder()
            .securityGroupId(database.securityGroupId())
            .description("PostgreSQL from the EKS nodes of " + Naming.cluster(spec))
            .ipProtocol("tcp")
            .fromPort(KeycloakManifests.DATABASE_PORT)
            .toPort(KeycloakManifests.DATABASE_PORT)
            .referencedSecurityGroupId(cluster.nodeSecurityGroupId())
            .tags(tags)
            .build(),
        child);
    this.roleArn =
        KeycloakDatabase.readerRole(
            name + "-db",
            cluster.irsaTrust(Namespaces.KEYCLOAK, KeycloakManifests.DB_SERVICE_ACCOUNT),
            database.secretArn(),
            tags,
            child);
    List<Resource> waitFor = new ArrayList<>(cluster.workloadsReady());
    waitFor.addAll(dependsOn);
    KeycloakDatabase.fluxValues(
        spec,
        name + "-flux-values",
        database.address(),
        database.secretArn(),
        roleArn,
        CustomResourceOptions.builder()
            .parent(this)
            .provider(cluster.kubernetes())
            .dependsOn(waitFor)
            .build());
    registerOutputs(Map.of("roleArn", roleArn));
  }

  /** ARN of the IRSA role that may read the database's master secret. */
  public Output<String> roleArn() {
    return roleArn;
  }
}
