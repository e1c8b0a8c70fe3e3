package io.clickplane.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.backup.aws.testing.PolicyEvaluator;
import io.clickplane.backup.aws.testing.PolicyEvaluator.Decision;
import io.clickplane.backup.aws.testing.PolicyEvaluator.Request;
import io.clickplane.core.naming.SecretNames;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.eks.secrets.GeneratedCredentials;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generated credentials under Pulumi's mocks with the dev stack: a Secrets Manager secret per
 * service whose value is a Pulumi secret and never a stack output, an External Secrets role per
 * organisation reading only its own secrets (evaluated, not string-matched), and the operator's
 * account written as a Kubernetes Secret.
 */
class CredentialsProgramTest {
  private static final String SECRET = "aws:secretsmanager/secret:Secret";
  private static final String VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
  private static final String ROLE = "aws:iam/role:Role";
  private static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

  private final MockedStack run = ClickplaneProgramTest.run("dev");
  private final PlatformSpec dev = loadDev();

  private static PlatformSpec loadDev() {
    try {
      return io.clickplane.core.config.StackConfig.load(Repo.stackFile("dev"));
    } catch (io.clickplane.core.config.InvalidConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aSecretPerServiceWithAGeneratedValueThatIsNeverAnOutputInClear() {
    List<String> names = run.ofType(SECRET).stream().map(r -> r.string("name")).toList();
    for (OrganisationSpec org : dev.organisations()) {
      for (ServiceSpec service : org.services()) {
        assertThat(names).contains(SecretNames.service(dev, org.name(), service.name()));
      }
    }
    assertThat(names).contains(SecretNames.operator(dev));
    assertThat(names).hasSize(dev.serviceCount() + 1);
    for (Registration secret : run.ofType(SECRET)) {
      assertThat(((Number) secret.path("recoveryWindowInDays")).intValue()).isEqualTo(30);
    }
    List<Registration> versions = run.ofType(VERSION);
    assertThat(versions).hasSize(dev.serviceCount() + 1);
    for (Registration version : versions) {
      String value = String.valueOf(version.inputs().get("secretString"));
      if (!value.contains("password\":")) {
        continue;
      }
      assertThat(value).contains("mockRandom");
    }
    Registration events =
        versions.stream()
            .filter(r -> r.name().equals("clickplane-dev-tenants-acme-events-clickhouse"))
            .findFirst()
            .orElseThrow();
    assertThat(String.valueOf(events.inputs().get("secretString")))
        .contains("\"admin-password\":\"mockRandom")
        .contains("\"owner-password\":\"mockRandom")
        .contains("\"interserver-secret\":\"mockRandom");
    for (String output : run.outputNames()) {
      assertThat(String.valueOf(run.output(output))).as(output).doesNotContain("mockRandom");
    }
  }

  @Test
  void eachOrganisationsStoreRoleReadsItsOwnSecretsOnly() {
    assertThat(dev.organisations()).hasSizeGreaterThanOrEqualTo(2);
    for (OrganisationSpec org : dev.organisations()) {
      String roleName = SecretNames.organisationRole(dev, org.name());
      Registration role = run.named(ROLE, roleName);
      assertThat(role.string("assumeRolePolicy"))
          .contains(
              "system:serviceaccount:" + org.name() + ":" + SecretNames.STORE_SERVICE_ACCOUNT);
      String policy = run.named(ROLE_POLICY, roleName + "-read").string("policy");
      String principal = "arn:aws:iam::" + MockedStack.ACCOUNT + ":role/" + roleName;
      for (OrganisationSpec other : dev.organisations()) {
        for (ServiceSpec service : other.services()) {
          String arn =
              "arn:aws:secretsmanager:eu-west-1:"
                  + MockedStack.ACCOUNT
                  + ":secret:"
                  + SecretNames.service(dev, other.name(), service.name())
                  + "-AbC123";
          Decision decision =
              PolicyEvaluator.evaluate(
                  new Request(principal, "secretsmanager:GetSecretValue", arn, true),
                  List.of(policy),
                  List.of());
          assertThat(decision)
              .as("%s reading %s", org.name(), arn)
              .isEqualTo(other.name().equals(org.name()) ? Decision.ALLOW : Decision.IMPLICIT_DENY);
        }
      }
      String operatorArn =
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
              + SecretNames.operator(dev)
              + "-AbC123";
      assertThat(
              PolicyEvaluator.evaluate(
                  new Request(principal, "secretsmanager:GetSecretValue", operatorArn, true),
                  List.of(policy),
                  List.of()))
          .isEqualTo(Decision.IMPLICIT_DENY);
    }
    // A prefix that is another organisation's name plus more is not its own.
    String acme = GeneratedCredentials.readPolicy(SecretNames.organisationPrefix(dev, "acme"));
    assertThat(
            PolicyEvaluator.evaluate(
                new Request(
                    "arn:aws:iam::123456789012:role/x",
                    "secretsmanager:GetSecretValue",
                    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:clickplane/dev/tenants/acme-eu/s/clickhouse-AbC123",
                    true),
                List.of(acme),
                List.of()))
        .isEqualTo(Decision.IMPLICIT_DENY);
  }

  @Test
  void theOperatorsAccountIsWrittenFromSecretsManagerNotTheChartDefault() {
    Registration secret = run.named("kubernetes:core/v1:Secret", SecretNames.OPERATOR_SECRET);
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) secret.path("stringData");
    assertThat(data).containsEntry("username", "clickhouse_operator");
    assertThat(String.valueOf(data.get("password")))
        .startsWith("stored-")
        .doesNotContain("clickhouse_operator_password");
    assertThat(secret.path("metadata", "namespace")).isEqualTo("clickhouse-operator");
  }
}
