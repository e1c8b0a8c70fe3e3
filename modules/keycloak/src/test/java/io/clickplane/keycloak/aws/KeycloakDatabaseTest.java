package io.clickplane.keycloak.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.backup.aws.testing.PolicyEvaluator;
import io.clickplane.backup.aws.testing.PolicyEvaluator.Decision;
import io.clickplane.backup.aws.testing.PolicyEvaluator.Request;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.KeycloakSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.network.Network;
import io.clickplane.keycloak.flux.KeycloakManifests;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keycloak's database and its wiring to the cluster, under Pulumi's mocks (dev stack). */
@SuppressWarnings("unchecked")
class KeycloakDatabaseTest {
  private static final String INSTANCE = "aws:rds/instance:Instance";
  private static PlatformSpec spec;
  private static MockedStack stack;

  @BeforeAll
  static void run() throws Exception {
    spec =
        StackConfig.load(Repo.stackFile("dev"))
            .withKeycloak(new KeycloakSpec(3, "26.4.5", "db.r6g.large", 50, false));
    stack =
        MockedStack.run(
            ctx -> {
              var none = ComponentResourceOptions.Empty;
              Network network = new Network(spec, none);
              EksCluster cluster = new EksCluster(spec, network, none);
              new KeycloakDatabase(spec, network, cluster, List.of(), none);
            });
  }

  private static Registration instance() {
    return stack.named(INSTANCE, "clickplane-dev-keycloak");
  }

  @Test
  void databaseIsEncryptedPrivateAndSizedFromTheStack() {
    Registration db = instance();
    assertThat(db.inputs())
        .containsEntry("engine", "postgres")
        .containsEntry("engineVersion", KeycloakDatabase.ENGINE_VERSION)
        .containsEntry("instanceClass", "db.r6g.large")
        .containsEntry("allocatedStorage", 50.0)
        .containsEntry("storageEncrypted", true)
        .containsEntry("multiAz", false)
        .containsEntry("publiclyAccessible", false)
        .containsEntry("deletionProtection", true)
        .containsEntry("skipFinalSnapshot", false)
        .containsEntry("dbName", "keycloak");
    assertThat(db.tags()).containsEntry("clickplane.io/environment", "dev");
  }

  @Test
  void multiAzFollowsTheStack() throws Exception {
    PlatformSpec prod = StackConfig.load(Repo.stackFile("prod"));
    MockedStack prodStack =
        MockedStack.run(
            ctx -> {
              var none = ComponentResourceOptions.Empty;
              Network network = new Network(prod, none);
              EksCluster cluster = new EksCluster(prod, network, none);
              new KeycloakDatabase(prod, network, cluster, List.of(), none);
            });
    Registration db = prodStack.named(INSTANCE, "clickplane-prod-keycloak");
    assertThat(db.inputs())
        .containsEntry("multiAz", prod.keycloak().databaseMultiAz())
        .containsEntry("instanceClass", prod.keycloak().databaseInstanceClass());
  }

  @Test
  void masterPasswordIsManagedBySecretsManagerAndNeverPassesThroughPulumi() {
    Registration db = instance();
    assertThat(db.inputs()).containsEntry("manageMasterUserPassword", true);
    assertThat(db.inputs()).doesNotContainKey("password");
    assertThat(db.string("username")).isEqualTo(KeycloakDatabase.MASTER_USER);
  }

  @Test
  void databaseSitsInThePrivateSubnets() {
    Registration subnets =
        stack.named("aws:rds/subnetGroup:SubnetGroup", "clickplane-dev-keycloak");
    assertThat((List<?>) subnets.inputs().get("subnetIds"))
        .isNotEmpty()
        .allSatisfy(id -> assertThat(id.toString()).contains("-private-"));
    assertThat(instance().string("dbSubnetGroupName")).isEqualTo("clickplane-dev-keycloak");
  }

