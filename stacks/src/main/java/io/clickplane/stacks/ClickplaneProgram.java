package io.clickplane.stacks;

import com.pulumi.Config;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.clickplane.backup.aws.OrganisationBackup;
import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.GitUrls;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.SpecBinder;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.flux.ClusterValues;
import io.clickplane.core.naming.IdentityNames;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.SecretNames;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.flux.FluxBootstrap;
import io.clickplane.eks.karpenter.Karpenter;
import io.clickplane.eks.lbc.LoadBalancerController;
import io.clickplane.eks.network.Network;
import io.clickplane.eks.secrets.GeneratedCredentials;
import io.clickplane.eks.secrets.OperatorCredentials;
import io.clickplane.istio.aws.EndpointDns;
import io.clickplane.keycloak.aws.KeycloakDatabase;
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
 * name comes from {@link Naming}, so the rendered manifests agree with the cloud without reading
 * its outputs.
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
    Karpenter karpenter = new Karpenter(spec, cluster, none);

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

    EndpointDns dns = new EndpointDns(spec, cluster::irsaTrust, none);

    Optional<Output<String>> password = clickplane.get(GITOPS_PASSWORD).map(Output::ofSecret);
    FluxBootstrap flux =
        new FluxBootstrap(spec, cluster, password, List.of(loadBalancers.release()), none);
    OperatorCredentials.create(spec, cluster, none);
    clusterValues(spec, cluster, dns, flux);
    if (!flux.syncs()) {
      ctx.log()
          .warn(
              "clickplane:gitops.repository '"
                  + GitUrls.redact(spec.gitops().repository())
                  + "' is not an http(s) URL the cluster can fetch: Flux is installed without a source; "
                  + "point it at the Flux repository and run pulumi up again");
    }

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
    ctx.export("backupBuckets", all(buckets));
    ctx.export("backupRoleArns", all(roles));
    ctx.export("secretsRoleArns", all(secretRoles));
    ctx.export("keycloakUrl", Output.of("https://" + IdentityNames.keycloakHost(spec.domain())));
    ctx.export("keycloakDatabaseAddress", keycloak.address());
    ctx.export("keycloakDatabaseSecretArn", keycloak.secretArn());
    ctx.export("hostedZoneId", dns.zoneId());
    ctx.export("hostedZoneNameServers", dns.nameServers());
    ctx.export("certManagerRoleArn", dns.certManagerRoleArn());
    ctx.export("externalDnsRoleArn", dns.externalDnsRoleArn());
  }

  /**
   * The values the rendered controllers and tenants need from the cloud (see {@link
   * ClusterValues}), in the ConfigMap Flux substitutes from. Created once Flux (and its namespace)
   * is installed; the Kustomizations retry until it exists.
   */
  private static void clusterValues(
      PlatformSpec spec, EksCluster cluster, EndpointDns dns, FluxBootstrap flux) {
    new ConfigMap(
        ClusterValues.CONFIG_MAP,
        ConfigMapArgs.builder()
            .metadata(
                ObjectMetaArgs.builder()
                    .name(ClusterValues.CONFIG_MAP)
                    .namespace(Namespaces.FLUX)
                    .labels(
                        Map.of(
                            Naming.LABEL_MANAGED_BY,
                            Naming.MANAGED_BY,
                            Naming.LABEL_ENVIRONMENT,
                            spec.environment()))
                    .build())
            .data(
                Output.tuple(
                        dns.certManagerRoleArn(),
                        dns.externalDnsRoleArn(),
                        cluster.oidcProviderArn())
                    .applyValue(
                        t ->
                            Map.of(
                                ClusterValues.CERT_MANAGER_ROLE_ARN,
                                t.t1,
                                ClusterValues.EXTERNAL_DNS_ROLE_ARN,
                                t.t2,
                                ClusterValues.AWS_ACCOUNT_ID,
                                accountOf(t.t3))))
            .build(),
        CustomResourceOptions.builder()
            .parent(dns)
            .provider(cluster.kubernetes())
            .dependsOn(flux)
            .build());
  }

  /** The account id of an IAM ARN ({@code arn:aws:iam::<account>:...}). */
  static String accountOf(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length < 6 || !parts[4].matches("[0-9]{12}")) {
      throw new IllegalArgumentException("not an IAM ARN with an account id: " + arn);
    }
    return parts[4];
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
