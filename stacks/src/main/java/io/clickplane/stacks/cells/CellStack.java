package io.clickplane.stacks.cells;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.core.spec.CellSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.flux.FluxBootstrap;
import io.clickplane.eks.karpenter.Karpenter;
import io.clickplane.eks.lbc.LoadBalancerController;
import io.clickplane.eks.network.Network;
import io.clickplane.eks.secrets.OperatorCredentials;
import io.clickplane.istio.aws.EndpointDns;
import io.clickplane.keycloak.aws.KeycloakDatabaseAccess;
import java.util.List;
import java.util.Optional;

/**
 * Stack {@code <env>.<cell>}: one cell, as the environment without cells was one cluster. Its
 * network, EKS cluster with add-ons and node groups, the load balancer controller, Karpenter, Flux
 * syncing {@code clusters/<env>/<cell>}, the operator's credentials, the cell's own cert-manager
 * and ExternalDNS roles on the shared hosted zone, the cluster values ConfigMap, and its
 * organisations' buckets, roles and secrets. The Keycloak cell also peers with the shared
 * database's network ({@link KeycloakDatabaseAccess}). Per-cluster AWS names carry the cell ({@link
 * io.clickplane.core.naming.Naming#clusterPrefix}); organisations' names do not, so an organisation
 * moving between cells keeps its bucket and roles.
 */
public final class CellStack {
  private CellStack() {}

  /**
   * Provisions cell {@code scope.cell()} of {@code environment}.
   *
   * @param password the Flux repository's password, if set
   */
  public static CellOutputs run(
      Context ctx, PlatformSpec environment, StackScope scope, Optional<Output<String>> password) {
    PlatformSpec cell = environment.forCell(scope.cell());
    boolean keycloak = scope.cell().equals(SharedOutputs.keycloakCell(environment));
    ComponentResourceOptions none = ComponentResourceOptions.Empty;
    SharedOutputs shared = SharedOutputs.reference(ctx, scope.sharedStack());

    List<Network.Peer> peers =
        keycloak
            ? List.of(
                new Network.Peer(
                    KeycloakDatabaseAccess.PEER,
                    shared.string(SharedOutputs.KEYCLOAK_NETWORK_VPC_ID),
                    CellSpec.SHARED_NETWORK_CIDR))
            : List.of();
    Network network = new Network(cell, peers, none);
    EksCluster cluster = new EksCluster(cell, network, none);
    LoadBalancerController loadBalancers = new LoadBalancerController(cell, network, cluster, none);
    Karpenter karpenter = new Karpenter(cell, cluster, none);
    ClusterParts.OrganisationOutputs organisations = ClusterParts.organisations(cell, cluster);
    EndpointDns dns =
        EndpointDns.forCell(
            cell, shared.string(SharedOutputs.HOSTED_ZONE_ID), cluster::irsaTrust, none);
    FluxBootstrap flux =
        new FluxBootstrap(cell, cluster, password, List.of(loadBalancers.release()), none);
    OperatorCredentials.create(cell, cluster, none);
    ClusterParts.clusterValues(cell, cluster, dns, flux);
    Optional<Output<String>> keycloakRole = Optional.empty();
    if (keycloak) {
      KeycloakDatabaseAccess access =
          new KeycloakDatabaseAccess(
              cell, network, cluster, shared.keycloakDatabase(), List.of(flux), none);
      keycloakRole = Optional.of(access.roleArn());
    }

    ctx.export("cell", Output.of(scope.cell()));
    ctx.export("sharedStack", Output.of(SharedOutputs.referenceName(ctx, scope.sharedStack())));
    ctx.export("clusterName", cluster.clusterName());
    ctx.export("clusterEndpoint", cluster.endpoint());
    ctx.export("kubeconfig", cluster.kubeconfig());
    ctx.export("vpcId", network.vpcId());
    ctx.export("publicSubnetIds", network.publicSubnetIds());
    ctx.export("privateSubnetIds", network.privateSubnetIds());
    ctx.export("oidcProviderArn", cluster.oidcProviderArn());
    ctx.export("loadBalancerControllerRoleArn", loadBalancers.roleArn());
    ctx.export("karpenterRoleArn", karpenter.roleArn());
    ctx.export("karpenterInterruptionQueue", karpenter.queueName());
    ctx.export("backupBuckets", ClusterParts.all(organisations.buckets()));
    ctx.export("backupRoleArns", ClusterParts.all(organisations.roles()));
    ctx.export("secretsRoleArns", ClusterParts.all(organisations.secretRoles()));
    ctx.export("certManagerRoleArn", dns.certManagerRoleArn());
    ctx.export("externalDnsRoleArn", dns.externalDnsRoleArn());
    keycloakRole.ifPresent(arn -> ctx.export("keycloakDatabaseRoleArn", arn));
    return new CellOutputs(flux.syncs());
  }

  /**
   * What the program reports after a cell's run.
   *
   * @param fluxSyncs whether Flux got a source it can fetch
   */
  public record CellOutputs(boolean fluxSyncs) {}
}
