package io.clickplane.gitops.layout;

import static io.clickplane.core.flux.FluxObjects.custom;
import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.flux.ClusterValues;
import io.clickplane.core.flux.FluxObjects;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.SecretNames;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Flux side of an environment's repository: the cluster's Flux Kustomizations, the Altinity
 * operator, cluster-wide configuration, and each organisation's tenancy (namespace, the account its
 * Flux Kustomization impersonates, the Flux Kustomization itself). The mesh, endpoints and the
 * tenants' network policies come from the istio module.
 *
 * <p>{@link #render} is a pure function of the spec. {@link #complete} adds every {@code
 * kustomization.yaml} to the final tree that all modules rendered into (see {@link
 * Kustomizations}); the services' own objects come from other modules under {@link
 * FluxPaths#service}.
 */
public final class FluxLayout {
  /** The GitRepository that Flux bootstrap creates and every Kustomization reads. */
  public static final String SOURCE = "flux-system";

  /** Namespace of Flux itself and of the cluster-level Kustomizations. */
  public static final String FLUX_NAMESPACE = "flux-system";

  /** Name of the cluster-level Kustomizations, in dependency order. */
  public static final String CONTROLLERS = "infrastructure-controllers";

  public static final String CONFIGS = "infrastructure-configs";
  public static final String TENANTS = "tenants";

  /** Name of each organisation's Flux Kustomization (in the organisation's namespace). */
  public static final String ORGANISATION_KUSTOMIZATION = "services";

  /** Altinity operator Helm chart. */
  static final String ALTINITY_NAMESPACE = Namespaces.CLICKHOUSE_OPERATOR;

  static final String ALTINITY_REPOSITORY = "https://helm.altinity.com";
  static final String ALTINITY_CHART = "altinity-clickhouse-operator";
  static final String ALTINITY_VERSION = "0.25.6";

  private static final String KUSTOMIZE_API = FluxObjects.KUSTOMIZE_API;
  private static final String SOURCE_API = FluxObjects.SOURCE_API;

  private FluxLayout() {}

  /** This module's part of the tree (no {@code kustomization.yaml}s; see {@link #complete}). */
  public static ManifestSet render(PlatformSpec spec) {
    ManifestSet.Builder tree = ManifestSet.builder();
    clusters(spec, tree);
    altinityOperator(spec, tree);
    tree.add(
        FluxPaths.configs(spec) + "/rbac/clusterrole-tenant-resources.yaml",
        Yaml.write(tenantResourcesRole(spec)));
    for (OrganisationSpec org : spec.organisations()) {
      organisation(spec, org, tree);
    }
    return tree.build();
  }

  /**
   * The final tree of all modules plus a generated {@code kustomization.yaml} in every Flux
   * directory; for an environment with cells, each cell's (see {@link CellLayout}).
   */
  public static ManifestSet complete(PlatformSpec spec, ManifestSet tree) {
    return complete(spec, tree, Map.of());
  }

  /**
   * Like {@link #complete(PlatformSpec, ManifestSet)} for a tree without the directories of some
   * organisations, which stay as published: {@code kept} maps each such organisation directory to
   * the names of its own files (listed by {@code tenants/<env>/kustomization.yaml}).
   */
  public static ManifestSet complete(
      PlatformSpec spec,
      ManifestSet tree,
      Map<String, ? extends java.util.Collection<String>> kept) {
    if (spec.hasCells()) {
      return CellLayout.complete(spec, tree, kept);
    }
    String env = spec.environment();
    Set<String> roots =
        new LinkedHashSet<>(
            List.of(
                FluxPaths.clusters(env),
                FluxPaths.controllers(env),
                FluxPaths.configs(env),
                FluxPaths.tenants(env)));
    // Keycloak's instance has its own Flux Kustomization (clusters/<env>/keycloak.yaml).
    String keycloak = FluxPaths.keycloak(env);
    if (tree.paths().stream().anyMatch(p -> p.startsWith(keycloak + "/"))) {
      roots.add(keycloak);
    }
    Set<String> delegated = new LinkedHashSet<>();
    for (OrganisationSpec org : spec.organisations()) {
      delegated.add(FluxPaths.organisation(env, org.name()));
    }
    return Kustomizations.complete(tree, roots, delegated, kept);
  }

