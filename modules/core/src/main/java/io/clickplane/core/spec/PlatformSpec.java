package io.clickplane.core.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one stack file describes: the immutable input of provisioning and rendering.
 *
 * @param environment DNS-1123 label naming the environment ({@code dev}, {@code prod})
 * @param region AWS region
 * @param domain DNS domain under which services are reachable as {@code <service>.<org>.<domain>}
 * @param bucketPrefix first part of every backup bucket name (bucket names are global in S3)
 * @param network the VPC
 * @param eks the EKS cluster
 * @param gitops the Flux repository
 * @param organisations customer organisations, in stack-file order
 */
public record PlatformSpec(
    String environment,
    String region,
    String domain,
    String bucketPrefix,
    NetworkSpec network,
    EksSpec eks,
    GitopsSpec gitops,
    List<OrganisationSpec> organisations) {

  public PlatformSpec {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(bucketPrefix, "bucketPrefix");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(eks, "eks");
    Objects.requireNonNull(gitops, "gitops");
    organisations = List.copyOf(organisations);
  }

  public Optional<OrganisationSpec> organisation(String name) {
    return organisations.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  public PlatformSpec withOrganisations(List<OrganisationSpec> value) {
    return new PlatformSpec(environment, region, domain, bucketPrefix, network, eks, gitops, value);
  }

  public PlatformSpec withEks(EksSpec value) {
    return new PlatformSpec(
        environment, region, domain, bucketPrefix, network, value, gitops, organisations);
  }

  public PlatformSpec withGitops(GitopsSpec value) {
    return new PlatformSpec(
        environment, region, domain, bucketPrefix, network, eks, value, organisations);
  }

  /** Total number of services across all organisations. */
  public int serviceCount() {
    return organisations.stream().mapToInt(o -> o.services().size()).sum();
  }
}
