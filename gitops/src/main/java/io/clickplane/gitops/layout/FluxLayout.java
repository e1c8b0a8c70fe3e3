package io.clickplane.gitops.layout;

import static io.clickplane.core.flux.FluxObjects.custom;
import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.flux.FluxObjects;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.SecretNames;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
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
 * The Flux side of an environment's repository: the cluster's Flux Kustomizations, the controllers
 * (Altinity operator, Istio), cluster-wide configuration, and each organisation's tenancy
 * (namespace, the account its Flux Kustomization impersonates, network policy, the Flux
 * Kustomization itself).
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

  /** Istio Helm charts. */
  static final String ISTIO_NAMESPACE = Namespaces.ISTIO;

  static final String ISTIO_INGRESS_NAMESPACE = Namespaces.ISTIO_INGRESS;
  static final String ISTIO_REPOSITORY = "https://istio-release.storage.googleapis.com/charts";
  static final String ISTIO_VERSION = "1.27.3";

  /** ClickHouse ports the ingress gateway forwards to (native TLS, HTTPS). */
  static final int[] CLICKHOUSE_PUBLIC_PORTS = {9440, 8443};

  private static final String KUSTOMIZE_API = FluxObjects.KUSTOMIZE_API;
  private static final String SOURCE_API = FluxObjects.SOURCE_API;

  private FluxLayout() {}

  /** This module's part of the tree (no {@code kustomization.yaml}s; see {@link #complete}). */
  public static ManifestSet render(PlatformSpec spec) {
    String env = spec.environment();
    ManifestSet.Builder tree = ManifestSet.builder();
    clusters(spec, tree);
    altinityOperator(spec, tree);
    istio(spec, tree);
    tree.add(
        FluxPaths.configs(env) + "/rbac/clusterrole-tenant-resources.yaml",
        Yaml.write(tenantResourcesRole(spec)));
    for (OrganisationSpec org : spec.organisations()) {
      organisation(spec, org, tree);
    }
    return tree.build();
  }

  /**
   * The final tree of all modules plus a generated {@code kustomization.yaml} in every Flux
   * directory.
   */
  public static ManifestSet complete(PlatformSpec spec, ManifestSet tree) {
    String env = spec.environment();
    Set<String> roots =
        new LinkedHashSet<>(
            List.of(
                FluxPaths.clusters(env),
                FluxPaths.controllers(env),
                FluxPaths.configs(env),
                FluxPaths.tenants(env)));
    Set<String> delegated = new LinkedHashSet<>();
    for (OrganisationSpec org : spec.organisations()) {
      delegated.add(FluxPaths.organisation(env, org.name()));
    }
    return Kustomizations.complete(tree, roots, delegated);
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
    String dir = FluxPaths.clusters(env) + "/";
    tree.add(
        dir + CONTROLLERS + ".yaml",
        Yaml.write(
            clusterKustomization(
                spec, CONTROLLERS, FluxPaths.controllers(env), null, "1h", "10m")));
    tree.add(
        dir + CONFIGS + ".yaml",
        Yaml.write(
            clusterKustomization(spec, CONFIGS, FluxPaths.configs(env), CONTROLLERS, "1h", "5m")));
    tree.add(
        dir + TENANTS + ".yaml",
        Yaml.write(
            clusterKustomization(spec, TENANTS, FluxPaths.tenants(env), CONFIGS, "10m", "5m")));
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
            // Organisation objects name cluster facts rendering cannot know (the AWS account id in
            // the backup role's ARN); Pulumi writes them into this ConfigMap. Not optional: without
            // it the tenants level fails rather than apply a half-filled ARN.
            "postBuild",
            name.equals(TENANTS)
                ? map(
                    "substituteFrom",
                    List.of(map("kind", "ConfigMap", "name", Naming.PLATFORM_VARIABLES_CONFIGMAP)))
                : null));
  }

  private static void altinityOperator(PlatformSpec spec, ManifestSet.Builder tree) {
    String dir = FluxPaths.controllers(spec.environment()) + "/altinity-operator/";
    tree.add(dir + "namespace.yaml", Yaml.write(namespace(spec, ALTINITY_NAMESPACE, labels(spec))));
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

  private static void istio(PlatformSpec spec, ManifestSet.Builder tree) {
    String dir = FluxPaths.controllers(spec.environment()) + "/istio/";
    tree.add(
        dir + "namespace-istio-system.yaml",
        Yaml.write(namespace(spec, ISTIO_NAMESPACE, labels(spec))));
    Map<String, String> injected = labels(spec);
    injected.put("istio-injection", "enabled");
    tree.add(
        dir + "namespace-istio-ingress.yaml",
        Yaml.write(namespace(spec, ISTIO_INGRESS_NAMESPACE, injected)));
    tree.add(
        dir + "helmrepository.yaml",
        Yaml.write(
            custom(
                SOURCE_API,
                "HelmRepository",
                ISTIO_NAMESPACE,
                "istio",
                labels(spec),
                map("interval", "24h", "url", ISTIO_REPOSITORY))));
    tree.add(
        dir + "helmrelease-base.yaml",
        Yaml.write(
            helmRelease(
                spec,
                ISTIO_NAMESPACE,
                "istio-base",
                "base",
                ISTIO_VERSION,
                "istio",
                null,
                null,
                map("defaultRevision", "default"))));
    tree.add(
        dir + "helmrelease-istiod.yaml",
        Yaml.write(
            helmRelease(
                spec,
                ISTIO_NAMESPACE,
                "istiod",
                "istiod",
                ISTIO_VERSION,
                "istio",
                "istio-base",
                null,
                map("meshConfig", map("accessLogFile", "/dev/stdout")))));
    tree.add(
        dir + "helmrelease-gateway.yaml",
        Yaml.write(
            helmRelease(
                spec,
                ISTIO_NAMESPACE,
                "istio-ingressgateway",
                "gateway",
                ISTIO_VERSION,
                "istio",
                "istiod",
                ISTIO_INGRESS_NAMESPACE,
                map(
                    "service",
                    map(
                        "type",
                        "LoadBalancer",
                        "annotations",
                        map(
                            "service.beta.kubernetes.io/aws-load-balancer-type", "external",
                            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type", "ip",
                            "service.beta.kubernetes.io/aws-load-balancer-scheme",
                                "internet-facing"))))));
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
    Map<String, String> injected = labels(spec, org);
    injected.put("istio-injection", "enabled");
    tree.add(dir + "namespace.yaml", Yaml.write(namespace(spec, ns, injected)));
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
    tree.add(dir + "networkpolicy.yaml", Yaml.write(networkPolicy(spec, org)));
    tree.add(dir + "flux-kustomization.yaml", Yaml.write(organisationKustomization(spec, org)));
  }

  /**
   * Denies all traffic to and from the organisation's pods except: within the namespace (ClickHouse
   * replicas and their coordinator), from the ingress gateway on the public ClickHouse ports, DNS,
   * the Istio control plane, and HTTPS out (S3 and AWS STS for backups).
   */
  private static NetworkPolicy networkPolicy(PlatformSpec spec, OrganisationSpec org) {
    String ns = Naming.namespace(org.name());
    NetworkPolicyPeer sameNamespace =
        new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder().build()).build();
    List<NetworkPolicyPort> publicPorts = new ArrayList<>();
    for (int port : CLICKHOUSE_PUBLIC_PORTS) {
      publicPorts.add(tcp(port));
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName("default-deny")
        .withNamespace(ns)
        .withLabels(labels(spec, org))
        .endMetadata()
        .withNewSpec()
        .withPodSelector(new LabelSelectorBuilder().build())
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .withFrom(sameNamespace)
        .endIngress()
        .addNewIngress()
        .withFrom(namespacePeer(ISTIO_INGRESS_NAMESPACE))
        .withPorts(publicPorts)
        .endIngress()
        .addNewEgress()
        .withTo(sameNamespace)
        .endEgress()
        .addNewEgress()
        .withTo(
            new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(
                    new LabelSelectorBuilder()
                        .addToMatchLabels("kubernetes.io/metadata.name", "kube-system")
                        .build())
                .withPodSelector(
                    new LabelSelectorBuilder().addToMatchLabels("k8s-app", "kube-dns").build())
                .build())
        .withPorts(port("UDP", 53), tcp(53))
        .endEgress()
        .addNewEgress()
        .withTo(namespacePeer(ISTIO_NAMESPACE))
        .withPorts(tcp(15012))
        .endEgress()
        .addNewEgress()
        .withTo(
            new NetworkPolicyPeerBuilder()
                .withNewIpBlock()
                .withCidr("0.0.0.0/0")
                .endIpBlock()
                .build())
        .withPorts(tcp(443))
        .endEgress()
        .endSpec()
        .build();
  }

  private static NetworkPolicyPeer namespacePeer(String namespace) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(
            new LabelSelectorBuilder()
                .addToMatchLabels("kubernetes.io/metadata.name", namespace)
                .build())
        .build();
  }

  private static NetworkPolicyPort tcp(int port) {
    return port("TCP", port);
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
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
