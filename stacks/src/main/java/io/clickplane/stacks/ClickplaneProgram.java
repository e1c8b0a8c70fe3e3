package io.clickplane.stacks;

import com.pulumi.Config;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.GitUrls;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.SpecBinder;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.naming.IdentityNames;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.flux.FluxBootstrap;
import io.clickplane.eks.karpenter.Karpenter;
import io.clickplane.eks.lbc.LoadBalancerController;
import io.clickplane.eks.network.Network;
import io.clickplane.eks.secrets.OperatorCredentials;
import io.clickplane.istio.aws.EndpointDns;
import io.clickplane.keycloak.aws.KeycloakDatabase;
import io.clickplane.stacks.cells.CellStack;
import io.clickplane.stacks.cells.ClusterParts;
import io.clickplane.stacks.cells.SharedStack;
import io.clickplane.stacks.cells.StackScope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Pulumi program: what {@code pulumi up} provisions for one stack. {@link #run(Context)} is the
 * entry point; tests and other harnesses call it under Pulumi's mocks.
 *
 * <p>It reads the stack configuration through the same loader and validator as the command line,
 * then creates the network, the EKS cluster with its add-ons and node groups, the AWS Load Balancer
 * Controller, Karpenter (its IAM, node role, interruption queue and rules), one backup bucket and
 * IAM role per organisation, the endpoints' hosted zone with the cert-manager and ExternalDNS
 * roles, Flux (with the values its controllers need from the cloud), and Keycloak's database. Every
 * name comes from {@link io.clickplane.core.naming.Naming}, so the rendered manifests agree with
 * the cloud without reading its outputs.
 *
 * <p>With {@code clickplane:cells} the environment is several stacks, chosen by the stack's name
 * ({@link StackScope}): {@code <env>} provisions the shared part ({@link SharedStack}), {@code
 * <env>.<cell>} one cell ({@link CellStack}), which reads the shared stack's outputs through a
 * stack reference. See docs/pulumi.md.
 */
public final class ClickplaneProgram {
  /**
   * Name the Pulumi secret holding the Flux repository's password or token has under {@code
   * clickplane:}.
   */
  public static final String GITOPS_PASSWORD = "gitopsPassword";

  private ClickplaneProgram() {}

  public static void main(String[] args) {
    Pulumi.run(ClickplaneProgram::run);
  }

  /**
   * The program: reads {@code clickplane:*} and {@code aws:region}, provisions what the running
   * stack owns ({@link StackScope}: the whole environment without cells; with cells the shared part
   * for stack {@code <env>} and one cell for {@code <env>.<cell>}), exports outputs.
   */
  public static void run(Context ctx) {
    Config clickplane = ctx.config("clickplane");
    PlatformSpec spec = readSpec(ctx, clickplane);
    StackScope scope;
    try {
      scope = StackScope.of(ctx.stackName(), spec);
    } catch (IllegalArgumentException e) {
      ctx.log().error(e.getMessage());
      throw e;
    }
    Optional<Output<String>> password = clickplane.get(GITOPS_PASSWORD).map(Output::ofSecret);
    switch (scope.kind()) {
      case SHARED -> SharedStack.run(ctx, spec);
      case CELL ->
          warnWithoutSource(ctx, spec, CellStack.run(ctx, spec, scope, password).fluxSyncs());
      case WHOLE -> whole(ctx, spec, password);
    }
  }

  /** The environment without cells: one cluster and everything else, in one stack. */
  private static void whole(Context ctx, PlatformSpec spec, Optional<Output<String>> password) {
    ComponentResourceOptions none = ComponentResourceOptions.Empty;

    Network network = new Network(spec, none);
    EksCluster cluster = new EksCluster(spec, network, none);
    LoadBalancerController loadBalancers = new LoadBalancerController(spec, network, cluster, none);
    Karpenter karpenter = new Karpenter(spec, cluster, none);
    ClusterParts.OrganisationOutputs organisations = ClusterParts.organisations(spec, cluster);

    EndpointDns dns = new EndpointDns(spec, cluster::irsaTrust, none);

    FluxBootstrap flux =
        new FluxBootstrap(spec, cluster, password, List.of(loadBalancers.release()), none);
    OperatorCredentials.create(spec, cluster, none);
    ClusterParts.clusterValues(spec, cluster, dns, flux);
    warnWithoutSource(ctx, spec, flux.syncs());

    KeycloakDatabase keycloak = new KeycloakDatabase(spec, network, cluster, List.of(flux), none);

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
    ctx.export("keycloakUrl", Output.of("https://" + IdentityNames.keycloakHost(spec.domain())));
    ctx.export("keycloakDatabaseAddress", keycloak.address());
    ctx.export("keycloakDatabaseSecretArn", keycloak.secretArn());
    ctx.export("hostedZoneId", dns.zoneId());
    ctx.export("hostedZoneNameServers", dns.nameServers());
    ctx.export("certManagerRoleArn", dns.certManagerRoleArn());
    ctx.export("externalDnsRoleArn", dns.externalDnsRoleArn());
  }

  private static void warnWithoutSource(Context ctx, PlatformSpec spec, boolean syncs) {
    if (!syncs) {
      ctx.log()
          .warn(
              "clickplane:gitops.repository '"
                  + GitUrls.redact(spec.gitops().repository())
                  + "' is not an http(s) URL the cluster can fetch: Flux is installed without a source; "
                  + "point it at the Flux repository and run pulumi up again");
    }
  }

  /** The account id of an IAM ARN ({@code arn:aws:iam::<account>:...}). */
  static String accountOf(String arn) {
    return ClusterParts.accountOf(arn);
  }

  /**
   * The validated spec of the running stack. Structured values reach a program as JSON text, which
   * the loader accepts as is; an invalid configuration stops the program with every problem listed.
   */
  static PlatformSpec readSpec(Context ctx, Config clickplane) {
    Map<String, String> values = new TreeMap<>();
    for (String key : SpecBinder.KEYS) {
      clickplane.get(key).ifPresent(v -> values.put(SpecBinder.NS + key, v));
    }
    ctx.config("aws").get("region").ifPresent(v -> values.put("aws:region", v));
    try {
      return StackConfig.fromValues("stack " + ctx.stackName(), values);
    } catch (InvalidConfigException e) {
      for (ConfigProblem problem : e.problems()) {
        ctx.log().error(problem.toString());
      }
      throw new IllegalArgumentException("invalid stack configuration:\n" + e.getMessage());
    }
  }
}
