package io.clickplane.eks.secrets;

import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.NamespaceArgs;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.SecretNames;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.cluster.EksCluster;
import java.util.List;
import java.util.Map;

/**
 * The Altinity operator's own ClickHouse account: a password generated into Secrets Manager ({@link
 * SecretNames#operator}) and written by Pulumi into the Secret {@link SecretNames#OPERATOR_SECRET}
 * of the operator's namespace, which the operator's chart is told to read (instead of the chart's
 * publicly known default). Never in Git.
 */
public final class OperatorCredentials {
  private OperatorCredentials() {}

  public static GeneratedCredentials create(
      PlatformSpec spec, EksCluster cluster, ComponentResourceOptions options) {
    String name = SecretNames.operator(spec);
    GeneratedCredentials generated =
        new GeneratedCredentials(
            Naming.keepsEnvironmentNames(spec)
                ? "clickhouse-operator-credentials"
                : Naming.clusterPrefix(spec) + "-operator-credentials",
            Map.of(name, List.of(SecretNames.OPERATOR_PASSWORD_KEY)),
            null,
            null,
            null,
            io.clickplane.eks.AwsTags.of(spec),
            options);
    CustomResourceOptions k8s =
        CustomResourceOptions.builder().parent(generated).provider(cluster.kubernetes()).build();
    Map<String, String> labels =
        Map.of(
            Naming.LABEL_MANAGED_BY,
            Naming.MANAGED_BY,
            Naming.LABEL_ENVIRONMENT,
            spec.environment());
    // Flux applies the same Namespace later (server-side apply adopts it).
    Namespace namespace =
        new Namespace(
            Namespaces.CLICKHOUSE_OPERATOR,
            NamespaceArgs.builder()
                .metadata(
                    ObjectMetaArgs.builder()
                        .name(Namespaces.CLICKHOUSE_OPERATOR)
                        .labels(labels)
                        .build())
                .build(),
            k8s);
    new Secret(
        SecretNames.OPERATOR_SECRET,
        SecretArgs.builder()
            .metadata(
                ObjectMetaArgs.builder()
                    .name(SecretNames.OPERATOR_SECRET)
                    .namespace(namespace.metadata().applyValue(m -> m.name().orElseThrow()))
                    .labels(labels)
                    .build())
            .type("Opaque")
            .stringData(
                generated
                    .stored(name, SecretNames.OPERATOR_PASSWORD_KEY)
                    .applyValue(
                        password ->
                            Map.of(
                                SecretNames.OPERATOR_USERNAME_KEY,
                                SecretNames.OPERATOR_USER,
                                SecretNames.OPERATOR_PASSWORD_KEY,
                                password)))
            .build(),
        k8s);
    return generated;
  }
}
