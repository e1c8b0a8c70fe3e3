package io.clickplane.istio.aws;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.route53.Zone;
import com.pulumi.aws.route53.ZoneArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The endpoints' DNS in AWS: the public hosted zone of the environment's domain (created, or the
 * existing one {@code clickplane:dns.hostedZoneId} names), and the IAM roles cert-manager and
 * ExternalDNS assume through IRSA, each allowed to change records of that zone only.
 */
public final class EndpointDns extends ComponentResource {
  /** Pulumi type token of this component. */
  public static final String TYPE = "clickplane:istio:EndpointDns";

  /** ServiceAccounts that assume the roles (the charts' names, see the rendered releases). */
  public static final String CERT_MANAGER_SERVICE_ACCOUNT = "cert-manager";

  public static final String EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";

  private final Output<String> zoneId;
  private final Output<List<String>> nameServers;
  private final Output<String> certManagerRoleArn;
  private final Output<String> externalDnsRoleArn;

  /**
   * The zone and both roles, for an environment without cells.
   *
   * @param trust the IRSA trust policy for a (namespace, ServiceAccount) of the cluster
   */
  public EndpointDns(
      PlatformSpec spec,
      BiFunction<String, String, Output<String>> trust,
      ComponentResourceOptions options) {
    this(spec, spec.environment(), null, trust, Naming.resourcePrefix(spec), options);
  }

  /**
   * The zone alone: the shared stack of an environment with cells. Every cell's cert-manager and
   * ExternalDNS trust that cell's OIDC provider, so the roles are the cells' ({@link #forCell}).
   */
  public static EndpointDns shared(PlatformSpec spec, ComponentResourceOptions options) {
    return new EndpointDns(
        spec, spec.environment(), null, null, Naming.resourcePrefix(spec), options);
  }

  /**
   * One cell's roles ({@code clickplane-<env>--<cell>-cert-manager}, {@code -external-dns}) on the
   * zone the shared stack exports ({@code zoneId}).
   *
   * @param spec the cell ({@link PlatformSpec#forCell})
   */
  public static EndpointDns forCell(
      PlatformSpec spec,
      Output<String> zoneId,
      BiFunction<String, String, Output<String>> trust,
      ComponentResourceOptions options) {
    String prefix = Naming.clusterPrefix(spec);
    return new EndpointDns(spec, prefix, zoneId, trust, prefix, options);
  }

  private EndpointDns(
      PlatformSpec spec,
      String name,
      Output<String> existingZone,
      BiFunction<String, String, Output<String>> trust,
      String prefix,
      ComponentResourceOptions options) {
    super(TYPE, name, options);
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();
    Map<String, String> tags = new TreeMap<>();
    tags.put(Naming.LABEL_ENVIRONMENT, spec.environment());
    tags.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);

    if (existingZone != null) {
      this.zoneId = existingZone;
      this.nameServers = Output.of(List.of());
    } else if (spec.dns().createsZone()) {
      Zone zone =
          new Zone(
              prefix + "-endpoints",
              ZoneArgs.builder()
                  .name(spec.domain())
                  .comment("ClickHouse endpoints of " + spec.environment())
                  .forceDestroy(false)
                  .tags(tags)
                  .build(),
              child);
      // A hosted zone's resource id is its zone id.
      this.zoneId = zone.id();
      this.nameServers = zone.nameServers();
    } else {
      this.zoneId = Output.of(spec.dns().hostedZoneId());
      this.nameServers = Output.of(List.of());
    }

    if (trust == null) {
      this.certManagerRoleArn = null;
      this.externalDnsRoleArn = null;
      registerOutputs(Map.of("zoneId", zoneId));
      return;
    }
    this.certManagerRoleArn =
        role(
            prefix + "-cert-manager",
            "cert-manager DNS-01 challenges in " + spec.domain(),
            trust.apply(Namespaces.CERT_MANAGER, CERT_MANAGER_SERVICE_ACCOUNT),
            zoneId.applyValue(DnsPolicies::certManager),
            tags,
            child);
    this.externalDnsRoleArn =
        role(
            prefix + "-external-dns",
            "ExternalDNS records in " + spec.domain(),
            trust.apply(Namespaces.EXTERNAL_DNS, EXTERNAL_DNS_SERVICE_ACCOUNT),
            zoneId.applyValue(DnsPolicies::externalDns),
            tags,
            child);
    registerOutputs(
        Map.of(
            "zoneId", zoneId,
            "certManagerRoleArn", certManagerRoleArn,
            "externalDnsRoleArn", externalDnsRoleArn));
  }

  private static Output<String> role(
      String name,
      String description,
      Output<String> trust,
      Output<String> policy,
      Map<String, String> tags,
      CustomResourceOptions child) {
    Role role =
        new Role(
            name,
            RoleArgs.builder()
                .name(name)
                .description(description)
                .assumeRolePolicy(trust)
                .tags(tags)
                .build(),
            child);
    new RolePolicy(
        name + "-route53",
        RolePolicyArgs.builder().name("route53").role(role.name()).policy(policy).build(),
        child);
    return role.arn();
  }

  public Output<String> zoneId() {
    return zoneId;
  }

  /** Name servers of a created zone (delegate the domain to them); empty for an existing zone. */
  public Output<List<String>> nameServers() {
    return nameServers;
  }

  /** The cert-manager role's ARN (none in the shared stack of an environment with cells). */
  public Output<String> certManagerRoleArn() {
    return java.util.Objects.requireNonNull(certManagerRoleArn, "the shared stack has no roles");
  }

  /** The ExternalDNS role's ARN (none in the shared stack of an environment with cells). */
  public Output<String> externalDnsRoleArn() {
    return java.util.Objects.requireNonNull(externalDnsRoleArn, "the shared stack has no roles");
  }
}
