package io.clickplane.istio;

import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;

/**
 * Renders the endpoint layer of an environment: the mesh (Istio ambient), cert-manager and
 * ExternalDNS controllers; mesh-wide mutual TLS, the certificate issuer, gateway allow-lists and
 * dedicated NLBs; per organisation its Gateways, authorization and network policies; per service
 * its route, circuit breaking and certificate.
 *
 * <p>A pure function of the spec. An organisation's files depend only on the platform-level spec
 * and that organisation. The files that must live in the gateway's namespace for a service (its
 * allow-list, its dedicated NLB) are cluster configuration under {@code
 * infrastructure/<env>/configs /istio-ingress/}, since an organisation's reconciler may only write
 * its own namespace.
 */
public final class IstioRenderer {
  private IstioRenderer() {}

  public static ManifestSet render(PlatformSpec spec) {
    ManifestSet.Builder tree = ManifestSet.builder();
    tree.addAll(cluster(spec));
    tree.addAll(organisations(spec));
    return tree.build();
  }

  /**
   * The files outside the organisation directories: the controllers and the cluster configuration,
   * which holds per-service files (allow-lists, dedicated NLBs) and so depends on every
   * organisation.
   */
  public static ManifestSet cluster(PlatformSpec spec) {
    ManifestSet.Builder tree = ManifestSet.builder();
    Controllers.render(spec, tree);
    ClusterConfigs.render(spec, tree);
    return tree.build();
  }

  /**
   * The files under the organisation directories, each organisation's from the platform-level spec
   * and that organisation only.
   */
  public static ManifestSet organisations(PlatformSpec spec) {
    ManifestSet.Builder tree = ManifestSet.builder();
    for (OrganisationSpec org : spec.organisations()) {
      TenantEndpoints.render(spec, org, tree);
    }
    return tree.build();
  }
}
