package io.clickplane.core.spec;

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
 */
public record EksSpec(
    String version,
    List<String> publicAccessCidrs,
    AddonVersions addons,
    List<NodeGroupSpec> nodeGroups) {
  public EksSpec {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(addons, "addons");
    publicAccessCidrs = List.copyOf(publicAccessCidrs);
    nodeGroups = List.copyOf(nodeGroups);
  }

  public EksSpec withNodeGroups(List<NodeGroupSpec> value) {
    return new EksSpec(version, publicAccessCidrs, addons, value);
  }

  /** The node group reserved for ClickHouse, if the stack has one. */
  public Optional<NodeGroupSpec> dedicatedNodeGroup() {
    return nodeGroups.stream().filter(NodeGroupSpec::dedicated).findFirst();
  }
}
