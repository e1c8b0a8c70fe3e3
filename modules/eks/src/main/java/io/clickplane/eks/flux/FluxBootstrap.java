package io.clickplane.eks.flux;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.clickplane.core.flux.FluxRelease;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.kubernetes.ChartValues;
import io.clickplane.eks.kubernetes.KubernetesObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flux on a fresh cluster: the controllers (Helm chart), then, when the Flux repository is
 * reachable from the cluster, a GitRepository on the configured branch and a Kustomization applying
 * {@code clusters/<environment>}. With a password (Pulumi secret {@code clickplane:gitopsPassword})
 * the GitRepository authenticates with a Secret holding it; without one the repository must be
 * public.
 */
public final class FluxBootstrap extends ComponentResource {
  public static final String TYPE = "clickplane:eks:FluxBootstrap";
  public static final String CHART_REPOSITORY = FluxRelease.CHART_REPOSITORY;

  /** Pinned {@code flux2} chart version: the Flux line of the CRDs our objects are checked on. */
  public static final String CHART_VERSION = FluxRelease.CHART_VERSION;

  private final boolean syncs;

  /**
   * @param password the Flux repository password or token, if the stack has one
   * @param after resources Flux must wait for besides the cluster's readiness (e.g. the load
   *     balancer controller, so the ingress gateway Flux installs gets its NLB)
   */
  public FluxBootstrap(
      PlatformSpec spec,
      EksCluster cluster,
      Optional<Output<String>> password,
      List<Resource> after,
      ComponentResourceOptions options) {
    super(TYPE, Naming.clusterPrefix(spec) + "-flux", options);
    List<Resource> ready = new ArrayList<>(cluster.workloadsReady());
    ready.addAll(after);
    Map<String, String> labels =
        Map.of(
            Naming.LABEL_MANAGED_BY,
            Naming.MANAGED_BY,
            Naming.LABEL_ENVIRONMENT,
            spec.environment());

    Release flux =
        new Release(
            "flux2",
            ReleaseArgs.builder()
                .name(FluxRelease.CHART)
                .chart(FluxRelease.CHART)
                .version(CHART_VERSION)
                .namespace(FluxSync.NAMESPACE)
                .createNamespace(true)
                .repositoryOpts(RepositoryOptsArgs.builder().repo(CHART_REPOSITORY).build())
                .values(ChartValues.flux())
                .atomic(true)
                .build(),
            CustomResourceOptions.builder()
                .parent(this)
                .provider(cluster.kubernetes())
                .dependsOn(ready)
                .build());

    this.syncs = FluxSync.reachableFromCluster(spec.gitops());
    if (syncs) {
      sync(spec, cluster, password, flux, labels);
    }
    registerOutputs(Map.of());
  }

  private void sync(
      PlatformSpec spec,
      EksCluster cluster,
      Optional<Output<String>> password,
      Release flux,
      Map<String, String> labels) {
    List<Resource> sourceDeps = new ArrayList<>(List.of(flux));
    if (password.isPresent()) {
      sourceDeps.add(
          new Secret(
              FluxSync.NAME,
              SecretArgs.builder()
                  .metadata(
                      ObjectMetaArgs.builder()
                          .name(FluxSync.NAME)
                          .namespace(FluxSync.NAMESPACE)
                          .labels(labels)
                          .build())
                  .type("Opaque")
                  .stringData(
                      password
                          .get()
                          .applyValue(
                              p -> Map.of("username", FluxSync.GIT_USERNAME, "password", p)))
                  .build(),
              CustomResourceOptions.builder()
                  .parent(this)
                  .provider(cluster.kubernetes())
                  .dependsOn(flux)
                  .build()));
    }
    KubernetesObject source =
        new KubernetesObject(
            FluxSync.NAME,
            FluxSync.SOURCE_API,
            "GitRepository",
            FluxSync.metadata(labels),
            Output.of(FluxSync.gitRepositorySpec(spec.gitops(), password.isPresent())),
            CustomResourceOptions.builder()
                .parent(this)
                .provider(cluster.kubernetes())
                .dependsOn(sourceDeps)
                .build());
    new KubernetesObject(
        FluxSync.NAME,
        FluxSync.KUSTOMIZE_API,
        "Kustomization",
        FluxSync.metadata(labels),
        Output.of(FluxSync.kustomizationSpec(spec.environment(), spec.cellName())),
        CustomResourceOptions.builder()
            .parent(this)
            .provider(cluster.kubernetes())
            .dependsOn(source)
            .build());
  }

  /** Whether this bootstrap points Flux at the repository (false: controllers only). */
  public boolean syncs() {
    return syncs;
  }
}
