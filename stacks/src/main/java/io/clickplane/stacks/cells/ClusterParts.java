package io.clickplane.stacks.cells;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.clickplane.backup.aws.OrganisationBackup;
import io.clickplane.core.flux.ClusterValues;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.SecretNames;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.flux.FluxBootstrap;
import io.clickplane.eks.secrets.GeneratedCredentials;
import io.clickplane.istio.aws.EndpointDns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cluster's stack provisions the same way with and without cells: the organisations'
 * buckets, roles and secrets, and the ConfigMap of the cluster's values.
 */
public final class ClusterParts {
  private ClusterParts() {}

  /**
   * The organisations' outputs, by organisation name.
   *
   * @param buckets backup bucket names
   * @param roles backup role ARNs
   * @param secretRoles External Secrets role ARNs
   */
  public record OrganisationOutputs(
      Map<String, Output<String>> buckets,
      Map<String, Output<String>> roles,
      Map<String, Output<String>> secretRoles) {}

  /**
   * One backup bucket and role and one set of generated credentials per organisation of {@code
   * spec} (with cells: of the cell), trusted through {@code cluster}'s OIDC provider.
   */
  public static OrganisationOutputs organisations(PlatformSpec spec, EksCluster cluster) {
    ComponentResourceOptions none = ComponentResourceOptions.Empty;
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
      Map<String, List<String>> secrets = new LinkedHashMap<>();
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
    return new OrganisationOutputs(buckets, roles, secretRoles);
  }

  /**
   * The values the rendered controllers and tenants need from the cloud (see {@link
   * ClusterValues}), in the ConfigMap Flux substitutes from. Created once Flux (and its namespace)
   * is installed; the Kustomizations retry until it exists.
   */
  public static void clusterValues(
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
  public static String accountOf(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length < 6 || !parts[4].matches("[0-9]{12}")) {
      throw new IllegalArgumentException("not an IAM ARN with an account id: " + arn);
    }
    return parts[4];
  }

  /** One output of a map, keys in order. */
  public static Output<Map<String, String>> all(Map<String, Output<String>> outputs) {
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
