package io.clickplane.stacks;

import com.pulumi.Config;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.backup.aws.OrganisationBackup;
import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.SpecBinder;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.SecretNames;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.flux.FluxBootstrap;
import io.clickplane.eks.lbc.LoadBalancerController;
import io.clickplane.eks.network.Network;
import io.clickplane.eks.secrets.GeneratedCredentials;
import io.clickplane.eks.secrets.OperatorCredentials;
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
 * Controller, one backup bucket and IAM role per organisation, and Flux. Every name comes from
 * {@link Naming}, so the rendered manifests agree with the cloud without reading its outputs.
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
   * The program: reads {@code clickplane:*} and {@code aws:region}, provisions, exports outputs.
   */
  public static void run(Context ctx) {
    Config clickplane = ctx.config("clickplane");
    PlatformSpec spec = readSpec(ctx, clickplane);
    ComponentResourceOptions none = ComponentResourceOptions.Empty;

    Network network = new Network(spec, none);
    EksCluster cluster = new EksCluster(spec, network, none);
    LoadBalancerController loadBalancers = new LoadBalancerController(spec, network, cluster, none);

    Map<String, Output<String>> buckets = new TreeMap<>();
    Map<String, Output<String>> roles = new TreeMap<>();
    Map<String, Output<String>> secretRoles = new TreeMap<>();
    for (OrganisationSpec org : spec.organisations()) {
      OrganisationBackup backup =
          new OrganisationBackup(
              spec,
              org.name(),
              cluster.irsaTrust(Naming.namespace(org.name()), Naming.BACKUP_SERVICE_ACCOUNT),
              none);
      buckets.put(org.name(), backup.bucketName());
      roles.put(org.name(), backup.roleArn());
      Map<String, List<String>> secrets = new java.util.LinkedHashMap<>();
      for (var service : org.services()) {
        secrets.put(
            SecretNames.service(spec, org.name(), service.name()),
            List.of(
                SecretNames.ADMIN_PASSWORD_KEY,
                SecretNames.OWNER_PASSWORD_KEY,
                SecretNames.INTERSERVER_SECRET_KEY));
      }
      GeneratedCredentials credentials =
          new GeneratedCredentials(
              org.name() + "-credentials",
              secrets,
              SecretNames.organisationRole(spec, org.name()),
              SecretNames.organisationPrefix(spec, org.name()),
              cluster.irsaTrust(Naming.namespace(org.name()), SecretNames.STORE_SERVICE_ACCOUNT),
              OrganisationBackup.tags(spec, org.name()),
              none);
      secretRoles.put(org.name(), credentials.roleArn());
    }

    Optional<Output<String>> password = clickplane.get(GITOPS_PASSWORD).map(Output::ofSecret);
    FluxBootstrap flux =
        new FluxBootstrap(spec, cluster, password, List.of(loadBalancers.release()), none);
    OperatorCredentials.create(spec, cluster, none);
    if (!flux.syncs()) {
      ctx.log()
          .warn(
              "clickplane:gitops.repository '"
                  + spec.gitops().repository()
                  + "' is not an http(s) URL the cluster can fetch: Flux is installed without a source; "
                  + "point it at the Flux repository and run pulumi up again");
    }

    ctx.export("clusterName", cluster.clusterName());
    ctx.export("clusterEndpoint", cluster.endpoint());
    ctx.export("kubeconfig", cluster.kubeconfig());
    ctx.export("vpcId", network.vpcId());
    ctx.export("publicSubnetIds", network.publicSubnetIds());
    ctx.export("privateSubnetIds", network.privateSubnetIds());
    ctx.export("oidcProviderArn", cluster.oidcProviderArn());
    ctx.export("loadBalancerControllerRoleArn", loadBalancers.roleArn());
    ctx.export("backupBuckets", all(buckets));
    ctx.export("backupRoleArns", all(roles));
    ctx.export("secretsRoleArns", all(secretRoles));
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

  private static Output<Map<String, String>> all(Map<String, Output<String>> outputs) {
    List<String> keys = List.copyOf(outputs.keySet());
    return Output.all(keys.stream().map(outputs::get).toList())
        .applyValue(
            values -> {
              Map<String, String> map = new TreeMap<>();
              for (int i = 0; i < keys.size(); i++) {
                map.put(keys.get(i), values.get(i));
              }
              return map;
            });
  }
}
