package io.clickplane.clickhouse;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Small helpers shared by the manifest builders. */
final class Manifests {
  private Manifests() {}

  /** Metadata of a namespaced object of the service. */
  static ObjectMeta metadata(ServiceContext ctx, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(ctx.namespace())
        .withLabels(ctx.labels())
        .build();
  }
}
