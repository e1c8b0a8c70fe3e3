package io.clickplane.eks.kubernetes;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import java.util.Map;

/**
 * Any Kubernetes object, custom kinds included, applied through the Kubernetes provider (type token
 * {@code kubernetes:<apiVersion>:<kind>}). The Java provider SDK has no generic custom-resource
 * class; this is that class, for kinds such as Flux's GitRepository and Kustomization.
 */
public final class KubernetesObject extends CustomResource {
  /**
   * @param metadata object metadata ({@code name}, {@code namespace}, {@code labels}, ...)
   * @param spec the object's {@code spec}
   */
  public KubernetesObject(
      String name,
      String apiVersion,
      String kind,
      Map<String, Object> metadata,
      Output<Map<String, Object>> spec,
      CustomResourceOptions options) {
    super(
        "kubernetes:" + apiVersion + ":" + kind,
        name,
        new Args(apiVersion, kind, metadata, spec),
        options);
  }

  /** The object as Pulumi sends it to the provider. */
  public static final class Args extends ResourceArgs {
    @Import(name = "apiVersion", required = true)
    private final Output<String> apiVersion;

    @Import(name = "kind", required = true)
    private final Output<String> kind;

    @Import(name = "metadata", required = true)
    private final Output<Map<String, Object>> metadata;

    @Import(name = "spec", required = true)
    private final Output<Map<String, Object>> spec;

    Args(
        String apiVersion,
        String kind,
        Map<String, Object> metadata,
        Output<Map<String, Object>> spec) {
      this.apiVersion = Output.of(apiVersion);
      this.kind = Output.of(kind);
      this.metadata = Output.of(metadata);
      this.spec = spec;
    }
  }
}
