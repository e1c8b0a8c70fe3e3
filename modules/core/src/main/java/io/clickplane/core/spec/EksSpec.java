package io.clickplane.core.spec;

import io.clickplane.core.plans.PlanCatalogue;
import io.clickplane.core.plans.ServicePlan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The EKS cluster.
 *
 * @param version Kubernetes {@code major.minor}
 * @param publicAccessCidrs CIDRs allowed to reach the public API endpoint
 * @param addons pinned add-on versions
 * @param nodeGroups managed node groups, in stack-file order
 * @param plans the stack's own service plans ({@code clickplane:plans}), replacing or adding to
 *     {@link PlanCatalogue#DEFAULTS}
 */
public record EksSpec(
    String version,
    List<String> publicAccessCidrs,
    AddonVersions addons,
    List<NodeGroupSpec> nodeGroups,
    List<ServicePlan> plans) {
  public EksSpec {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(addons, "addons");
    publicAccessCidrs = List.copyOf(publicAccessCidrs);
    nodeGroups = List.copyOf(nodeGroups);
    plans = List.copyOf(plans);
  }

  /** A cluster with the default plans only. */
  public EksSpec(
      String version,
      List<String> publicAccessCidrs,
      AddonVersions addons,
      List<NodeGroupSpec> nodeGroups) {
    this(version, publicAccessCidrs, addons, nodeGroups, List.of());
  }

  public EksSpec withNodeGroups(List<NodeGroupSpec> value) {
    return new EksSpec(version, publicAccessCidrs, addons, value, plans);
  }

  public EksSpec withPlans(List<ServicePlan> value) {
    return new EksSpec(version, publicAccessCidrs, addons, nodeGroups, value);
  }

  /** The plans services may name: the defaults with the stack's own. */
  public PlanCatalogue planCatalogue() {
    return PlanCatalogue.of(plans);
  }

  /** The node group reserved for ClickHouse, if the stack has one. */
  public Optional<NodeGroupSpec> dedicatedNodeGroup() {
    return nodeGroups.stream().filter(NodeGroupSpec::dedicated).findFirst();
  }
}
