package io.clickplane.keycloak.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.inputs.SecurityGroupIngressArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.rds.Instance;
import com.pulumi.aws.rds.InstanceArgs;
import com.pulumi.aws.rds.SubnetGroup;
import com.pulumi.aws.rds.SubnetGroupArgs;
import com.pulumi.aws.rds.outputs.InstanceMasterUserSecret;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.KeycloakSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.AwsTags;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.network.Network;
import io.clickplane.keycloak.flux.KeycloakManifests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keycloak's PostgreSQL database and what connects Keycloak on the cluster to it.
 *
 * <ul>
 *   <li>a security group admitting PostgreSQL (5432) only from the cluster's node security group;
 *   <li>an RDS PostgreSQL instance in the private subnets: storage encrypted, Multi-AZ as {@code
 *       clickplane:keycloak.databaseMultiAz} says, not publicly accessible, deletion protection on,
 *       a final snapshot, seven days of backups, and a master password that RDS generates, keeps in
 *       Secrets Manager and rotates (no password passes through Pulumi);
 *   <li>an IAM role, assumable through IRSA only by {@code keycloak/keycloak-db}, that may read
 *       that one secret (the External Secrets Operator copies it into the {@code keycloak-db}
 *       Secret);
 *   <li>the ConfigMap {@code flux-system/keycloak-database} holding the database host, the secret's
 *       ARN and the role's ARN, which Flux substitutes into the rendered Keycloak objects.
 * </ul>
 */
public final class KeycloakDatabase extends ComponentResource {
  public static final String TYPE = "clickplane:keycloak:Database";

  /** PostgreSQL major version (RDS picks the newest minor; Keycloak 26 supports it). */
  public static final String ENGINE_VERSION = "17";

  public static final String MASTER_USER = "keycloak";
  public static final int BACKUP_RETENTION_DAYS = 7;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Output<String> address;
  private final Output<String> secretArn;
  private final Output<String> roleArn;

  /**
   * @param dependsOn what the ConfigMap waits for (the Flux installation creating flux-system)
   */
  public KeycloakDatabase(
      PlatformSpec spec,
      Network network,
      EksCluster cluster,
      List<Resource> dependsOn,
      ComponentResourceOptions options) {
    super(TYPE, Naming.resourcePrefix(spec) + "-keycloak", options);
    String name = Naming.resourcePrefix(spec) + "-keycloak";
    Map<String, String> tags = AwsTags.environmentNamed(spec, "keycloak");
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    SecurityGroup securityGroup =
        new SecurityGroup(
            name + "-db",
            SecurityGroupArgs.builder()
                .name(name + "-db")
                .description("Keycloak's PostgreSQL: reachable only from the cluster's nodes")
                .vpcId(network.vpcId())
                .ingress(
                    SecurityGroupIngressArgs.builder()
                        .description("PostgreSQL from the EKS nodes")
                        .protocol("tcp")
                        .fromPort(KeycloakManifests.DATABASE_PORT)
                        .toPort(KeycloakManifests.DATABASE_PORT)
                        .securityGroups(cluster.nodeSecurityGroupId().applyValue(List::of))
                        .build())
                .tags(AwsTags.environmentNamed(spec, "keycloak-db"))
                .build(),
            child);

    SubnetGroup subnets =
        new SubnetGroup(
            name,
            SubnetGroupArgs.builder()
                .name(name)
                .description("Private subnets of Keycloak's database")
                .subnetIds(network.privateSubnetIds())
                .tags(tags)
                .build(),
            child);

    Instance database = instance(spec, subnets.name(), securityGroup.id(), tags, child);

    this.address = database.address();
    this.secretArn = masterSecretArn(database, name);

    this.roleArn =
        readerRole(
            name + "-db",
            cluster.irsaTrust(Namespaces.KEYCLOAK, KeycloakManifests.DB_SERVICE_ACCOUNT),
            secretArn,
            tags,
            child);
    List<Resource> waitFor = new ArrayList<>(cluster.workloadsReady());
    waitFor.addAll(dependsOn);
    fluxValues(
        spec,
        name + "-flux-values",
        address,
        secretArn,
        roleArn,
        CustomResourceOptions.builder()
            .parent(this)
            .provider(cluster.kubernetes())
            .dependsOn(waitFor)
            .build());

    registerOutputs(Map.of("address", address, "secretArn", secretArn, "roleArn", roleArn));
  }

