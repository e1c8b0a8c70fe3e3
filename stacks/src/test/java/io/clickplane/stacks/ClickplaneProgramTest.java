package io.clickplane.stacks;

import static io.clickplane.backup.aws.testing.PolicyEvaluator.Decision.ALLOW;
import static io.clickplane.backup.aws.testing.PolicyEvaluator.Decision.EXPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.backup.aws.testing.PolicyEvaluator;
import io.clickplane.backup.aws.testing.PolicyEvaluator.Request;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.flux.ClusterValues;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.eks.cluster.AddonConfiguration;
import io.clickplane.eks.flux.FluxSync;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole program ({@link ClickplaneProgram#run}) under Pulumi's mocks with the real stack files,
 * asserted as a resource graph.
 */
class ClickplaneProgramTest {
  private static final String SUBNET = "aws:ec2/subnet:Subnet";
  private static final String NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
  private static final String ADDON = "aws:eks/addon:Addon";
  private static final String ROLE = "aws:iam/role:Role";
  private static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
  private static final String POLICY = "aws:iam/policy:Policy";
  private static final String ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
  private static final String BUCKET = "aws:s3/bucketV2:BucketV2";
  private static final String BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
  private static final String GIT_REPOSITORY =
      "kubernetes:source.toolkit.fluxcd.io/v1:GitRepository";
  private static final String KUSTOMIZATION =
      "kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization";
  private static final String RELEASE = "kubernetes:helm.sh/v3:Release";
  private static final String SECRET = "kubernetes:core/v1:Secret";
  private static final List<String> DATA_ACTIONS =
      List.of(
          "s3:GetObject",
          "s3:GetObjectVersion",
          "s3:PutObject",
          "s3:DeleteObject",
          "s3:ListBucket",
          "s3:RestoreObject");

  private static final Map<String, MockedStack> RUNS = new HashMap<>();

  static synchronized MockedStack run(String stack) {
    return RUNS.computeIfAbsent(
        stack,
        s -> {
          try {
            return MockedStack.run(
                StackValues.of(Repo.stackFile(s)), Set.of(), ClickplaneProgram::run);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  static PlatformSpec spec(String stack) {
    try {
      return StackConfig.load(Repo.stackFile(stack));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Environment-scoped global names are {@code clickplane-<env>-<suffix>}. Two environments can
   * only derive the same such name if one suffix is another suffix with a {@code <x>-} in front
   * (environment {@code dev} with {@code x-s} against {@code dev-x} with {@code s}), or one ends
   * like an organisation's name ({@code -backup}); this holds for every name the program creates.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void environmentScopedGlobalNamesCannotMeetAnotherEnvironments(String stack) {
    PlatformSpec spec = spec(stack);
    MockedStack run = run(stack);
    String prefix = Naming.resourcePrefix(spec) + "-";
    List<String> organisationNames =
        spec.organisations().stream()
            .flatMap(
                o ->
                    java.util.stream.Stream.of(
                        Naming.backupRole(spec, o.name()),
                        io.clickplane.core.naming.SecretNames.organisationRole(spec, o.name())))
            .toList();
    for (String type : List.of(ROLE, POLICY, "aws:kms/alias:Alias")) {
      List<String> suffixes =
          run.ofType(type).stream()
              .map(r -> r.string("name").replaceFirst("^alias/", ""))
              .filter(n -> !organisationNames.contains(n))
              .peek(n -> assertThat(n).as(type).startsWith(prefix))
              .map(n -> n.substring(prefix.length()))
              .toList();
      assertThat(suffixes).as(type).isNotEmpty().doesNotHaveDuplicates();
      for (String a : suffixes) {
        assertThat(a).as(type).doesNotEndWith("backup");
        for (String b : suffixes) {
          assertThat(a).as(type).doesNotEndWith("-" + b);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void resourcesPerType(String stack) {
    PlatformSpec spec = spec(stack);
    int zones = spec.network().availabilityZones();
    int nats = spec.network().natGatewayPerZone() ? zones : 1;
    int orgs = spec.organisations().size();
    boolean syncs = FluxSync.reachableFromCluster(spec.gitops());
    Map<String, Long> counts = run(stack).countByType();
    assertThat(counts)
        .containsAllEntriesOf(
            Map.ofEntries(
                Map.entry("aws:ec2/vpc:Vpc", 1L),
                Map.entry(SUBNET, 2L * zones),
                Map.entry("aws:ec2/internetGateway:InternetGateway", 1L),
                Map.entry("aws:ec2/natGateway:NatGateway", (long) nats),
                Map.entry("aws:ec2/eip:Eip", (long) nats),
                Map.entry("aws:ec2/routeTable:RouteTable", 1L + zones),
                Map.entry("aws:ec2/routeTableAssociation:RouteTableAssociation", 2L * zones),
                Map.entry("aws:ec2/vpcEndpoint:VpcEndpoint", 1L),
                Map.entry("aws:kms/key:Key", 1L),
                Map.entry("aws:eks/cluster:Cluster", 1L),
                // the deployer's and Karpenter's nodes'
                Map.entry("aws:eks/accessEntry:AccessEntry", 2L),
                Map.entry("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", 1L),
                Map.entry("aws:iam/openIdConnectProvider:OpenIdConnectProvider", 1L),
                Map.entry(ADDON, 4L),
                Map.entry(NODE_GROUP, (long) spec.eks().nodeGroups().size()),
                // EKS cluster, nodes, EBS CSI, load balancer controller, Karpenter and its nodes;
                // cert-manager, ExternalDNS; Keycloak's database reader; per organisation a backup
                // role and an External Secrets role
                Map.entry(ROLE, 9L + 2L * orgs),
                Map.entry("aws:route53/zone:Zone", spec.dns().createsZone() ? 1L : 0L),
                Map.entry("aws:rds/instance:Instance", 1L),
                Map.entry("aws:rds/subnetGroup:SubnetGroup", 1L),
                Map.entry("aws:ec2/securityGroup:SecurityGroup", 1L),
                Map.entry("kubernetes:core/v1:ConfigMap", 2L),
                // Karpenter: the cluster security group's discovery tag, the interruption queue,
                // its policy, and four EventBridge rules with their targets
                Map.entry("aws:ec2/tag:Tag", 1L),
                Map.entry("aws:sqs/queue:Queue", 1L),
                Map.entry("aws:sqs/queuePolicy:QueuePolicy", 1L),
                Map.entry("aws:cloudwatch/eventRule:EventRule", 4L),
                Map.entry("aws:cloudwatch/eventTarget:EventTarget", 4L),
                Map.entry("aws:secretsmanager/secret:Secret", (long) spec.serviceCount() + 1),
                Map.entry(
                    "aws:secretsmanager/secretVersion:SecretVersion",
                    (long) spec.serviceCount() + 1),
                Map.entry(BUCKET, (long) orgs),
                Map.entry(BUCKET_POLICY, (long) orgs),
                Map.entry("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", (long) orgs),
                Map.entry("pulumi:providers:kubernetes", 1L),
                Map.entry(RELEASE, 3L)));
    assertThat(counts.getOrDefault(GIT_REPOSITORY, 0L)).isEqualTo(syncs ? 1L : 0L);
    assertThat(counts.getOrDefault(KUSTOMIZATION, 0L)).isEqualTo(syncs ? 1L : 0L);
  }

  @Test
  void fluxGetsTheControllersRoleArnsInTheConfigMapItSubstitutesFrom() throws Exception {
    MockedStack stack = run("dev");
    Registration values = stack.named("kubernetes:core/v1:ConfigMap", ClusterValues.CONFIG_MAP);
    assertThat(values.path("metadata", "namespace")).isEqualTo("flux-system");
    assertThat(values.path("data", ClusterValues.CERT_MANAGER_ROLE_ARN))
        .isEqualTo(stack.output("certManagerRoleArn"))
        .isEqualTo("arn:aws:iam::123456789012:role/clickplane-dev-cert-manager");
    assertThat(values.path("data", ClusterValues.EXTERNAL_DNS_ROLE_ARN))
        .isEqualTo(stack.output("externalDnsRoleArn"));
    // The account of the organisations' backup roles, for the tenants' backup ServiceAccounts: the
    // role ARN rendered there with it is the one Pulumi created.
    assertThat(values.path("data", ClusterValues.AWS_ACCOUNT_ID)).isEqualTo("123456789012");
    assertThat(
            Naming.backupRoleArnReference(StackConfig.load(Repo.stackFile("dev")), "acme")
                .replace("${" + ClusterValues.AWS_ACCOUNT_ID + "}", "123456789012"))
        .isEqualTo(((Map<?, ?>) stack.output("backupRoleArns")).get("acme"));
    // The trust of each role names the controller's ServiceAccount through the cluster's OIDC
    // provider.
    assertThat(
            stack
                .named("aws:iam/role:Role", "clickplane-dev-external-dns")
                .string("assumeRolePolicy"))
        .contains("system:serviceaccount:external-dns:external-dns");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void onePublicAndOnePrivateSubnetPerZoneTaggedForLoadBalancers(String stack) {
    PlatformSpec spec = spec(stack);
    List<Registration> subnets = run(stack).ofType(SUBNET);
    Map<String, List<Registration>> byZone =
        subnets.stream().collect(Collectors.groupingBy(r -> r.string("availabilityZone")));
    assertThat(byZone).hasSize(spec.network().availabilityZones());
    byZone.forEach(
        (zone, list) -> {
          assertThat(list).as(zone).hasSize(2);
          assertThat(list)
              .filteredOn(r -> "1".equals(r.tags().get("kubernetes.io/role/elb")))
              .as(zone)
              .hasSize(1);
          assertThat(list)
              .filteredOn(r -> "1".equals(r.tags().get("kubernetes.io/role/internal-elb")))
              .as(zone)
              .hasSize(1);
        });
    assertThat(subnets).extracting(r -> r.string("cidrBlock")).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void privateRoutesGoThroughNatAndS3HasAGatewayEndpoint(String stack) {
    PlatformSpec spec = spec(stack);
    MockedStack run = run(stack);
    List<Object> natTargets = new ArrayList<>();
    for (Registration table : run.ofType("aws:ec2/routeTable:RouteTable")) {
      Object nat = map(list(table.inputs().get("routes")).get(0)).get("natGatewayId");
      if (nat != null) {
        natTargets.add(nat);
      }
    }
    assertThat(natTargets).hasSize(spec.network().availabilityZones());
    assertThat(Set.copyOf(natTargets))
        .hasSize(spec.network().natGatewayPerZone() ? spec.network().availabilityZones() : 1);
    Registration endpoint = run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").get(0);
    assertThat(endpoint.string("serviceName")).isEqualTo("com.amazonaws." + spec.region() + ".s3");
    assertThat(endpoint.string("vpcEndpointType")).isEqualTo("Gateway");
    assertThat(list(endpoint.inputs().get("routeTableIds")))
        .hasSize(1 + spec.network().availabilityZones());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void clusterIsEncryptedLoggedAndReachableOnlyFromConfiguredCidrs(String stack) {
    PlatformSpec spec = spec(stack);
    MockedStack run = run(stack);
    Registration cluster = run.named("aws:eks/cluster:Cluster", Naming.cluster(spec));
    Registration key = run.ofType("aws:kms/key:Key").get(0);
    assertThat(key.inputs().get("enableKeyRotation")).isEqualTo(true);
    assertThat(cluster.path("encryptionConfig", "provider", "keyArn"))
        .isEqualTo("arn:aws:kms:eu-west-1:" + MockedStack.ACCOUNT + ":key/" + key.name());
    assertThat(list(cluster.path("encryptionConfig", "resources"))).containsExactly("secrets");
    assertThat(cluster.string("version")).isEqualTo(spec.eks().version());
    assertThat(cluster.path("vpcConfig", "endpointPrivateAccess")).isEqualTo(true);
    assertThat(cluster.path("vpcConfig", "endpointPublicAccess")).isEqualTo(true);
    assertThat(list(cluster.path("vpcConfig", "publicAccessCidrs")))
        .containsExactlyElementsOf(spec.eks().publicAccessCidrs());
    assertThat(list(cluster.inputs().get("enabledClusterLogTypes")))
        .containsExactlyInAnyOrder(
            "api", "audit", "authenticator", "controllerManager", "scheduler");
    assertThat(cluster.path("accessConfig", "authenticationMode")).isEqualTo("API");
    Registration entry = run.ofType("aws:eks/accessEntry:AccessEntry").get(0);
    assertThat(entry.string("principalArn")).isEqualTo(MockedStack.DEPLOYER_ROLE);
  }

  @Test
  void vpcCniCarriesPrefixDelegationWarmPrefixAndNetworkPolicy() throws Exception {
    Registration cni =
        run("dev").ofType(ADDON).stream()
            .filter(r -> "vpc-cni".equals(r.string("addonName")))
            .findFirst()
            .orElseThrow();
    assertThat(cni.string("configurationValues")).isEqualTo(AddonConfiguration.vpcCni());
    JsonNode values =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(cni.string("configurationValues"));
    assertThat(values.at("/env/ENABLE_PREFIX_DELEGATION").asText()).isEqualTo("true");
    assertThat(values.at("/env/WARM_PREFIX_TARGET").asText()).isEqualTo("1");
    assertThat(values.at("/enableNetworkPolicy").asText()).isEqualTo("true");
    assertThat(cni.string("addonVersion")).isEqualTo(spec("dev").eks().addons().vpcCni());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void networkAddonsComeBeforeNodeGroupsAndTheRestAfter(String stack) {
    MockedStack run = run(stack);
    Map<String, Registration> addons =
        run.ofType(ADDON).stream().collect(Collectors.toMap(r -> r.string("addonName"), r -> r));
    List<Registration> groups = run.ofType(NODE_GROUP);
    assertThat(groups)
        .isNotEmpty()
        .allSatisfy(
            g ->
                assertThat(g.dependencies())
                    .contains(addons.get("vpc-cni").urn(), addons.get("kube-proxy").urn()));
    for (String after : List.of("coredns", "aws-ebs-csi-driver")) {
      assertThat(addons.get(after).dependencies())
          .as(after)
          .containsAll(groups.stream().map(Registration::urn).toList());
    }
    assertThat(addons.get("vpc-cni").dependencies())
        .doesNotContainAnyElementsOf(groups.stream().map(Registration::urn).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void dedicatedNodeGroupIsLabelledAndTaintedOthersAreNot(String stack) {
    PlatformSpec spec = spec(stack);
    MockedStack run = run(stack);
    for (NodeGroupSpec group : spec.eks().nodeGroups()) {
      Registration g = run.named(NODE_GROUP, Naming.resourcePrefix(spec) + "-" + group.name());
      Map<String, Object> labels = map(g.inputs().get("labels"));
      List<Object> taints = list(g.inputs().getOrDefault("taints", List.of()));
      assertThat(g.path("scalingConfig", "minSize")).isEqualTo((double) group.min());
      assertThat(g.path("scalingConfig", "maxSize")).isEqualTo((double) group.max());
      assertThat(list(g.inputs().get("instanceTypes"))).containsExactly(group.instanceType());
      assertThat(list(g.inputs().get("subnetIds")))
          .hasSize(spec.network().availabilityZones())
          .allSatisfy(id -> assertThat(id.toString()).contains("-private-"));
      if (group.dedicated()) {
        assertThat(labels).containsEntry(Naming.DEDICATED_NODE_LABEL, Naming.DEDICATED_NODE_VALUE);
        assertThat(taints)
            .containsExactly(
                Map.of(
                    "key",
                    Naming.DEDICATED_NODE_LABEL,
                    "value",
                    Naming.DEDICATED_NODE_VALUE,
                    "effect",
                    "NO_SCHEDULE"));
      } else {
        assertThat(labels).doesNotContainKey(Naming.DEDICATED_NODE_LABEL);
        assertThat(taints).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyIrsaTrustPolicyNamesExactlyItsServiceAccount(String stack) {
    PlatformSpec spec = spec(stack);
    MockedStack run = run(stack);
    String issuer = MockedStack.OIDC_ISSUER.replaceFirst("^https://", "");
    String provider = "arn:aws:iam::" + MockedStack.ACCOUNT + ":oidc-provider/" + issuer;
    Map<String, String> expected = new HashMap<>();
    expected.put(
        Naming.resourcePrefix(spec) + "-ebs-csi",
        "system:serviceaccount:kube-system:ebs-csi-controller-sa");
    expected.put(
        Naming.resourcePrefix(spec) + "-aws-load-balancer-controller",
        "system:serviceaccount:kube-system:aws-load-balancer-controller");
    expected.put(
        Naming.resourcePrefix(spec) + "-cert-manager",
        "system:serviceaccount:cert-manager:cert-manager");
    expected.put(
        Naming.resourcePrefix(spec) + "-external-dns",
        "system:serviceaccount:external-dns:external-dns");
    expected.put(
        Naming.resourcePrefix(spec) + "-karpenter", "system:serviceaccount:kube-system:karpenter");
    for (OrganisationSpec org : spec.organisations()) {
      expected.put(
          Naming.backupRole(spec, org.name()),
          "system:serviceaccount:"
              + Naming.namespace(org.name())
              + ":"
              + Naming.BACKUP_SERVICE_ACCOUNT);
      expected.put(
          io.clickplane.core.naming.SecretNames.organisationRole(spec, org.name()),
          "system:serviceaccount:"
              + Naming.namespace(org.name())
              + ":"
              + io.clickplane.core.naming.SecretNames.STORE_SERVICE_ACCOUNT);
    }
    expected.put(
        Naming.resourcePrefix(spec) + "-keycloak-db", "system:serviceaccount:keycloak:keycloak-db");
    Map<String, String> actual = new HashMap<>();
    for (Registration role : run.ofType(ROLE)) {
      JsonNode trust = PolicyEvaluator.parse(role.string("assumeRolePolicy"));
      for (JsonNode st : PolicyEvaluator.statements(trust)) {
        if (!st.path("Principal").has("Federated")) {
          continue;
        }
        assertThat(st.at("/Principal/Federated").asText()).isEqualTo(provider);
        assertThat(st.path("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        JsonNode equals = st.at("/Condition/StringEquals");
        assertThat(st.path("Condition").size()).as("only StringEquals, no wildcards").isEqualTo(1);
        assertThat(equals.path(issuer + ":aud").asText()).isEqualTo("sts.amazonaws.com");
        actual.put(role.string("name"), equals.path(issuer + ":sub").asText());
      }
    }
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void noOrganisationsRoleCanReadOrWriteAnotherOrganisationsBucket(String stack) {
    PlatformSpec spec = spec(stack);
    MockedStack run = run(stack);
    Map<String, List<String>> identity = identityPolicies(run);
    Map<String, String> bucketPolicies = bucketPolicies(run);
    assertThat(bucketPolicies).hasSize(spec.organisations().size());
    List<String> allRoles = run.ofType(ROLE).stream().map(r -> r.string("name")).toList();
    for (OrganisationSpec owner : spec.organisations()) {
      String bucket = Naming.backupBucket(spec, owner.name());
      String bucketArn = "arn:aws:s3:::" + bucket;
      String ownerRole = Naming.backupRole(spec, owner.name());
      for (String roleName : allRoles) {
        String principal = "arn:aws:iam::" + MockedStack.ACCOUNT + ":role/" + roleName;
        for (String action : DATA_ACTIONS) {
          String resource =
              action.equals("s3:ListBucket") ? bucketArn : bucketArn + "/services/x/backup.tar";
          var decision =
              PolicyEvaluator.evaluate(
                  new Request(principal, action, resource, true),
                  identity.getOrDefault(roleName, List.of()),
                  List.of(bucketPolicies.get(bucket)));
          if (roleName.equals(ownerRole)) {
            boolean granted =
                List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket")
                    .contains(action);
            assertThat(decision == ALLOW)
                .as("%s %s on its own bucket", roleName, action)
                .isEqualTo(granted);
          } else {
            assertThat(decision)
                .as("%s %s on %s", roleName, action, bucket)
                .isEqualTo(EXPLICIT_DENY);
          }
        }
      }
      // And no organisation role's own policies grant anything on this bucket.
      for (OrganisationSpec other : spec.organisations()) {
        if (other.equals(owner)) {
          continue;
        }
        String otherRole = Naming.backupRole(spec, other.name());
        for (String action : DATA_ACTIONS) {
          assertThat(
                  PolicyEvaluator.evaluate(
                      new Request(
                          "arn:aws:iam::" + MockedStack.ACCOUNT + ":role/" + otherRole,
                          action,
                          bucketArn + "/k",
                          true),
                      identity.getOrDefault(otherRole, List.of()),
                      List.of()))
              .as("%s's own policy on %s", otherRole, bucket)
              .isNotEqualTo(ALLOW);
        }
      }
    }
    // Organisation roles carry no AWS-managed policy that could widen them.
    Set<String> orgRoles =
        spec.organisations().stream()
            .map(o -> Naming.backupRole(spec, o.name()))
            .collect(Collectors.toSet());
    assertThat(run.ofType(ATTACHMENT)).noneMatch(a -> orgRoles.contains(a.string("role")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyBucketRefusesRequestsWithoutTls(String stack) {
    MockedStack run = run(stack);
    Map<String, String> policies = bucketPolicies(run);
    assertThat(policies.keySet())
        .containsExactlyInAnyOrderElementsOf(
            run.ofType(BUCKET).stream().map(b -> b.string("bucket")).toList());
    List<String> principals =
        new ArrayList<>(
            run.ofType(ROLE).stream()
                .map(r -> "arn:aws:iam::" + MockedStack.ACCOUNT + ":role/" + r.string("name"))
                .toList());
    principals.add(MockedStack.DEPLOYER_ROLE);
    String admin =
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";
    policies.forEach(
        (bucket, policy) -> {
          for (String principal : principals) {
            for (String action :
                List.of(
                    "s3:GetObject",
                    "s3:PutObject",
                    "s3:ListBucket",
                    "s3:PutBucketPolicy",
                    "s3:DeleteBucket")) {
              assertThat(
                      PolicyEvaluator.evaluate(
                          new Request(principal, action, "arn:aws:s3:::" + bucket + "/k", false),
                          List.of(admin),
                          List.of(policy)))
                  .as("%s %s on %s without TLS", principal, action, bucket)
                  .isEqualTo(EXPLICIT_DENY);
            }
          }
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyPolicyDocumentTheProgramEmitsParses(String stack) {
    MockedStack run = run(stack);
    List<String> documents = new ArrayList<>();
    run.ofType(ROLE).forEach(r -> documents.add(r.string("assumeRolePolicy")));
    run.ofType(ROLE_POLICY).forEach(r -> documents.add(r.string("policy")));
    run.ofType(POLICY).forEach(r -> documents.add(r.string("policy")));
    run.ofType(BUCKET_POLICY).forEach(r -> documents.add(r.string("policy")));
    assertThat(documents).hasSizeGreaterThan(10).allSatisfy(PolicyEvaluator::parse);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyTaggableAwsResourceCarriesEnvironmentAndManagedBy(String stack) {
    PlatformSpec spec = spec(stack);
    Set<String> untaggable =
        Set.of(
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            ATTACHMENT,
            ROLE_POLICY,
            "aws:kms/alias:Alias",
            "aws:ec2/tag:Tag",
            "aws:cloudwatch/eventTarget:EventTarget",
            "aws:sqs/queuePolicy:QueuePolicy",
            "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            BUCKET_POLICY,
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            "aws:s3/bucketVersioningV2:BucketVersioningV2",
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
            "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
            "aws:secretsmanager/secretVersion:SecretVersion");
    Set<String> orgBuckets =
        spec.organisations().stream()
            .map(o -> Naming.backupBucket(spec, o.name()))
            .collect(Collectors.toSet());
    List<Registration> aws =
        run(stack).all().stream()
            .filter(r -> r.type().startsWith("aws:") && !untaggable.contains(r.type()))
            .toList();
    assertThat(aws)
        .hasSizeGreaterThan(20)
        .allSatisfy(
            r ->
                assertThat(r.tags())
                    .as(r.type() + " " + r.name())
                    .containsEntry(Naming.LABEL_ENVIRONMENT, spec.environment())
                    .containsEntry(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY));
    assertThat(run(stack).ofType(BUCKET))
        .allSatisfy(b -> assertThat(orgBuckets).contains(b.string("bucket")))
        .allSatisfy(b -> assertThat(b.tags()).containsKey(Naming.LABEL_ORGANISATION));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void exportsTheFoundationsOutputs(String stack) {
    PlatformSpec spec = spec(stack);
    MockedStack run = run(stack);
    assertThat(run.outputNames())
        .containsExactlyInAnyOrder(
            "clusterName",
            "clusterEndpoint",
            "kubeconfig",
            "vpcId",
            "publicSubnetIds",
            "privateSubnetIds",
            "oidcProviderArn",
            "loadBalancerControllerRoleArn",
            "karpenterRoleArn",
            "karpenterInterruptionQueue",
            "backupBuckets",
            "backupRoleArns",
            "keycloakUrl",
            "keycloakDatabaseAddress",
            "keycloakDatabaseSecretArn",
            "hostedZoneId",
            "hostedZoneNameServers",
            "certManagerRoleArn",
            "externalDnsRoleArn",
            "secretsRoleArns");
    assertThat(run.output("keycloakUrl")).isEqualTo("https://id." + spec.domain());
    assertThat(run.output("clusterName")).isEqualTo(Naming.cluster(spec));
    assertThat(run.outputIsSecret("kubeconfig")).isTrue();
    assertThat(run.output("kubeconfig").toString())
        .contains("get-token")
        .contains(Naming.cluster(spec));
    assertThat(list(run.output("privateSubnetIds"))).hasSize(spec.network().availabilityZones());
    Map<String, String> buckets = new HashMap<>();
    Map<String, String> roles = new HashMap<>();
    for (OrganisationSpec org : spec.organisations()) {
      buckets.put(org.name(), Naming.backupBucket(spec, org.name()));
      roles.put(
          org.name(),
          "arn:aws:iam::" + MockedStack.ACCOUNT + ":role/" + Naming.backupRole(spec, org.name()));
    }
    assertThat(run.output("backupBuckets")).isEqualTo(buckets);
    assertThat(run.output("backupRoleArns")).isEqualTo(roles);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyResourceBelongsToAClickplaneComponent(String stack) {
    MockedStack run = run(stack);
    Map<String, String> components =
        run.all().stream()
            .filter(r -> r.type().startsWith("clickplane:"))
            .collect(Collectors.toMap(Registration::urn, Registration::type));
    assertThat(Set.copyOf(components.values()))
        .containsExactlyInAnyOrder(
            "clickplane:eks:Network",
            "clickplane:eks:Cluster",
            "clickplane:eks:LoadBalancerController",
            "clickplane:eks:Karpenter",
            "clickplane:eks:FluxBootstrap",
            "clickplane:backup:OrganisationBackup",
            "clickplane:secrets:GeneratedCredentials",
            "clickplane:keycloak:Database",
            "clickplane:istio:EndpointDns");
    assertThat(run.all())
        .filteredOn(
            r -> !r.type().startsWith("clickplane:") && !r.type().equals("pulumi:pulumi:Stack"))
        .allSatisfy(
            r -> assertThat(components).as(r.type() + " " + r.name()).containsKey(r.parentUrn()));
  }

  @Test
  void prodPointsFluxAtItsEnvironmentWithoutCredentialsWhenNoSecretIsSet() {
    MockedStack run = run("prod");
    Registration source = run.ofType(GIT_REPOSITORY).get(0);
    assertThat(source.string("apiVersion")).isEqualTo("source.toolkit.fluxcd.io/v1");
    assertThat(source.string("kind")).isEqualTo("GitRepository");
    assertThat(source.path("spec", "url"))
        .isEqualTo("https://git.example.com/platform/flux-fleet.git");
    assertThat(source.path("spec", "ref", "branch")).isEqualTo("main");
    assertThat(source.path("spec", "secretRef")).isNull();
    assertThat(source.path("metadata", "namespace")).isEqualTo("flux-system");
    Registration sync = run.ofType(KUSTOMIZATION).get(0);
    assertThat(sync.path("spec", "path")).isEqualTo("./clusters/prod");
    assertThat(sync.path("spec", "sourceRef", "name")).isEqualTo("flux-system");
    assertThat(sync.dependencies()).contains(source.urn());
    assertThat(run.ofType(SECRET))
        .extracting(Registration::name)
        .containsExactly(io.clickplane.core.naming.SecretNames.OPERATOR_SECRET);
    Registration flux =
        run.ofType(RELEASE).stream()
            .filter(r -> "flux2".equals(r.string("chart")))
            .findFirst()
            .orElseThrow();
    assertThat(source.dependencies()).contains(flux.urn());
    Registration lbc =
        run.ofType(RELEASE).stream()
            .filter(r -> "aws-load-balancer-controller".equals(r.string("chart")))
            .findFirst()
            .orElseThrow();
    assertThat(flux.dependencies()).contains(lbc.urn());
  }

  @Test
  void theGitopsPasswordSecretBecomesTheGitRepositorysCredentials() throws Exception {
    Map<String, String> config = new HashMap<>(StackValues.of(Repo.stackFile("prod")));
    config.put("clickplane:gitopsPassword", "s3cr3t-token");
    MockedStack run =
        MockedStack.run(config, Set.of("clickplane:gitopsPassword"), ClickplaneProgram::run);
    Registration secret =
        run.ofType(SECRET).stream()
            .filter(r -> !r.name().equals(io.clickplane.core.naming.SecretNames.OPERATOR_SECRET))
            .findFirst()
            .orElseThrow();
    assertThat(secret.path("metadata", "name")).isEqualTo("flux-system");
    assertThat(secret.path("stringData", "password")).isEqualTo("s3cr3t-token");
    assertThat(secret.path("stringData", "username")).isEqualTo(FluxSync.GIT_USERNAME);
    Registration source = run.ofType(GIT_REPOSITORY).get(0);
    assertThat(source.path("spec", "secretRef", "name")).isEqualTo("flux-system");
    assertThat(source.dependencies()).contains(secret.urn());
  }

  @Test
  void devWithTheLocalRepositoryInstallsFluxWithoutASource() {
    MockedStack run = run("dev");
    assertThat(run.ofType(RELEASE))
        .extracting(r -> r.string("chart"))
        .containsExactlyInAnyOrder(
            "flux2", "aws-load-balancer-controller", "oci://public.ecr.aws/karpenter/karpenter");
    assertThat(run.ofType(GIT_REPOSITORY)).isEmpty();
  }

  @Test
  void anInvalidStackStopsTheProgramNamingTheKey() throws Exception {
    Map<String, String> config = new HashMap<>(StackValues.of(Repo.stackFile("dev")));
    config.put("clickplane:network", "{\"cidr\":\"10.0.0.0/8\"}");
    assertThatThrownBy(() -> MockedStack.run(config, Set.of(), ClickplaneProgram::run))
        .hasStackTraceContaining("clickplane:network.cidr");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static Map<String, List<String>> identityPolicies(MockedStack run) {
    Map<String, List<String>> byRole = new HashMap<>();
    run.ofType(ROLE_POLICY)
        .forEach(
            p ->
                byRole
                    .computeIfAbsent(p.string("role"), k -> new ArrayList<>())
                    .add(p.string("policy")));
    Map<String, String> customerPolicies =
        run.ofType(POLICY).stream()
            .collect(
                Collectors.toMap(
                    p -> "arn:aws:iam::" + MockedStack.ACCOUNT + ":policy/" + p.string("name"),
                    p -> p.string("policy")));
    run.ofType(ATTACHMENT)
        .forEach(
            a -> {
              String doc = customerPolicies.get(a.string("policyArn"));
              if (doc != null) {
                byRole.computeIfAbsent(a.string("role"), k -> new ArrayList<>()).add(doc);
              }
            });
    return byRole;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void keycloaksDatabaseAdmitsTheNodesAndReachesFluxAfterFluxIsInstalled(String stack) {
    PlatformSpec spec = spec(stack);
    MockedStack run = run(stack);
    Registration db = run.ofType("aws:rds/instance:Instance").get(0);
    assertThat(db.inputs())
        .containsEntry("multiAz", spec.keycloak().databaseMultiAz())
        .containsEntry("storageEncrypted", true)
        .containsEntry("manageMasterUserPassword", true);
    Registration sg = run.ofType("aws:ec2/securityGroup:SecurityGroup").get(0);
    Map<?, ?> rule = (Map<?, ?>) list(sg.inputs().get("ingress")).get(0);
    assertThat(list(rule.get("securityGroups")))
        .containsExactly("sg-" + Naming.cluster(spec) + "-cluster");
    Registration configMap = run.ofType("kubernetes:core/v1:ConfigMap").get(0);
    Registration flux = run.named(RELEASE, "flux2");
    assertThat(configMap.dependencies()).contains(flux.urn());
  }

  private static Map<String, String> bucketPolicies(MockedStack run) {
    Map<String, String> bucketById =
        run.ofType(BUCKET).stream()
            .collect(Collectors.toMap(b -> b.name() + "-id", b -> b.string("bucket")));
    return run.ofType(BUCKET_POLICY).stream()
        .collect(
            Collectors.toMap(p -> bucketById.get(p.string("bucket")), p -> p.string("policy")));
  }
}
