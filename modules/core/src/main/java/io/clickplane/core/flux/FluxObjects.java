package io.clickplane.core.flux;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders for custom resources as {@link GenericKubernetesResource}s, and for the Flux kinds every
 * module that installs a controller needs: a {@code HelmRepository} and a {@code HelmRelease} with
 * the platform's install and upgrade policy.
 */
public final class FluxObjects {
  public static final String KUSTOMIZE_API = "kustomize.toolkit.fluxcd.io/v1";
  public static final String SOURCE_API = "source.toolkit.fluxcd.io/v1";
  public static final String HELM_API = "helm.toolkit.fluxcd.io/v2";

  private FluxObjects() {}

  /** A custom resource with a {@code spec}. */
  public static GenericKubernetesResource custom(
      String apiVersion,
      String kind,
      String namespace,
      String name,
      Map<String, String> labels,
      Map<String, Object> spec) {
    GenericKubernetesResource resource =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(apiVersion)
            .withKind(kind)
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels.isEmpty() ? null : labels)
            .endMetadata()
            .build();
    resource.setAdditionalProperty("spec", spec);
    return resource;
  }

  /** A mutable map from alternating key/value arguments (nulls skipped), for spec bodies. */
  public static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        m.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return m;
  }

  /** A namespace with labels. */
  public static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  /** A Helm chart repository that Flux polls daily. */
  public static GenericKubernetesResource helmRepository(
      String namespace, String name, String url, Map<String, String> labels) {
    return custom(
        SOURCE_API, "HelmRepository", namespace, name, labels, map("interval", "24h", "url", url));
  }

  /**
   * A chart release.
   *
   * @param namespace namespace of the release object and of its repository
   * @param dependsOn another release in the same namespace installed first, or null
   * @param targetNamespace where the chart's objects go, or null for {@code namespace}
   */
  public static GenericKubernetesResource helmRelease(
      Map<String, String> labels,
      String namespace,
      String name,
      String chart,
      String version,
      String repository,
      String dependsOn,
      String targetNamespace,
      Map<String, Object> values) {
    return custom(
        HELM_API,
        "HelmRelease",
        namespace,
        name,
        labels,
        map(
            "interval",
            "1h",
            "timeout",
            "10m",
            "targetNamespace",
            targetNamespace,
            "chart",
            map(
                "spec",
                map(
                    "chart",
                    chart,
                    "version",
                    version,
                    "interval",
                    "24h",
                    "sourceRef",
                    map("kind", "HelmRepository", "name", repository, "namespace", namespace))),
            "dependsOn",
            dependsOn == null ? null : List.of(map("name", dependsOn, "namespace", namespace)),
            "install",
            map("crds", "CreateReplace", "remediation", map("retries", 3)),
            "upgrade",
            map(
                "crds",
                "CreateReplace",
                "remediation",
                map("retries", 3, "remediateLastFailure", true)),
            "values",
            values));
  }
}
