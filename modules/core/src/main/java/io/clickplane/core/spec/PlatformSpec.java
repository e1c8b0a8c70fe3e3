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
 * @param cells the environment's cells ({@code clickplane:cells}), in stack-file order; empty when
 *     the stack lists none: then the environment is one cluster, as before cells existed
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
    BillingSpec billing,
    List<CellSpec> cells) {

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
    cells = List.copyOf(cells);
  }

  /** A platform without cells. */
  public PlatformSpec(
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
    this(
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
        keycloak,
        billing,
        List.of());
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
        billing,
        cells);
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
        billing,
        cells);
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
        billing,
        cells);
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
        billing,
        cells);
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
        billing,
        cells);
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
        billing,
        cells);
  }

  public PlatformSpec withCells(List<CellSpec> value) {
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
        keycloak,
        billing,
        value);
  }

  /** True when the stack lists cells ({@code clickplane:cells}). */
  public boolean hasCells() {
    return !cells.isEmpty();
  }

  /**
   * The cell this spec is, for a stack without cells ({@code ""}) or one cell ({@link #forCell}, or
   * a stack that lists one cell).
   *
   * @throws IllegalStateException when the stack lists several cells: take {@link #forCell} first
   */
  public String cellName() {
    if (cells.size() > 1) {
      throw new IllegalStateException(
          "the environment lists " + cells.size() + " cells; project one with forCell");
    }
    return cells.isEmpty() ? "" : cells.get(0).name();
  }

  /** The cells' names, in stack-file order; empty without cells. */
  public List<String> cellNames() {
    return cells.stream().map(CellSpec::name).toList();
  }

  public Optional<CellSpec> cell(String name) {
    return cells.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * The environment as one cell sees it: that cell's network and cluster, its organisations only,
   * and itself as the only cell. Renderers and the cell's Pulumi program work on it as on a stack
   * with that one cell.
   *
   * @throws IllegalArgumentException when the stack has no such cell
   */
  public PlatformSpec forCell(String name) {
    CellSpec cell =
        cell(name).orElseThrow(() -> new IllegalArgumentException("no cell named " + name));
    return new PlatformSpec(
        environment,
        region,
        domain,
        bucketPrefix,
        cell.network(),
        cell.eks(eks),
        gitops,
        organisations.stream().filter(o -> o.cell().equals(name)).toList(),
        dns,
        monitoring,
        keycloak,
        billing,
        List.of(cell));
  }

  /**
   * The cells this environment renders and provisions: {@link #forCell} of each listed cell, or the
   * environment itself when it lists none.
   */
  public List<PlatformSpec> perCell() {
    return hasCells() ? cells.stream().map(c -> forCell(c.name())).toList() : List.of(this);
  }

  /** Total number of services across all organisations. */
  public int serviceCount() {
    return organisations.stream().mapToInt(o -> o.services().size()).sum();
  }
}