  private static Map<String, String> labels(PlatformSpec spec) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Naming.LABEL_ENVIRONMENT, spec.environment());
    labels.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
    return labels;
  }

  private static Map<String, String> labels(PlatformSpec spec, OrganisationSpec org) {
    Map<String, String> labels = labels(spec);
    labels.put(Naming.LABEL_ORGANISATION, org.name());
    return labels;
  }

  private static void clusters(PlatformSpec spec, ManifestSet.Builder tree) {
    String env = spec.environment();
    String cell = spec.cellName();
    String dir = FluxPaths.clusters(spec) + "/";
    tree.add(
        dir + CONTROLLERS + ".yaml",
        Yaml.write(
            clusterKustomization(
                spec, CONTROLLERS, FluxPaths.controllers(spec), null, "1h", "10m")));
    tree.add(
        dir + CONFIGS + ".yaml",
        Yaml.write(
            clusterKustomization(spec, CONFIGS, FluxPaths.configs(spec), CONTROLLERS, "1h", "5m")));
    tree.add(
        dir + TENANTS + ".yaml",
        Yaml.write(
            clusterKustomization(
                spec, TENANTS, FluxPaths.cellTenants(env, cell), CONFIGS, "10m", "5m")));
  }

  private static Object clusterKustomization(
      PlatformSpec spec,
      String name,
      String path,
      String dependsOn,
      String interval,
      String timeout) {
    return custom(
        KUSTOMIZE_API,
        "Kustomization",
        FLUX_NAMESPACE,
        name,
        labels(spec),
        map(
            "interval",
            interval,
            "retryInterval",
            "1m",
            "timeout",
            timeout,
            "path",
            "./" + path,
            "prune",
            true,
            // The tenants level only sets organisations up; each organisation's own Kustomization
            // waits for its services.
            "wait",
            !name.equals(TENANTS),
            "sourceRef",
            map("kind", "GitRepository", "name", SOURCE),
            "dependsOn",
            dependsOn == null ? null : List.of(map("name", dependsOn)),
            // Values only pulumi up knows reach the rendered objects here: role ARNs into the
            // controllers' releases, the AWS account id into the organisations' backup
            // ServiceAccounts. Not optional: without the ConfigMap a level fails rather than apply
            // a half-filled ARN.
            "postBuild",
            name.equals(CONTROLLERS) || name.equals(TENANTS)
                ? map(
                    "substituteFrom",
                    List.of(map("kind", "ConfigMap", "name", ClusterValues.CONFIG_MAP)))
                : null));
  }

  private static void altinityOperator(PlatformSpec spec, ManifestSet.Builder tree) {
    String dir = FluxPaths.controllers(spec) + "/altinity-operator/";
    // The operator is in the ambient mesh: its connections to ClickHouse are mutual TLS and keep
    // the pod's address, which the operator's ClickHouse user is pinned to.
    Map<String, String> operatorLabels = labels(spec);
    operatorLabels.putAll(Mesh.ambient());
    tree.add(
        dir + "namespace.yaml", Yaml.write(namespace(spec, ALTINITY_NAMESPACE, operatorLabels)));
    tree.add(
        dir + "helmrepository.yaml",
        Yaml.write(
            custom(
                SOURCE_API,
                "HelmRepository",
                ALTINITY_NAMESPACE,
                "altinity",
                labels(spec),
                map("interval", "24h", "url", ALTINITY_REPOSITORY))));
    tree.add(
        dir + "helmrelease.yaml",
        Yaml.write(
            helmRelease(
                spec,
                ALTINITY_NAMESPACE,
                "clickhouse-operator",
                ALTINITY_CHART,
                ALTINITY_VERSION,
                "altinity",
                null,
                null,
                // The chart's CRD hook is off: Helm itself installs and replaces the CRDs
                // (install/upgrade crds). The chart's own Secret (with its publicly known default
                // password) is not created: the operator reads its ClickHouse account from the
                // Secret Pulumi writes from AWS Secrets Manager (SecretNames.OPERATOR_SECRET).
                map(
                    "crdHook",
                    map("enabled", false),
                    "secret",
                    map("create", false),
                    "configs",
                    map(
                        "files",
                        map(
                            "config.yaml",
                            map(
                                "clickhouse",
                                map(
                                    "access",
                                    map(
                                        "secret",
                                        map(
                                            "namespace",
                                            ALTINITY_NAMESPACE,
                                            "name",
                                            SecretNames.OPERATOR_SECRET))))))))));
  }

  private static Object helmRelease(
      PlatformSpec spec,
      String namespace,
      String name,
      String chart,
      String version,
      String repository,
      String dependsOn,
      String targetNamespace,
      Map<String, Object> values) {
    return FluxObjects.helmRelease(
        labels(spec),
        namespace,
        name,
        chart,
        version,
        repository,
        dependsOn,
        targetNamespace,
        values);
  }

  private static Namespace namespace(PlatformSpec spec, String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  /**
   * Lets the namespace {@code admin} role (which each organisation's reconciler is bound to) manage
   * the custom resources services are made of.
   */
  private static ClusterRole tenantResourcesRole(PlatformSpec spec) {
    Map<String, String> labels = labels(spec);
    labels.put("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    List<String> verbs =
        List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName("clickplane-tenant-resources")
        .withLabels(labels)
        .endMetadata()
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("clickhouse.altinity.com")
                .withResources("clickhouseinstallations", "clickhouseinstallationtemplates")
                .withVerbs(verbs)
                .build())
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("clickhouse-keeper.altinity.com")
                .withResources("clickhousekeeperinstallations")
                .withVerbs(verbs)
                .build())
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("external-secrets.io")
                .withResources("externalsecrets", "secretstores")
                .withVerbs(verbs)
                .build())
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("networking.istio.io", "security.istio.io")
                .withResources("*")
                .withVerbs(verbs)
                .build())
        .build();
  }

  private static void organisation(
      PlatformSpec spec, OrganisationSpec org, ManifestSet.Builder tree) {
    String env = spec.environment();
    String dir = FluxPaths.organisation(env, org.name()) + "/";
    String ns = Naming.namespace(org.name());
    // Every pod of the organisation is in the ambient mesh and held to Pod Security restricted (see
    // docs/endpoints.md); the istio module renders the namespace's network and mesh policies.
    Map<String, String> tenant = labels(spec, org);
    tenant.putAll(Mesh.ambientRestricted());
    tree.add(dir + "namespace.yaml", Yaml.write(namespace(spec, ns, tenant)));
    ServiceAccount account =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName(Naming.FLUX_SERVICE_ACCOUNT)
            .withNamespace(ns)
            .withLabels(labels(spec, org))
            .endMetadata()
            .build();
    tree.add(dir + "serviceaccount.yaml", Yaml.write(account));
    RoleBinding binding =
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName(Naming.FLUX_SERVICE_ACCOUNT)
            .withNamespace(ns)
            .withLabels(labels(spec, org))
            .endMetadata()
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("ClusterRole")
            .withName("admin")
            .endRoleRef()
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(Naming.FLUX_SERVICE_ACCOUNT)
            .withNamespace(ns)
            .endSubject()
            .build();
    tree.add(dir + "rolebinding.yaml", Yaml.write(binding));
    tree.add(dir + "flux-kustomization.yaml", Yaml.write(organisationKustomization(spec, org)));
  }

  /**
   * The organisation's Flux Kustomization: reconciles its services as the organisation's own
   * ServiceAccount, and reports them healthy when each ClickHouseInstallation's status is
   * Completed.
   */
  private static Object organisationKustomization(PlatformSpec spec, OrganisationSpec org) {
    String ns = Naming.namespace(org.name());
    List<Object> healthChecks = new ArrayList<>();
    for (ServiceSpec service : org.services()) {
      healthChecks.add(
          map(
              "apiVersion",
              "clickhouse.altinity.com/v1",
              "kind",
              "ClickHouseInstallation",
              "name",
              Naming.installation(service.name()),
              "namespace",
              ns));
    }
    return custom(
        KUSTOMIZE_API,
        "Kustomization",
        ns,
        ORGANISATION_KUSTOMIZATION,
        labels(spec, org),
        map(
            "interval",
            "10m",
            "retryInterval",
            "2m",
            "timeout",
            "30m",
            "path",
            "./" + FluxPaths.organisation(spec.environment(), org.name()),
            "prune",
            true,
            "targetNamespace",
            ns,
            "serviceAccountName",
            Naming.FLUX_SERVICE_ACCOUNT,
            "sourceRef",
            map("kind", "GitRepository", "name", SOURCE, "namespace", FLUX_NAMESPACE),
            "healthChecks",
            healthChecks.isEmpty() ? null : healthChecks,
            "healthCheckExprs",
            List.of(
                map(
                    "apiVersion", "clickhouse.altinity.com/v1",
                    "kind", "ClickHouseInstallation",
                    "current", "status.status == 'Completed'",
                    "inProgress", "status.status == 'InProgress'",
                    "failed", "status.status == 'Aborted'"))));
  }
}
