package io.clickplane.core.spec;

import java.util.Objects;

/**
 * An EKS managed node group.
 *
 * @param name DNS-1123 label, unique in the cluster
 * @param instanceType EC2 instance type
 * @param min minimum size
 * @param max maximum size
 * @param desired initial size
 * @param diskSize root volume size in GiB
 * @param dedicated reserved for ClickHouse: labelled and tainted so only ClickHouse pods land there
 */
public record NodeGroupSpec(
    String name,
    String instanceType,
    int min,
    int max,
    int desired,
    int diskSize,
    boolean dedicated) {
  public NodeGroupSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(instanceType, "instanceType");
  }
}
