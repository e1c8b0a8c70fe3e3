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
 * @param dns the endpoints' hosted zone and certificate issuer
 * @param monitoring metrics retention, storage and the alert receiver
 * @param keycloak the identity provider and its database
 * @param billing the platform's own prices
 */
public record PlatformSpec(
    String environment,
    String region,
    String domain,
    String bucketPrefix,
    NetworkSpec network,
    EksSpec eks,
    GitopsSpec gitops,
    List<OrganisationSpec> organisations,
    DnsSpec dns,
    MonitoringSpec monitoring,
    KeycloakSpec keycloak,
    BillingSpec billing) {

  public PlatformSpec {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(bucketPrefix, "bucketPrefix");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(eks, "eks");
    Objects.requireNonNull(gitops, "gitops");
    organisations = List.copyOf(organisations);
    Objects.requireNonNull(dns, "dns");
    Objects.requireNonNull(monitoring, "monitoring");
    Objects.requireNonNull(keycloak, "keycloak");
    Objects.requireNonNull(billing, "billing");
  }

  /** A platform with every optional section at its default. */
  public PlatformSpec(
      String environment,
      String region,
      String domain,
      String bucketPrefix,
      NetworkSpec network,
      EksSpec eks,
      GitopsSpec gitops,
      List<OrganisationSpec> organisations) {
    this(
        environment,
        region,
        domain,
        bucketPrefix,
        network,
        eks,
        gitops,
        organisations,
        DnsSpec.DEFAULT,
        MonitoringSpec.DEFAULT,
        KeycloakSpec.DEFAULT,
        BillingSpec.DEFAULT);
  }

  public Optional<OrganisationSpec> organisation(String name) {
    return organisations.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  public PlatformSpec withOrganisations(List<OrganisationSpec> value) {
    return new PlatformSpec(
        environment,
        region,
        domain,
        bucketPrefix,
        network,
        eks,
        gitops,
        value,
        dns,
        monitoring,
        keycloak,
        billing);
  }

  public PlatformSpec withEks(EksSpec value) {
    return new PlatformSpec(
        environment,
        region,
        domain,
        bucketPrefix,
        network,
        value,
        gitops,
        organisations,
        dns,
        monitoring,
        keycloak,
        billing);
  }

  public PlatformSpec withGitops(GitopsSpec value) {
    return new PlatformSpec(
        environment,
        region,
        domain,
        bucketPrefix,
        network,
        eks,
        value,
        organisations,
        dns,
        monitoring,
        keycloak,
        billing);
  }

  public PlatformSpec withDns(DnsSpec value) {
    return new PlatformSpec(
        environment,
        region,
        domain,
        bucketPrefix,
        network,
        eks,
        gitops,
        organisations,
        value,
        monitoring,
        keycloak,
        billing);
  }

  public PlatformSpec withMonitoring(MonitoringSpec value) {
    return new PlatformSpec(
        environment,
        region,
        domain,
        bucketPrefix,
        network,
        eks,
        gitops,
        organisations,
        dns,
        value,
        keycloak,
        billing);
  }

  public PlatformSpec withKeycloak(KeycloakSpec value) {
    return new PlatformSpec(
        environment,
        region,
        domain,
        bucketPrefix,
        network,
        eks,
        gitops,
        organisations,
        dns,
        monitoring,
        value,
        billing);
  }

  /** Total number of services across all organisations. */
  public int serviceCount() {
    return organisations.stream().mapToInt(o -> o.services().size()).sum();
  }
}
