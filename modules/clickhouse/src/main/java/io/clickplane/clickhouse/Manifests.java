package io.clickplane.clickhouse;

import com.fasterxml.jackson.core.type.TypeReference;
import io.clickplane.core.manifest.Yaml;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/** Small helpers shared by the manifest builders. */
final class Manifests {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private Manifests() {}

  /** Metadata of a namespaced object of the service. */
  static ObjectMeta metadata(ServiceContext ctx, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(ctx.namespace())
        .withLabels(ctx.labels())
        .build();
  }

  /** A fabric8 model object as the plain map embedded in a custom resource's free-form section. */
  static Map<String, Object> asMap(Object model) {
    return Yaml.mapper().convertValue(model, MAP);
  }
}
