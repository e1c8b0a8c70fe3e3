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
    return cluster(spec, true);
  }

  /**
   * {@link #cluster(PlatformSpec)} for one cell of an environment with cells ({@code spec}: its
   * {@link PlatformSpec#forCell}): the cell's ExternalDNS writes into the environment's hosted zone
   * under its own owner id ({@link #dnsOwner}).
   *
   * @param home whether the cell is the home cell (the first listed)
   */
  public static ManifestSet cluster(PlatformSpec spec, boolean home) {
    ManifestSet.Builder tree = ManifestSet.builder();
    Controllers.render(spec, dnsOwner(spec, home), tree);
    ClusterConfigs.render(spec, tree);
    return tree.build();
  }

  /**
   * The owner id of a cell's ExternalDNS ({@code --txt-owner-id}): the TXT registry records it
   * beside every name it writes, and an instance updates or deletes only names carrying its own id.
   * All cells write into one hosted zone, so each needs its own (kubernetes-sigs/external-dns
   * docs/registry/registry.md: "Deployments in different clusters but sharing a DNS zone need to
   * use different owner IDs"; the id must not change over a deployment's life). {@code
   * clickplane-<env>} without cells and for the home cell, which adopts the cluster an environment
   * had before it listed cells and so keeps owning the names published then; {@code
   * clickplane-<env>--<cell>} for every other cell ("--", which no environment or cell name holds,
   * so no cell's id is another environment's).
   */
  public static String dnsOwner(PlatformSpec spec, boolean home) {
    String env = "clickplane-" + spec.environment();
    return home ? env : env + "--" + spec.cellName();
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
