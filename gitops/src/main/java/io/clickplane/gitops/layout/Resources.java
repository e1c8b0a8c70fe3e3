package io.clickplane.gitops.layout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds custom resources (Flux kinds) as {@link GenericKubernetesResource}s. */
final class Resources {
  private Resources() {}

  static GenericKubernetesResource custom(
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
  static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        m.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return m;
  }
}