  @Test
  void securityGroupAdmitsOnlyTheNodesOnPostgresPort() {
    Registration sg =
        stack.named("aws:ec2/securityGroup:SecurityGroup", "clickplane-dev-keycloak-db");
    assertThat(sg.string("vpcId")).isEqualTo("clickplane-dev-vpc-id");
    List<?> ingress = (List<?>) sg.inputs().get("ingress");
    assertThat(ingress).hasSize(1);
    Map<?, ?> rule = (Map<?, ?>) ingress.get(0);
    assertThat(rule.get("protocol")).isEqualTo("tcp");
    assertThat(rule.get("fromPort")).isEqualTo(5432.0);
    assertThat(rule.get("toPort")).isEqualTo(5432.0);
    assertThat((List<Object>) rule.get("securityGroups"))
        .containsExactly("sg-clickplane-dev-cluster");
    assertThat(rule.get("cidrBlocks")).isNull();
    assertThat(rule.get("ipv6CidrBlocks")).isNull();
    assertThat((List<Object>) instance().inputs().get("vpcSecurityGroupIds"))
        .containsExactly("clickplane-dev-keycloak-db-id");
  }

  @Test
  void onlyKeycloaksServiceAccountMayReadOnlyTheDatabaseSecret() {
    Registration role = stack.named("aws:iam/role:Role", "clickplane-dev-keycloak-db");
    String trust = role.string("assumeRolePolicy");
    assertThat(trust).contains("system:serviceaccount:keycloak:keycloak-db");
    String policy =
        stack
            .named("aws:iam/rolePolicy:RolePolicy", "clickplane-dev-keycloak-db-secret")
            .string("policy");
    String roleArn = "arn:aws:iam::" + MockedStack.ACCOUNT + ":role/clickplane-dev-keycloak-db";
    String secret =
        "arn:aws:secretsmanager:eu-west-1:"
            + MockedStack.ACCOUNT
            + ":secret:rds!db-clickplane-dev-keycloak";
    assertThat(
            PolicyEvaluator.evaluate(
                new Request(roleArn, "secretsmanager:GetSecretValue", secret, true),
                List.of(policy),
                List.of()))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            PolicyEvaluator.evaluate(
                new Request(roleArn, "secretsmanager:GetSecretValue", secret + "-other", true),
                List.of(policy),
                List.of()))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(
            PolicyEvaluator.evaluate(
                new Request(roleArn, "secretsmanager:PutSecretValue", secret, true),
                List.of(policy),
                List.of()))
        .isEqualTo(Decision.IMPLICIT_DENY);
  }

  @Test
  void fluxReceivesTheCloudNamesThroughAConfigMapAfterTheClusterRunsWorkloads() {
    Registration configMap =
        stack.named("kubernetes:core/v1:ConfigMap", "clickplane-dev-keycloak-flux-values");
    assertThat(configMap.path("metadata", "name")).isEqualTo(KeycloakManifests.DATABASE_CONFIG_MAP);
    assertThat(configMap.path("metadata", "namespace")).isEqualTo("flux-system");
    assertThat((Map<Object, Object>) configMap.inputs().get("data"))
        .containsEntry(
            KeycloakManifests.VAR_DB_HOST,
            "clickplane-dev-keycloak.cabcdefghijk.eu-west-1.rds.amazonaws.com")
        .containsEntry(
            KeycloakManifests.VAR_DB_ROLE_ARN,
            "arn:aws:iam::" + MockedStack.ACCOUNT + ":role/clickplane-dev-keycloak-db")
        .containsEntry(
            KeycloakManifests.VAR_DB_SECRET_ARN,
            "arn:aws:secretsmanager:eu-west-1:"
                + MockedStack.ACCOUNT
                + ":secret:rds!db-clickplane-dev-keycloak");
    List<String> nodeGroups =
        stack.ofType("aws:eks/nodeGroup:NodeGroup").stream().map(Registration::urn).toList();
    assertThat(configMap.dependencies()).containsAll(nodeGroups);
  }

  @Test
  void everyResourceBelongsToTheComponent() {
    String component = stack.ofType(KeycloakDatabase.TYPE).stream().findFirst().orElseThrow().urn();
    assertThat(
            stack.all().stream()
                .filter(r -> r.name().startsWith("clickplane-dev-keycloak"))
                .filter(r -> !r.type().equals(KeycloakDatabase.TYPE)))
        .hasSize(6)
        .allSatisfy(r -> assertThat(r.parentUrn()).as(r.type()).isEqualTo(component));
  }
}
