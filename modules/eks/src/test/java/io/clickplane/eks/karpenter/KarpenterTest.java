package io.clickplane.eks.karpenter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.backup.aws.testing.PolicyEvaluator;
import io.clickplane.backup.aws.testing.PolicyEvaluator.Decision;
import io.clickplane.backup.aws.testing.PolicyEvaluator.Request;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.network.Network;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Karpenter's release, IAM, interruption queue and rules for the dev stack under Pulumi mocks. */
class KarpenterTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/clickplane-dev-karpenter";
  private static final String EC2 = "arn:aws:ec2:eu-west-1:123456789012:";
  private static final String OWNER = "kubernetes.io/cluster/clickplane-dev";
  private static PlatformSpec spec;
  private static MockedStack stack;

  @BeforeAll
  static void run() throws Exception {
    spec = StackConfig.load(Repo.stackFile("dev"));
    stack =
        MockedStack.run(
            ctx -> {
              var none = ComponentResourceOptions.Empty;
              EksCluster cluster = new EksCluster(spec, new Network(spec, none), none);
              new Karpenter(spec, cluster, none);
            });
  }

  private static String policy() {
    return stack.named("aws:iam/policy:Policy", "clickplane-dev-karpenter").string("policy");
  }

  private static Decision decide(
      String action,
      String resource,
      Map<String, String> resourceTags,
      Map<String, List<String>> context) {
    return PolicyEvaluator.evaluate(
        new Request(ROLE, action, resource, true, resourceTags, context),
        List.of(policy()),
        List.of());
  }

  private static Map<String, List<String>> requestTags(String owner, String nodepool) {
    return Map.of(
        "aws:RequestTag/" + owner,
        List.of("owned"),
        "aws:RequestTag/karpenter.sh/nodepool",
        List.of(nodepool));
  }

  @Test
  void releaseIsThePinnedChartForThisClusterAndQueue() {
    Registration release = stack.named("kubernetes:helm.sh/v3:Release", Karpenter.NAME);
    assertThat(release.string("chart")).isEqualTo("oci://public.ecr.aws/karpenter/karpenter");
    assertThat(release.string("version")).isEqualTo("1.14.1");
    assertThat(release.string("namespace")).isEqualTo("kube-system");
    assertThat(release.path("values", "settings", "clusterName")).isEqualTo("clickplane-dev");
    assertThat(release.path("values", "settings", "interruptionQueue")).isEqualTo("clickplane-dev");
    assertThat(
            release.path("values", "serviceAccount", "annotations", "eks.amazonaws.com/role-arn"))
        .isEqualTo(ROLE);
    assertThat(release.path("values", "replicas")).isEqualTo(2.0);
    assertThat(release.path("values", "controller", "resources", "requests", "cpu"))
        .isEqualTo("500m");
    assertThat(String.valueOf(release.path("values", "affinity")))
        .contains("karpenter.sh/nodepool")
        .contains("DoesNotExist")
        .contains("eks.amazonaws.com/nodegroup");
    assertThat(release.dependencies())
        .contains(
            stack
                .named(
                    "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "clickplane-dev-karpenter")
                .urn(),
            stack.named("aws:eks/accessEntry:AccessEntry", "clickplane-dev-karpenter-nodes").urn(),
            stack
                .named("aws:sqs/queuePolicy:QueuePolicy", "clickplane-dev-karpenter-interruption")
                .urn());
  }

  @Test
  void roleIsAssumedOnlyByKarpentersServiceAccount() {
    assertThat(
            stack.named("aws:iam/role:Role", "clickplane-dev-karpenter").string("assumeRolePolicy"))
        .contains("system:serviceaccount:kube-system:karpenter")
        .contains("sts:AssumeRoleWithWebIdentity");
  }

  @Test
  void launchesAndTerminatesOnlyWithThisClustersTags() {
    String instance = EC2 + "instance/i-1";
    assertThat(decide("ec2:RunInstances", instance, Map.of(), requestTags(OWNER, "clickhouse")))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            decide(
                "ec2:RunInstances",
                instance,
                Map.of(),
                requestTags("kubernetes.io/cluster/clickplane-prod", "clickhouse")))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(
            decide(
                "ec2:RunInstances",
                EC2 + "spot-instances-request/sir-1",
                Map.of(),
                requestTags(OWNER, "clickhouse")))
        .isEqualTo(Decision.IMPLICIT_DENY);
    Map<String, String> ours = Map.of(OWNER, "owned", "karpenter.sh/nodepool", "clickhouse");
    Map<String, String> theirs =
        Map.of("kubernetes.io/cluster/clickplane-prod", "owned", "karpenter.sh/nodepool", "x");
    assertThat(decide("ec2:TerminateInstances", instance, ours, Map.of()))
        .isEqualTo(Decision.ALLOW);
    assertThat(decide("ec2:TerminateInstances", instance, theirs, Map.of()))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(decide("ec2:TerminateInstances", instance, Map.of(OWNER, "owned"), Map.of()))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(
            decide(
                "ec2:CreateTags",
                instance,
                ours,
                Map.of("aws:TagKeys", List.of("Name", "karpenter.sh/nodeclaim"))))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            decide(
                "ec2:CreateTags",
                instance,
                ours,
                Map.of("aws:TagKeys", List.of("Name", "kubernetes.io/cluster/other"))))
        .isEqualTo(Decision.IMPLICIT_DENY);
  }

  @Test
  void passesOnlyTheNodeRoleAndReadsOnlyItsRegionAndQueue() {
    Map<String, List<String>> toEc2 = Map.of("iam:PassedToService", List.of("ec2.amazonaws.com"));
    assertThat(
            decide(
                "iam:PassRole",
                "arn:aws:iam::123456789012:role/clickplane-dev-karpenter-nodes",
                Map.of(),
                toEc2))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            decide(
                "iam:PassRole", "arn:aws:iam::123456789012:role/platform-admin", Map.of(), toEc2))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(
            decide(
                "iam:PassRole",
                "arn:aws:iam::123456789012:role/clickplane-dev-karpenter-nodes",
                Map.of(),
                Map.of("iam:PassedToService", List.of("lambda.amazonaws.com"))))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(
            decide(
                "ec2:DescribeInstances",
                "*",
                Map.of(),
                Map.of("aws:RequestedRegion", List.of("eu-west-1"))))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            decide(
                "ec2:DescribeInstances",
                "*",
                Map.of(),
                Map.of("aws:RequestedRegion", List.of("us-east-1"))))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(
            decide(
                "sqs:ReceiveMessage",
                "arn:aws:sqs:eu-west-1:123456789012:clickplane-dev",
                Map.of(),
                Map.of()))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            decide(
                "sqs:ReceiveMessage",
                "arn:aws:sqs:eu-west-1:123456789012:clickplane-prod",
                Map.of(),
                Map.of()))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(decide("iam:CreateRole", "*", Map.of(), Map.of())).isEqualTo(Decision.IMPLICIT_DENY);
  }

  @Test
  void interruptionQueueIsEncryptedAndFedOnlyByItsRules() throws Exception {
    Registration queue =
        stack.named("aws:sqs/queue:Queue", "clickplane-dev-karpenter-interruption");
    assertThat(queue.string("name")).isEqualTo("clickplane-dev");
    assertThat(queue.path("sqsManagedSseEnabled")).isEqualTo(true);
    assertThat(queue.path("messageRetentionSeconds")).isEqualTo(300.0);
    List<Registration> rules = stack.ofType("aws:cloudwatch/eventRule:EventRule");
    assertThat(rules)
        .extracting(
            r ->
                new ObjectMapper()
                    .readTree(r.string("eventPattern"))
                    .path("detail-type")
                    .get(0)
                    .asText())
        .containsExactlyInAnyOrder(
            "AWS Health Event",
            "EC2 Instance State-change Notification",
            "EC2 Spot Instance Interruption Warning",
            "EC2 Instance Rebalance Recommendation");
    assertThat(stack.ofType("aws:cloudwatch/eventTarget:EventTarget"))
        .hasSize(4)
        .allSatisfy(
            t ->
                assertThat(t.string("arn"))
                    .isEqualTo("arn:aws:sqs:eu-west-1:123456789012:clickplane-dev"));
    JsonNode policy =
        new ObjectMapper()
            .readTree(
                stack
                    .named(
                        "aws:sqs/queuePolicy:QueuePolicy", "clickplane-dev-karpenter-interruption")
                    .string("policy"));
    JsonNode send = policy.path("Statement").get(0);
    assertThat(send.path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");
    assertThat(send.path("Condition").path("ArnEquals").path("aws:SourceArn"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrderElementsOf(
            rules.stream()
                .map(r -> "arn:aws:events:eu-west-1:123456789012:rule/" + r.string("name"))
                .toList());
  }

  @Test
  void nodesGetTheirRoleAnAccessEntryAndFindTheirSubnets() {
    Registration nodeRole = stack.named("aws:iam/role:Role", "clickplane-dev-karpenter-nodes");
    assertThat(nodeRole.string("assumeRolePolicy")).contains("ec2.amazonaws.com");
    assertThat(
            stack.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").stream()
                .filter(a -> a.name().startsWith("clickplane-dev-karpenter-nodes-"))
                .map(a -> a.string("policyArn")))
        .containsExactlyInAnyOrder(
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    Registration entry =
        stack.named("aws:eks/accessEntry:AccessEntry", "clickplane-dev-karpenter-nodes");
    assertThat(entry.string("type")).isEqualTo("EC2_LINUX");
    assertThat(entry.string("principalArn"))
        .isEqualTo("arn:aws:iam::123456789012:role/clickplane-dev-karpenter-nodes");
    assertThat(
            stack.ofType("aws:ec2/subnet:Subnet").stream()
                .filter(s -> s.name().contains("private")))
        .hasSize(3)
        .allSatisfy(
            s -> assertThat(s.tags()).containsEntry("karpenter.sh/discovery", "clickplane-dev"));
    assertThat(stack.named("aws:ec2/tag:Tag", "clickplane-dev-cluster-sg-discovery").string("key"))
        .isEqualTo("karpenter.sh/discovery");
  }

  @Test
  void noClusterAutoscalerIsLeft() {
    assertThat(stack.ofType("aws:autoscaling/tag:Tag")).isEmpty();
    assertThat(stack.ofType("kubernetes:helm.sh/v3:Release"))
        .extracting(Registration::name)
        .doesNotContain("cluster-autoscaler");
    for (Registration group : stack.ofType("aws:eks/nodeGroup:NodeGroup")) {
      assertThat(group.tags().keySet()).noneMatch(k -> k.startsWith("k8s.io/cluster-autoscaler"));
    }
  }
}
