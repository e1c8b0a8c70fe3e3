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
 *
 * <p>EBS limits: "Amazon EBS-optimized instance types" (EC2 User Guide; {@code
 * EbsInfo.EbsOptimizedInfo} of {@code describe-instance-types}): baseline and maximum bandwidth and
 * IOPS per size, which are the same for the Intel families of one generation and for the Graviton
 * families of one generation. Volume attachments: "Amazon EBS volume limits for Amazon EC2
 * instances": the Nitro families here share 28 attachments between EBS volumes, network interfaces
 * and NVMe instance store; the model counts that shared limit for every family, the lower bound
 * (families with a dedicated EBS limit allow more).
 *
 * <p>Offerings: the regions the catalogue knows, with the number of availability zones that offer
 * every family listed ({@code aws ec2 describe-instance-type-offerings --location-type
 * availability-zone}); a stack's zones are the region's first zones (modules/eks Network). A region
 * missing here cannot be checked and is refused; add it with its zone count.
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

  /** The Nitro shared attachment limit (EBS volumes, network interfaces, instance store). */
  public static final int NITRO_SHARED_ATTACHMENTS = 28;

  /**
   * EBS limits per size (index as {@link #SIZES}): baseline Mbps, maximum Mbps, baseline IOPS,
   * maximum IOPS. Intel 6th and 7th generations, Graviton3 (7th) alike; Graviton2 (6th) lower.
   */
  private static final long[][] EBS_INTEL_AND_GRAVITON3 = {
    {650, 10_000, 3_600, 40_000},
    {1_250, 10_000, 6_000, 40_000},
    {2_500, 10_000, 12_000, 40_000},
    {5_000, 10_000, 20_000, 40_000},
    {10_000, 10_000, 40_000, 40_000}
  };

  private static final long[][] EBS_GRAVITON2 = {
    {630, 4_750, 3_600, 20_000},
    {1_188, 4_750, 6_000, 20_000},
    {2_375, 4_750, 12_000, 20_000},
    {4_750, 4_750, 20_000, 20_000},
    {9_500, 9_500, 40_000, 40_000}
  };

  /**
   * Regions the catalogue knows, with how many of their availability zones offer every family
   * listed above. A stack may use at most that many zones for its plans.
   */
  private static final Map<String, Integer> REGION_ZONES =
      Map.of(
          "eu-west-1", 3,
          "eu-central-1", 3,
          "eu-west-2", 3,
          "eu-north-1", 3,
          "us-east-1", 5,
          "us-east-2", 3,
          "us-west-2", 4);

  private static final Map<String, InstanceType> CATALOGUE = build();

  private record Family(String name, int gibPerVcpu, String architecture) {}

  private record Size(String name, int vcpus, int interfaces, int ipv4PerInterface) {}

  private InstanceTypes() {}

  private static Map<String, InstanceType> build() {
    Map<String, InstanceType> types = new TreeMap<>();
    for (Family family : FAMILIES) {
      long[][] ebs = family.name().endsWith("6g") ? EBS_GRAVITON2 : EBS_INTEL_AND_GRAVITON3;
      for (int i = 0; i < SIZES.size(); i++) {
        Size size = SIZES.get(i);
        String name = family.name() + "." + size.name();
        types.put(
            name,
            new InstanceType(
                name,
                size.vcpus(),
                (long) size.vcpus() * family.gibPerVcpu() * 1024,
                size.interfaces(),
                size.ipv4PerInterface(),
                family.architecture(),
                new InstanceType.Ebs(
                    NITRO_SHARED_ATTACHMENTS, ebs[i][0], ebs[i][1], ebs[i][2], ebs[i][3])));
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

  /**
   * How many availability zones of {@code region} offer the catalogue's instance types, or empty
   * when the catalogue does not know the region.
   */
  public static Optional<Integer> zonesOffering(String region) {
    return Optional.ofNullable(REGION_ZONES.get(region));
  }

  /** The regions the catalogue knows, sorted, for a message. */
  public static String regionsText() {
    return String.join(", ", new java.util.TreeSet<>(REGION_ZONES.keySet()));
  }

  /** The families known, e.g. for a message: {@code m6i, m7i, ...}. */
  public static String familiesText() {
    return String.join(", ", FAMILIES.stream().map(Family::name).toList())
        + " (sizes large, xlarge, 2xlarge, 4xlarge, 8xlarge)";
  }
}
