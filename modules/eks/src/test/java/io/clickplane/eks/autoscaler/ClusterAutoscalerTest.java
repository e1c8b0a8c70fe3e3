package io.clickplane.eks.autoscaler;

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cluster autoscaler and the EBS CSI add-on of the dev stack under Pulumi mocks. */
class ClusterAutoscalerTest {
  private static final String ROLE =
      "arn:aws:iam::123456789012:role/clickplane-dev-cluster-autoscaler";
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
              new ClusterAutoscaler(spec, cluster, none);
            });
  }

  private static String policy() {
    return stack
        .named("aws:iam/policy:Policy", "clickplane-dev-cluster-autoscaler")
        .string("policy");
  }

  private static Decision decide(String action, String resource, Map<String, String> tags) {
    return PolicyEvaluator.evaluate(
        new Request(ROLE, action, resource, true, tags), List.of(policy()), List.of());
  }

  @Test
  void helmReleaseDiscoversThisClusterAndScalesConservatively() {
    Registration release = stack.named("kubernetes:helm.sh/v3:Release", ClusterAutoscaler.NAME);
    assertThat(release.string("namespace")).isEqualTo("kube-system");
    assertThat(release.string("version")).isEqualTo(ClusterAutoscaler.CHART_VERSION);
    assertThat(release.path("repositoryOpts", "repo"))
        .isEqualTo("https://kubernetes.github.io/autoscaler");
    assertThat(release.path("values", "autoDiscovery", "clusterName")).isEqualTo("clickplane-dev");
    assertThat(release.path("values", "awsRegion")).isEqualTo("eu-west-1");
    assertThat(release.path("values", "image", "tag")).isEqualTo("v1.31.0");
    assertThat(
            release.path(
                "values", "rbac", "serviceAccount", "annotations", "eks.amazonaws.com/role-arn"))
        .isEqualTo(ROLE);
    assertThat(release.path("values", "rbac", "serviceAccount", "name"))
        .isEqualTo("cluster-autoscaler");
    assertThat(release.path("values", "extraArgs", "expander")).isEqualTo("least-waste");
    assertThat(release.path("values", "extraArgs", "balance-similar-node-groups")).isEqualTo(true);
    assertThat(release.path("values", "extraArgs", "skip-nodes-with-local-storage"))
        .isEqualTo(true);
    assertThat(release.path("values", "resources", "requests", "cpu")).isEqualTo("100m");
    assertThat(release.dependencies())
        .contains(
            stack
                .named(
                    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    "clickplane-dev-cluster-autoscaler")
                .urn());
  }

  @Test
  void roleIsAssumedOnlyByTheAutoscalersServiceAccount() throws Exception {
    JsonNode trust =
        new ObjectMapper()
            .readTree(
                stack
                    .named("aws:iam/role:Role", "clickplane-dev-cluster-autoscaler")
                    .string("assumeRolePolicy"));
    assertThat(trust.toString())
        .contains("system:serviceaccount:kube-system:cluster-autoscaler")
        .contains("sts:AssumeRoleWithWebIdentity");
  }

  @Test
  void policyScalesOnlyThisClustersTaggedGroups() {
    String asg =
        "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1:autoScalingGroupName/x";
    Map<String, String> ours =
        Map.of(
            "k8s.io/cluster-autoscaler/clickplane-dev",
            "owned",
            "k8s.io/cluster-autoscaler/enabled",
            "true");
    Map<String, String> theirs =
        Map.of(
            "k8s.io/cluster-autoscaler/clickplane-prod",
            "owned",
            "k8s.io/cluster-autoscaler/enabled",
            "true");
    assertThat(decide("autoscaling:SetDesiredCapacity", asg, ours)).isEqualTo(Decision.ALLOW);
    assertThat(decide("autoscaling:TerminateInstanceInAutoScalingGroup", asg, ours))
        .isEqualTo(Decision.ALLOW);
    assertThat(decide("autoscaling:SetDesiredCapacity", asg, theirs))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(decide("autoscaling:SetDesiredCapacity", asg, Map.of()))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(
            decide(
                "autoscaling:SetDesiredCapacity",
                asg,
                Map.of("k8s.io/cluster-autoscaler/clickplane-dev", "owned")))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(decide("autoscaling:DescribeAutoScalingGroups", "*", Map.of()))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            decide(
                "eks:DescribeNodegroup",
                "arn:aws:eks:eu-west-1:123456789012:nodegroup/clickplane-dev/system/abc",
                Map.of()))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            decide(
                "eks:DescribeNodegroup",
                "arn:aws:eks:eu-west-1:123456789012:nodegroup/clickplane-prod/system/abc",
                Map.of()))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(decide("autoscaling:UpdateAutoScalingGroup", asg, ours))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(decide("ec2:TerminateInstances", "*", ours)).isEqualTo(Decision.IMPLICIT_DENY);
  }

  @Test
  void eachGroupsAutoScalingGroupCarriesDiscoveryAndNodeTemplateTags() {
    Map<String, Map<String, String>> byAsg =
        stack.ofType("aws:autoscaling/tag:Tag").stream()
            .collect(
                Collectors.groupingBy(
                    t -> t.string("autoscalingGroupName"),
                    Collectors.toMap(
                        t -> String.valueOf(t.path("tag", "key")),
                        t -> String.valueOf(t.path("tag", "value")))));
    assertThat(byAsg)
        .containsOnlyKeys("eks-clickplane-dev-system-asg", "eks-clickplane-dev-clickhouse-asg");
    assertThat(byAsg.get("eks-clickplane-dev-system-asg"))
        .containsEntry("k8s.io/cluster-autoscaler/enabled", "true")
        .containsEntry("k8s.io/cluster-autoscaler/clickplane-dev", "owned")
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/label/clickplane.io/node-group", "system")
        .hasSize(3);
    assertThat(byAsg.get("eks-clickplane-dev-clickhouse-asg"))
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/label/clickplane.io/node-role", "clickhouse")
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/taint/clickplane.io/node-role",
            "clickhouse:NoSchedule");
    assertThat(stack.ofType("aws:autoscaling/tag:Tag"))
        .allSatisfy(t -> assertThat(t.path("tag", "propagateAtLaunch")).isEqualTo(false));
    Registration release = stack.named("kubernetes:helm.sh/v3:Release", ClusterAutoscaler.NAME);
    assertThat(release.dependencies())
        .containsAll(
            stack.ofType("aws:autoscaling/tag:Tag").stream().map(Registration::urn).toList());
  }

  @Test
  void nodeGroupsStartAtMinAndAreTaggedForDiscovery() {
    for (Registration group : stack.ofType("aws:eks/nodeGroup:NodeGroup")) {
      assertThat(group.path("scalingConfig", "desiredSize"))
          .as(group.name())
          .isEqualTo(group.path("scalingConfig", "minSize"));
      assertThat(group.tags())
          .containsEntry("k8s.io/cluster-autoscaler/enabled", "true")
          .containsEntry("k8s.io/cluster-autoscaler/clickplane-dev", "owned");
    }
  }

  @Test
  void ebsCsiAddOnRunsTheVolumeModifier() throws Exception {
    Registration addon =
        stack.ofType("aws:eks/addon:Addon").stream()
            .filter(a -> "aws-ebs-csi-driver".equals(a.string("addonName")))
            .findFirst()
            .orElseThrow();
    JsonNode values = new ObjectMapper().readTree(addon.string("configurationValues"));
    assertThat(values.at("/controller/volumeModificationFeature/enabled").asBoolean()).isTrue();
    assertThat(values.size()).isEqualTo(1);
    assertThat(addon.string("serviceAccountRoleArn"))
        .isEqualTo("arn:aws:iam::123456789012:role/clickplane-dev-ebs-csi");
  }
}
