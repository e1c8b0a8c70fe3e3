package io.clickplane.clickhouse;

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
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Credentials nobody types: the External Secrets Operator (a Flux HelmRelease), and per
 * organisation a ServiceAccount whose IRSA role reads only that organisation's secrets in AWS
 * Secrets Manager and the SecretStore that uses it; per service an ExternalSecret that writes
 * {@code clickhouse-<service>-credentials} (admin, owner and inter-server secrets) from the secret
 * Pulumi generated. Nothing secret is rendered: only names.
 */
public final class ExternalSecrets {
  static final String API = "external-secrets.io/v1";

  /** Chart of the External Secrets Operator, the release whose CRDs are in ../shared/crds. */
  static final String CHART = "external-secrets";

  static final String CHART_VERSION = "2.9.0";
  static final String REPOSITORY = "https://charts.external-secrets.io";

  /** How often ExternalSecrets re-read Secrets Manager (a rotated value arrives within this). */
  static final String REFRESH_INTERVAL = "1h";

  private static final List<String> SERVICE_KEYS =
      List.of(
          SecretNames.ADMIN_PASSWORD_KEY,
          SecretNames.OWNER_PASSWORD_KEY,
          SecretNames.INTERSERVER_SECRET_KEY);

  private ExternalSecrets() {}

  public static ManifestSet render(PlatformSpec spec) {
    ManifestSet.Builder tree = ManifestSet.builder();
    String env = spec.environment();
    Map<String, String> labels = labels(spec, null);
    String controllers = FluxPaths.controllers(spec) + "/external-secrets/";
    tree.add(
        controllers + "namespace.yaml",
        Yaml.write(FluxObjects.namespace(Namespaces.EXTERNAL_SECRETS, labels)));
    tree.add(
        controllers + "helmrepository.yaml",
        Yaml.write(
            FluxObjects.helmRepository(
                Namespaces.EXTERNAL_SECRETS, "external-secrets", REPOSITORY, labels)));
    tree.add(
        controllers + "helmrelease.yaml",
        Yaml.write(
            FluxObjects.helmRelease(
                labels,
                Namespaces.EXTERNAL_SECRETS,
                "external-secrets",
                CHART,
                CHART_VERSION,
                "external-secrets",
                null,
                null,
                map("installCRDs", true))));
    for (OrganisationSpec org : spec.organisations()) {
      String dir = FluxPaths.organisation(env, org.name()) + "/";
      tree.add(dir + "secrets-serviceaccount.yaml", Yaml.write(storeServiceAccount(spec, org)));
      tree.add(dir + "secretstore.yaml", Yaml.write(secretStore(spec, org)));
      for (ServiceSpec service : org.services()) {
        tree.add(
            FluxPaths.service(env, org.name(), service.name()) + "/externalsecret.yaml",
            Yaml.write(externalSecret(spec, org, service)));
      }
    }
    return tree.build();
  }

  static ServiceAccount storeServiceAccount(PlatformSpec spec, OrganisationSpec org) {
    ObjectMeta metadata = new ObjectMeta();
    metadata.setName(SecretNames.STORE_SERVICE_ACCOUNT);
    metadata.setNamespace(Naming.namespace(org.name()));
    metadata.setLabels(labels(spec, org));
    metadata.setAnnotations(
        Map.of(
            Naming.IRSA_ROLE_ANNOTATION,
            SecretNames.organisationRoleArnReference(spec, org.name())));
    ServiceAccount account = new ServiceAccount();
    account.setApiVersion("v1");
    account.setKind("ServiceAccount");
    account.setMetadata(metadata);
    account.setAutomountServiceAccountToken(false);
    return account;
  }

  static Object secretStore(PlatformSpec spec, OrganisationSpec org) {
    return custom(
        API,
        "SecretStore",
        Naming.namespace(org.name()),
        SecretNames.STORE,
        labels(spec, org),
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
                    map(
                        "jwt",
                        map(
                            "serviceAccountRef",
                            map("name", SecretNames.STORE_SERVICE_ACCOUNT)))))));
  }

  static Object externalSecret(PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    List<Object> data = new ArrayList<>();
    for (String key : SERVICE_KEYS) {
      data.add(
          map(
              "secretKey",
              key,
              "remoteRef",
              map("key", SecretNames.service(spec, org.name(), service.name()), "property", key)));
    }
    Map<String, String> labels = labels(spec, org);
    labels.put(Naming.LABEL_SERVICE, service.name());
    return custom(
        API,
        "ExternalSecret",
        Naming.namespace(org.name()),
        ClickHouseDefaults.credentialsSecret(service.name()),
        labels,
        map(
            "refreshInterval",
            REFRESH_INTERVAL,
            "secretStoreRef",
            map("kind", "SecretStore", "name", SecretNames.STORE),
            "target",
            map(
                "name",
                ClickHouseDefaults.credentialsSecret(service.name()),
                "creationPolicy",
                "Owner",
                "deletionPolicy",
                "Retain"),
            "data",
            data));
  }

  private static Map<String, String> labels(PlatformSpec spec, OrganisationSpec org) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
    labels.put(Naming.LABEL_ENVIRONMENT, spec.environment());
    if (org != null) {
      labels.put(Naming.LABEL_ORGANISATION, org.name());
    }
    return labels;
  }
}
