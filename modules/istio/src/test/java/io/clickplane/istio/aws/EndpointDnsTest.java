package io.clickplane.istio.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.backup.aws.testing.PolicyEvaluator;
import io.clickplane.backup.aws.testing.PolicyEvaluator.Decision;
import io.clickplane.backup.aws.testing.PolicyEvaluator.Request;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.DnsSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hosted zone and the two controllers' roles, under Pulumi's mocks, policies evaluated. */
class EndpointDnsTest {
  private static final String OTHER_ZONE = "arn:aws:route53:::hostedzone/ZOTHERZONE";
  private static PlatformSpec spec;
  private static MockedStack created;
  private static MockedStack existing;

  private static String trust(String namespace, String account) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\""
        + namespace
        + "/"
        + account
        + "\"}]}";
  }

  @BeforeAll
  static void run() throws Exception {
    spec = StackConfig.load(Repo.stackFile("dev"));
    created =
        MockedStack.run(
            ctx -> {
              var dns =
                  new EndpointDns(
                      spec, (ns, sa) -> Output.of(trust(ns, sa)), ComponentResourceOptions.Empty);
              ctx.export("zoneId", dns.zoneId());
              ctx.export("certManager", dns.certManagerRoleArn());
              ctx.export("externalDns", dns.externalDnsRoleArn());
            });
    PlatformSpec withZone =
        spec.withDns(new DnsSpec("Z0123456789EXISTING", "", DnsSpec.LETSENCRYPT));
    existing =
        MockedStack.run(
            ctx -> {
              var dns =
                  new EndpointDns(
                      withZone,
                      (ns, sa) -> Output.of(trust(ns, sa)),
                      ComponentResourceOptions.Empty);
              ctx.export("zoneId", dns.zoneId());
            });
  }

  private static String policy(MockedStack stack, String role) {
    return stack.named("aws:iam/rolePolicy:RolePolicy", role + "-route53").string("policy");
  }

  private static Decision decide(String policy, String action, String resource) {
    return PolicyEvaluator.evaluate(
        new Request("arn:aws:iam::123456789012:role/x", action, resource, true),
        List.of(policy),
        List.of());
  }

  @Test
  void createsTheZoneForTheDomainUnlessOneIsGiven() {
    Registration zone = created.named("aws:route53/zone:Zone", "clickplane-dev-endpoints");
    assertThat(zone.string("name")).isEqualTo(spec.domain());
    assertThat(created.output("zoneId")).isEqualTo("clickplane-dev-endpoints-id");
    assertThat(existing.ofType("aws:route53/zone:Zone")).isEmpty();
    assertThat(existing.output("zoneId")).isEqualTo("Z0123456789EXISTING");
    String policy = policy(existing, "clickplane-dev-external-dns");
    assertThat(
            decide(
                policy,
                "route53:ChangeResourceRecordSets",
                "arn:aws:route53:::hostedzone/Z0123456789EXISTING"))
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void eachRoleIsTrustedByItsControllersServiceAccount() {
    assertThat(
            created
                .named("aws:iam/role:Role", "clickplane-dev-cert-manager")
                .string("assumeRolePolicy"))
        .isEqualTo(trust("cert-manager", "cert-manager"));
    assertThat(
            created
                .named("aws:iam/role:Role", "clickplane-dev-external-dns")
                .string("assumeRolePolicy"))
        .isEqualTo(trust("external-dns", "external-dns"));
    assertThat(created.output("certManager"))
        .isEqualTo("arn:aws:iam::123456789012:role/clickplane-dev-cert-manager");
  }

  @Test
  void bothRolesChangeRecordsOfTheirZoneAndNoOther() {
    String zone = DnsPolicies.zoneArn("clickplane-dev-endpoints-id");
    for (String role : List.of("clickplane-dev-cert-manager", "clickplane-dev-external-dns")) {
      String policy = policy(created, role);
      assertThat(decide(policy, "route53:ChangeResourceRecordSets", zone))
          .as(role)
          .isEqualTo(Decision.ALLOW);
      assertThat(decide(policy, "route53:ChangeResourceRecordSets", OTHER_ZONE))
          .as(role + " on another zone")
          .isEqualTo(Decision.IMPLICIT_DENY);
      assertThat(decide(policy, "route53:ListResourceRecordSets", OTHER_ZONE))
          .isEqualTo(Decision.IMPLICIT_DENY);
      assertThat(decide(policy, "route53:DeleteHostedZone", zone))
          .isEqualTo(Decision.IMPLICIT_DENY);
      assertThat(decide(policy, "route53:CreateHostedZone", "*")).isEqualTo(Decision.IMPLICIT_DENY);
      assertThat(decide(policy, "iam:PassRole", "*")).isEqualTo(Decision.IMPLICIT_DENY);
    }
  }

  @Test
  void eachControllerCanFindTheZoneAndFollowItsChanges() {
    String certManager = policy(created, "clickplane-dev-cert-manager");
    assertThat(decide(certManager, "route53:GetChange", "arn:aws:route53:::change/C123"))
        .isEqualTo(Decision.ALLOW);
    assertThat(decide(certManager, "route53:ListHostedZonesByName", "*")).isEqualTo(Decision.ALLOW);
    String externalDns = policy(created, "clickplane-dev-external-dns");
    assertThat(decide(externalDns, "route53:ListHostedZones", "*")).isEqualTo(Decision.ALLOW);
    assertThat(
            decide(
                externalDns,
                "route53:ListTagsForResource",
                DnsPolicies.zoneArn("clickplane-dev-endpoints-id")))
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void everythingHangsUnderTheComponent() {
    String component = created.named(EndpointDns.TYPE, "dev").urn();
    assertThat(created.all().stream().filter(r -> r.type().startsWith("aws:")))
        .hasSize(5)
        .allSatisfy(r -> assertThat(r.parentUrn()).as(r.name()).isEqualTo(component));
  }
}
