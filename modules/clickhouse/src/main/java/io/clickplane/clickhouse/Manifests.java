package io.clickplane.clickhouse;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/**
 * Small helpers shared by the manifest builders.
 *
 * <p>The service-level objects are fabric8 model objects filled through their setters rather than
 * through fabric8 builders: a fabric8 7 builder copies a default instance field by field when it is
 * created, which made builders the largest cost of rendering a large fleet. The objects, and so the
 * bytes, are the same.
 */
final class Manifests {
  private Manifests() {}

  /** Metadata of a namespaced object of the service. */
  static ObjectMeta metadata(ServiceContext ctx, String name) {
    ObjectMeta metadata = new ObjectMeta();
    metadata.setName(name);
    metadata.setNamespace(ctx.namespace());
    metadata.setLabels(ctx.labels());
    return metadata;
  }

  /** A selector matching these labels exactly. */
  static LabelSelector matching(Map<String, String> labels) {
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(labels);
    return selector;
  }

  /** Requests and limits. */
  static ResourceRequirements resources(
      Map<String, Quantity> requests, Map<String, Quantity> limits) {
    ResourceRequirements resources = new ResourceRequirements();
    resources.setRequests(requests);
    resources.setLimits(limits);
    return resources;
  }
}