  /** The RDS instance: every setting but its subnets and security group is the same everywhere. */
  static Instance instance(
      PlatformSpec spec,
      Output<String> subnetGroup,
      Output<String> securityGroupId,
      Map<String, String> tags,
      CustomResourceOptions child) {
    KeycloakSpec kc = spec.keycloak();
    String name = Naming.resourcePrefix(spec) + "-keycloak";
    return new Instance(
        name,
        InstanceArgs.builder()
            .identifier(name)
            .engine("postgres")
            .engineVersion(ENGINE_VERSION)
            .instanceClass(kc.databaseInstanceClass())
            .allocatedStorage(kc.databaseStorageGib())
            .maxAllocatedStorage(kc.databaseStorageGib() * 4)
            .storageType("gp3")
            .storageEncrypted(true)
            .multiAz(kc.databaseMultiAz())
            .dbName(KeycloakManifests.DATABASE)
            .username(MASTER_USER)
            .manageMasterUserPassword(true)
            .dbSubnetGroupName(subnetGroup)
            .vpcSecurityGroupIds(securityGroupId.applyValue(List::of))
            .publiclyAccessible(false)
            .deletionProtection(true)
            .skipFinalSnapshot(false)
            .finalSnapshotIdentifier(name + "-final")
            .backupRetentionPeriod(BACKUP_RETENTION_DAYS)
            .copyTagsToSnapshot(true)
            .autoMinorVersionUpgrade(true)
            .tags(tags)
            .build(),
        child);
  }

  /** The ARN of the master user secret RDS manages for {@code database}. */
  static Output<String> masterSecretArn(Instance database, String name) {
    return database
        .masterUserSecrets()
        .applyValue(
            secrets ->
                secrets.stream()
                    .map(InstanceMasterUserSecret::secretArn)
                    .flatMap(java.util.Optional::stream)
                    .findFirst()
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "RDS reports no managed master user secret for " + name)));
  }

  /** The IRSA role {@code keycloak/keycloak-db} assumes to read the master secret; its ARN. */
  static Output<String> readerRole(
      String name,
      Output<String> trust,
      Output<String> secretArn,
      Map<String, String> tags,
      CustomResourceOptions child) {
    Role role =
        new Role(
            name,
            RoleArgs.builder()
                .name(name)
                .description("Reads the master secret of Keycloak's database (External Secrets)")
                .assumeRolePolicy(trust)
                .tags(tags)
                .build(),
            child);
    new RolePolicy(
        name + "-secret",
        RolePolicyArgs.builder()
            .name("read-database-secret")
            .role(role.name())
            .policy(secretArn.applyValue(KeycloakDatabase::secretReadPolicy))
            .build(),
        child);
    return role.arn();
  }

  /** The ConfigMap {@code flux-system/keycloak-database} Flux substitutes from. */
  static ConfigMap fluxValues(
      PlatformSpec spec,
      String name,
      Output<String> address,
      Output<String> secretArn,
      Output<String> roleArn,
      CustomResourceOptions options) {
    Map<String, Output<String>> values = new TreeMap<>();
    values.put(KeycloakManifests.VAR_DB_HOST, address);
    values.put(KeycloakManifests.VAR_DB_SECRET_ARN, secretArn);
    values.put(KeycloakManifests.VAR_DB_ROLE_ARN, roleArn);
    List<String> keys = List.copyOf(values.keySet());
    Output<Map<String, String>> data =
        Output.all(keys.stream().map(values::get).toList())
            .applyValue(
                list -> {
                  Map<String, String> map = new TreeMap<>();
                  for (int i = 0; i < keys.size(); i++) {
                    map.put(keys.get(i), list.get(i));
                  }
                  return map;
                });
    return new ConfigMap(
        name,
        ConfigMapArgs.builder()
            .metadata(
                ObjectMetaArgs.builder()
                    .name(KeycloakManifests.DATABASE_CONFIG_MAP)
                    .namespace(Namespaces.FLUX)
                    .labels(
                        Map.of(
                            Naming.LABEL_MANAGED_BY,
                            Naming.MANAGED_BY,
                            Naming.LABEL_ENVIRONMENT,
                            spec.environment()))
                    .build())
            .data(data)
            .build(),
        options);
  }

  /** Read access to one secret (AWS-managed encryption key: no KMS statement needed). */
  static String secretReadPolicy(String secretArn) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Sid", "ReadKeycloakDatabaseSecret");
    statement.put("Effect", "Allow");
    statement.put(
        "Action", List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"));
    statement.put("Resource", secretArn);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", "2012-10-17");
    document.put("Statement", List.of(statement));
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The database's host name. */
  public Output<String> address() {
    return address;
  }

  /** ARN of the Secrets Manager secret holding the master user and password. */
  public Output<String> secretArn() {
    return secretArn;
  }

  /** ARN of the IRSA role that may read that secret. */
  public Output<String> roleArn() {
    return roleArn;
  }
}
