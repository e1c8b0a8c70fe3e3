package io.clickplane.core.capacity;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The instance types a stack's node groups may use: the general-purpose, memory-optimised and
 * compute-optimised Nitro families of the 6th and 7th generations, Intel and Graviton, sizes {@code
 * large} to {@code 8xlarge}.
 *
 * <p>Sources. vCPUs and memory: the EC2 instance type specifications ("Amazon EC2 instance types",
 * general purpose / memory optimized / compute optimized pages; {@code aws ec2
 * describe-instance-types}): every size of a family doubles the one below, from 2 vCPUs at {@code
 * large}; memory per vCPU is 2 GiB for {@code c}, 4 GiB for {@code m} and 8 GiB for {@code r}.
 * Network interfaces and IPv4 addresses per interface: the same API's {@code NetworkInfo}, as
 * summarised by the EKS AMI's {@code eni-max-pods.txt} (awslabs/amazon-eks-ami,
 * nodeadm/internal/kubelet/eni-max-pods.txt, computed as {@code ENIs * (IPv4 per ENI - 1) + 2}): 29
 * pods for {@code large} (3 interfaces of 10 addresses), 58 for {@code xlarge} and {@code 2xlarge}
 * (4 of 15), 234 for {@code 4xlarge} and {@code 8xlarge} (8 of 30), for every family listed here.
 */
public final class InstanceTypes {
  /** Families in the catalogue, with GiB of memory per vCPU and architecture. */
  private static final List<Family> FAMILIES =
      List.of(
          new Family("m6i", 4, "x86_64"),
          new Family("m7i", 4, "x86_64"),
          new Family("r6i", 8, "x86_64"),
          new Family("r7i", 8, "x86_64"),
          new Family("c6i", 2, "x86_64"),
          new Family("c7i", 2, "x86_64"),
          new Family("m6g", 4, "arm64"),
          new Family("m7g", 4, "arm64"),
          new Family("r6g", 8, "arm64"),
          new Family("r7g", 8, "arm64"),
          new Family("c6g", 2, "arm64"),
          new Family("c7g", 2, "arm64"));

  /** Sizes: name, vCPUs, network interfaces, IPv4 addresses per interface. */
  private static final List<Size> SIZES =
      List.of(
          new Size("large", 2, 3, 10),
          new Size("xlarge", 4, 4, 15),
          new Size("2xlarge", 8, 4, 15),
          new Size("4xlarge", 16, 8, 30),
          new Size("8xlarge", 32, 8, 30));

  private static final Map<String, InstanceType> CATALOGUE = build();

  private record Family(String name, int gibPerVcpu, String architecture) {}

  private record Size(String name, int vcpus, int interfaces, int ipv4PerInterface) {}

  private InstanceTypes() {}

  private static Map<String, InstanceType> build() {
    Map<String, InstanceType> types = new TreeMap<>();
    for (Family family : FAMILIES) {
      for (Size size : SIZES) {
        String name = family.name() + "." + size.name();
        types.put(
            name,
            new InstanceType(
                name,
                size.vcpus(),
                (long) size.vcpus() * family.gibPerVcpu() * 1024,
                size.interfaces(),
                size.ipv4PerInterface(),
                family.architecture()));
      }
    }
    return Collections.unmodifiableMap(types);
  }

  /** The instance type of that name, if the catalogue knows it. */
  public static Optional<InstanceType> find(String name) {
    return Optional.ofNullable(CATALOGUE.get(name));
  }

  /** Every known instance type, sorted by name. */
  public static Map<String, InstanceType> all() {
    return CATALOGUE;
  }

  /** The families known, e.g. for a message: {@code m6i, m7i, ...}. */
  public static String familiesText() {
    return String.join(", ", FAMILIES.stream().map(Family::name).toList())
        + " (sizes large, xlarge, 2xlarge, 4xlarge, 8xlarge)";
  }
}
