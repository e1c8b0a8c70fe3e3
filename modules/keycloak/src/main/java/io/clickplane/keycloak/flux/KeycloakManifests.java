package io.clickplane.keycloak.flux;

import static io.clickplane.core.flux.FluxObjects.custom;
import static io.clickplane.core.flux.FluxObjects.map;

import io.clickplane.core.flux.FluxObjects;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.IdentityNames;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.KeycloakSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keycloak on the cluster, as Flux applies it: a pure function of the spec.
 *
 * <ul>
 *   <li>{@code infrastructure/<env>/controllers/keycloak/}: the {@code keycloak} namespace and the
 *       official Keycloak Operator, fetched by Flux from the operator's manifests repository at the
 *       tag of {@code clickplane:keycloak.version};
 *   <li>{@code clusters/<env>/keycloak.yaml}: the Flux Kustomization that applies the instance once
 *       the operator and the cluster configuration are ready, substituting the database's cloud
 *       names from the ConfigMap {@value #DATABASE_CONFIG_MAP} that {@code pulumi up} writes;
 *   <li>{@code infrastructure/<env>/keycloak/}: the {@code Keycloak} resource, the database
 *       credentials (an ExternalSecret reading the RDS-managed secret through IRSA) and, under
 *       {@code route/}, what the ingress gateway needs to serve {@code id.<domain>} ({@link
 *       KeycloakRoute}).
 * </ul>
 */
public final class KeycloakManifests {
  /** The operator's manifests repository (Kubernetes manifests and CRDs per release tag). */
  public static final String OPERATOR_REPOSITORY =
      "https://github.com/keycloak/keycloak-k8s-resources";

  public static final String OPERATOR = "keycloak-operator";

  /** Name of the Keycloak resource; the operator names its Service {@code <name>-service}. */
  public static final String KEYCLOAK = "keycloak";

  /** Service the operator creates for the Keycloak pods (HTTP on {@link #HTTP_PORT}). */
  public static final String SERVICE = KEYCLOAK + "-service";

  public static final int HTTP_PORT = 8080;

  /** Flux Kustomization applying {@code infrastructure/<env>/keycloak}. */
  public static final String INSTANCE_KUSTOMIZATION = "keycloak";

  /** ConfigMap in flux-system with the database's cloud names, written by {@code pulumi up}. */
  public static final String DATABASE_CONFIG_MAP = "keycloak-database";

  /** Substitution variables of {@link #DATABASE_CONFIG_MAP}. */
  public static final String VAR_DB_HOST = "KEYCLOAK_DB_HOST";

  public static final String VAR_DB_SECRET_ARN = "KEYCLOAK_DB_SECRET_ARN";
  public static final String VAR_DB_ROLE_ARN = "KEYCLOAK_DB_ROLE_ARN";

  /** ServiceAccount (IRSA) the SecretStore reads the database secret as. */
  public static final String DB_SERVICE_ACCOUNT = "keycloak-db";

  /** Kubernetes Secret holding the database user and password (from Secrets Manager). */
  public static final String DB_SECRET = "keycloak-db";

  public static final String DATABASE = "keycloak";
  public static final int DATABASE_PORT = 5432;

  public static final String IMAGE = "quay.io/keycloak/keycloak";

  private KeycloakManifests() {}

  /** The instance's directory: {@code infrastructure/<env>/keycloak}. */
  public static String instanceDirectory(String environment) {
    return FluxPaths.keycloak(environment);
  }

  public static ManifestSet render(PlatformSpec spec) {
    Map<String, String> labels = labels(spec);
    ManifestSet.Builder tree = ManifestSet.builder();
    String controllers = FluxPaths.controllers(spec) + "/keycloak/";
    tree.add(
        controllers + "namespace.yaml",
        Yaml.write(FluxObjects.namespace(Namespaces.KEYCLOAK, labels)));
    tree.add(controllers + "gitrepository.yaml", Yaml.write(operatorSource(spec, labels)));
    tree.add(controllers + "operator.yaml", Yaml.write(operator(labels)));
    tree.add(
        FluxPaths.clusters(spec) + "/keycloak.yaml",
        Yaml.write(instanceKustomization(spec, labels)));
    String dir = FluxPaths.keycloak(spec) + "/";
    tree.add(dir + "serviceaccount.yaml", Yaml.write(serviceAccount(labels)));
    tree.add(dir + "secretstore.yaml", Yaml.write(secretStore(spec, labels)));
    tree.add(dir + "externalsecret.yaml", Yaml.write(externalSecret(labels)));
    tree.add(dir + "keycloak.yaml", Yaml.write(keycloak(spec, labels)));
    tree.addAll(KeycloakRoute.render(spec, dir + "route/", labels));
    return tree.build();
  }

  static Map<String, String> labels(PlatformSpec spec) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
    labels.put(Naming.LABEL_ENVIRONMENT, spec.environment());
    labels.put("app.kubernetes.io/part-of", "keycloak");
    return labels;
  }

  /** The operator's manifests at the server's version, nothing but the plain Kubernetes ones. */
  static Object operatorSource(PlatformSpec spec, Map<String, String> labels) {
    return custom(
        FluxObjects.SOURCE_API,
        "GitRepository",
        Namespaces.FLUX,
        OPERATOR,
        labels,
        map(
            "interval",
            "24h",
            "url",
            OPERATOR_REPOSITORY,
            "ref",
            map("tag", spec.keycloak().version()),
            "ignore",
            String.join(
                "\n",
                "/*",
                "!/kubernetes/",
                "/kubernetes/openshift.yml",
                "/kubernetes/minikube.yml",
                "/kubernetes/cluster-wide/")));
  }

  /** Installs the operator (CRDs, Deployment, RBAC) into the keycloak namespace. */
  static Object operator(Map<String, String> labels) {
    return custom(
        FluxObjects.KUSTOMIZE_API,
        "Kustomization",
        Namespaces.FLUX,
        OPERATOR,
        labels,
        map(
            "interval",
            "1h",
            "retryInterval",
            "1m",
            "timeout",
            "10m",
            "path",
            "./kubernetes",
            "prune",
            true,
            "wait",
            true,
            "targetNamespace",
            Namespaces.KEYCLOAK,
            "sourceRef",
            map("kind", "GitRepository", "name", OPERATOR)));
  }

  /** Applies the instance after the operator and the cluster configuration, with the DB names. */
  static Object instanceKustomization(PlatformSpec spec, Map<String, String> labels) {
    return custom(
        FluxObjects.KUSTOMIZE_API,
        "Kustomization",
        Namespaces.FLUX,
        INSTANCE_KUSTOMIZATION,
        labels,
        map(
            "interval",
            "1h",
            "retryInterval",
            "1m",
            "timeout",
            "15m",
            "path",
            "./" + FluxPaths.keycloak(spec),
            "prune",
            true,
            "wait",
            true,
            "sourceRef",
            map("kind", "GitRepository", "name", Namespaces.FLUX),
            "dependsOn",
            List.of(map("name", OPERATOR), map("name", "infrastructure-configs")),
            "postBuild",
            map("substituteFrom", List.of(map("kind", "ConfigMap", "name", DATABASE_CONFIG_MAP)))));
  }

  static Object serviceAccount(Map<String, String> labels) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(DB_SERVICE_ACCOUNT)
        .withNamespace(Namespaces.KEYCLOAK)
        .withLabels(labels)
        .addToAnnotations("eks.amazonaws.com/role-arn", "${" + VAR_DB_ROLE_ARN + "}")
        .endMetadata()
        .build();
  }

  static Object secretStore(PlatformSpec spec, Map<String, String> labels) {
    return custom(
        "external-secrets.io/v1",
        "SecretStore",
        Namespaces.KEYCLOAK,
        DB_SECRET,
        labels,
        map(
            "provider",
            map(
                "aws",
                map(
                    "service",
                    "SecretsManager",
                    "region",
                    spec.region(),
                    "auth",
                    map("jwt", map("serviceAccountRef", map("name", DB_SERVICE_ACCOUNT)))))));
  }

  /** The RDS-managed master secret ({@code username}, {@code password}), refreshed hourly. */
  static Object externalSecret(Map<String, String> labels) {
    String key = "${" + VAR_DB_SECRET_ARN + "}";
    return custom(
        "external-secrets.io/v1",
        "ExternalSecret",
        Namespaces.KEYCLOAK,
        DB_SECRET,
        labels,
        map(
            "refreshInterval",
            "1h",
            "secretStoreRef",
            map("kind", "SecretStore", "name", DB_SECRET),
            "target",
            map("name", DB_SECRET, "creationPolicy", "Owner"),
            "data",
            List.of(
                map("secretKey", "username", "remoteRef", map("key", key, "property", "username")),
                map(
                    "secretKey",
                    "password",
                    "remoteRef",
                    map("key", key, "property", "password")))));
  }

  /** The operator's Keycloak resource. */
  static Object keycloak(PlatformSpec spec, Map<String, String> labels) {
    KeycloakSpec kc = spec.keycloak();
    return custom(
        "k8s.keycloak.org/v2alpha1",
        "Keycloak",
        Namespaces.KEYCLOAK,
        KEYCLOAK,
        labels,
        map(
            "instances",
            kc.instances(),
            "image",
            IMAGE + ":" + kc.version(),
            "db",
            map(
                "vendor",
                "postgres",
                "host",
                "${" + VAR_DB_HOST + "}",
                "port",
                DATABASE_PORT,
                "database",
                DATABASE,
                "usernameSecret",
                map("name", DB_SECRET, "key", "username"),
                "passwordSecret",
                map("name", DB_SECRET, "key", "password")),
            // TLS ends at the ingress gateway; Keycloak serves HTTP inside the cluster and trusts
            // the gateway's X-Forwarded-* headers.
            "http",
            map("httpEnabled", true, "httpPort", HTTP_PORT),
            "hostname",
            map("hostname", "https://" + IdentityNames.keycloakHost(spec.domain()), "strict", true),
            "proxy",
            map("headers", "xforwarded"),
            "ingress",
            map("enabled", false),
            "additionalOptions",
            List.of(map("name", "db-url-properties", "value", "?sslmode=require")),
            "resources",
            map("requests", map("cpu", "500m", "memory", "1Gi"), "limits", map("memory", "2Gi")),
            "scheduling",
            map(
                "topologySpreadConstraints",
                List.of(
                    map(
                        "maxSkew",
                        1,
                        "topologyKey",
                        "topology.kubernetes.io/zone",
                        "whenUnsatisfiable",
                        "ScheduleAnyway",
                        "labelSelector",
                        map("matchLabels", map("app.kubernetes.io/instance", KEYCLOAK)))))));
  }
}
