package io.clickplane.core.spec;

import java.util.List;
import java.util.Objects;

/**
 * One cell of an environment: one EKS cluster in its own VPC, reconciling its part of the Flux
 * repository and provisioned by its own Pulumi stack ({@code <env>.<cell>}). The settings are
 * resolved: the environment's {@code clickplane:network} and {@code clickplane:eks}, with what the
 * cell's entry in {@code clickplane:cells} changes. Node groups and plans are the environment's.
 *
 * @param name DNS-1123 label, unique in the environment
 * @param network the cell's VPC
 * @param eksVersion the cell's Kubernetes {@code major.minor}
 * @param publicAccessCidrs who may reach the cell's public API endpoint
 * @param addons the cell's add-on versions (those of its Kubernetes version)
 * @param adopted the environment's cluster from before cells: the cell's AWS names are the
 *     environment's ({@code clickplane-<env>…}), so its stack adopts that cluster by {@code pulumi
 *     state move} (only the first cell; see docs/pulumi.md)
 */
public record CellSpec(
    String name,
    NetworkSpec network,
    String eksVersion,
    List<String> publicAccessCidrs,
    AddonVersions addons,
    boolean adopted) {
  /**
   * The shared stack's own network when the environment has cells: a small VPC holding Keycloak's
   * database, which the Keycloak cell peers with (see docs/pulumi.md). From the shared address
   * space of RFC 6598, so it meets no cell's range unless a cell takes it; cells may not overlap
   * it.
   */
  public static final String SHARED_NETWORK_CIDR = "100.64.0.0/24";

  public CellSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(eksVersion, "eksVersion");
    publicAccessCidrs = List.copyOf(publicAccessCidrs);
    Objects.requireNonNull(addons, "addons");
  }

  /** A cell with the environment's network and cluster settings. */
  public static CellSpec of(String name, NetworkSpec network, EksSpec eks) {
    return new CellSpec(name, network, eks.version(), eks.publicAccessCidrs(), eks.addons(), false);
  }

  /** The cell's cluster: {@code environment}'s node groups and plans with the cell's settings. */
  public EksSpec eks(EksSpec environment) {
    return new EksSpec(
        eksVersion, publicAccessCidrs, addons, environment.nodeGroups(), environment.plans());
  }
}
