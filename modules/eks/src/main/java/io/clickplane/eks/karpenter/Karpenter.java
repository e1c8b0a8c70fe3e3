package io.clickplane.eks.karpenter;

import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventRuleArgs;
import com.pulumi.aws.cloudwatch.EventTarget;
import com.pulumi.aws.cloudwatch.EventTargetArgs;
import com.pulumi.aws.ec2.Tag;
import com.pulumi.aws.ec2.TagArgs;
import com.pulumi.aws.eks.AccessEntry;
import com.pulumi.aws.eks.AccessEntryArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.sqs.Queue;
import com.pulumi.aws.sqs.QueueArgs;
import com.pulumi.aws.sqs.QueuePolicy;
import com.pulumi.aws.sqs.QueuePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.plans.NodePools;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.eks.AwsTags;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.iam.KarpenterPolicy;
import io.clickplane.eks.iam.PolicyDocuments;
import io.clickplane.eks.iam.ServiceAccountRole;
import io.clickplane.eks.kubernetes.ChartValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Karpenter, the node provisioner: it launches a node of the right type in the right zone for each
 * pending pod of its NodePools (the Flux tree holds them, {@code
 * io.clickplane.clickhouse.nodes.KarpenterNodePools}) and removes nodes within their disruption
 * budgets. What it needs from AWS, after Karpenter's own CloudFormation template
 * (aws/karpenter-provider-aws, {@code getting-started-with-karpenter/cloudformation.yaml}):
 *
 * <ul>
 *   <li>the controller's IRSA role with {@link KarpenterPolicy} (least privilege, conditions on
 *       this cluster's tags);
 *   <li>the node role its nodes run as (worker, CNI and registry policies) and its EKS access entry
 *       of type {@code EC2_LINUX}, so those nodes may join;
 *   <li>the interruption queue (SQS, encrypted, 5-minute retention) and the EventBridge rules that
 *       feed it: AWS Health scheduled changes, instance state changes, spot interruption warnings
 *       and rebalance recommendations, each allowed to send to this queue only;
 *   <li>{@code karpenter.sh/discovery} on the cluster security group (the private subnets carry it
 *       from {@code Network}).
 * </ul>
 *
 * The controller runs on the managed node group (two replicas, on nodes no NodePool launched), so
 * it never provisions or removes its own nodes.
 */
public final class Karpenter extends ComponentResource {
  public static final String TYPE = "clickplane:eks:Karpenter";
  public static final String NAME = "karpenter";
  public static final String NAMESPACE = EksCluster.KUBE_SYSTEM;

  /** The chart, an OCI artifact of Karpenter's public registry. */
  public static final String CHART = "oci://public.ecr.aws/karpenter/karpenter";

  /** Pinned chart version: the release the shared CRDs (../shared/crds/karpenter) come from. */
  public static final String CHART_VERSION = "1.14.1";

  /** The EventBridge rules feeding the interruption queue: name suffix → event pattern. */
  public static final Map<String, String> RULES = rules();

  private static final String AWS_POLICY = "arn:aws:iam::aws:policy/";

  private final Release release;
  private final Output<String> roleArn;
  private final Output<String> queueName;

  public Karpenter(PlatformSpec spec, EksCluster cluster, ComponentResourceOptions options) {
    super(TYPE, Naming.clusterPrefix(spec) + "-" + NAME, options);
    String prefix = Naming.clusterPrefix(spec);
    String clusterName = Naming.cluster(spec);
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    String nodeRoleName = Naming.karpenterNodeRole(spec);
    Role nodeRole =
        new Role(
            nodeRoleName,
            RoleArgs.builder()
                .name(nodeRoleName)
                .assumeRolePolicy(PolicyDocuments.serviceTrust("ec2.amazonaws.com"))
                .tags(AwsTags.of(spec))
                .build(),
            child);
    List<Resource> ready = new ArrayList<>(cluster.workloadsReady());
    for (String policy :
        List.of(
            "AmazonEKSWorkerNodePolicy",
            "AmazonEKS_CNI_Policy",
            "AmazonEC2ContainerRegistryReadOnly")) {
      ready.add(
          new RolePolicyAttachment(
              nodeRoleName + "-" + policy,
              RolePolicyAttachmentArgs.builder()
                  .role(nodeRole.name())
                  .policyArn(AWS_POLICY + policy)
                  .build(),
              child));
    }
    ready.add(
        new AccessEntry(
            nodeRoleName,
            AccessEntryArgs.builder()
                .clusterName(cluster.clusterName())
                .principalArn(nodeRole.arn())
                .type("EC2_LINUX")
                .tags(AwsTags.of(spec))
                .build(),
            child));
    ready.add(
        new Tag(
            prefix + "-cluster-sg-discovery",
            TagArgs.builder()
                .resourceId(cluster.nodeSecurityGroupId())
                .key(NodePools.DISCOVERY_TAG)
                .value(clusterName)
                .build(),
            child));

    Queue queue =
        new Queue(
            prefix + "-karpenter-interruption",
            QueueArgs.builder()
                .name(clusterName)
                .messageRetentionSeconds(300)
                .sqsManagedSseEnabled(true)
                .tags(AwsTags.of(spec))
                .build(),
            child);
    List<EventRule> rules = new ArrayList<>();
    for (Map.Entry<String, String> rule : RULES.entrySet()) {
      String name = prefix + "-karpenter-" + rule.getKey();
      EventRule r =
          new EventRule(
              name,
              EventRuleArgs.builder()
                  .name(name)
                  .eventPattern(rule.getValue())
                  .tags(AwsTags.of(spec))
                  .build(),
              child);
      rules.add(r);
      ready.add(
          new EventTarget(
              name,
              EventTargetArgs.builder()
                  .rule(r.name())
                  .targetId("KarpenterInterruptionQueue")
                  .arn(queue.arn())
                  .build(),
              child));
    }
    Output<List<String>> ruleArns = Output.all(rules.stream().map(EventRule::arn).toList());
    ready.add(
        new QueuePolicy(
            prefix + "-karpenter-interruption",
            QueuePolicyArgs.builder()
                .queueUrl(queue.url())
                .policy(
                    Output.tuple(queue.arn(), ruleArns)
                        .applyValue(t -> KarpenterQueuePolicy.document(t.t1, t.t2)))
                .build(),
            child));

    ServiceAccountRole irsa =
        ServiceAccountRole.create(
            spec,
            cluster,
            NAMESPACE,
            NAME,
            "Karpenter controller of EKS cluster " + clusterName,
            KarpenterPolicy.document(clusterName, spec.region(), nodeRoleName, clusterName),
            child);
    ready.add(irsa.attachment());
    this.release =
        new Release(
            NAME,
            ReleaseArgs.builder()
                .name(NAME)
                .chart(CHART)
                .version(CHART_VERSION)
                .namespace(NAMESPACE)
                .values(
                    Output.tuple(cluster.clusterName(), irsa.role().arn(), queue.name())
                        .applyValue(t -> ChartValues.karpenter(t.t1, t.t3, NAME, t.t2)))
                .atomic(true)
                .build(),
            CustomResourceOptions.builder()
                .parent(this)
                .provider(cluster.kubernetes())
                .dependsOn(ready)
                .build());
    this.roleArn = irsa.role().arn();
    this.queueName = queue.name();
    registerOutputs(Map.of("roleArn", roleArn, "interruptionQueue", queueName));
  }

  private static Map<String, String> rules() {
    Map<String, String> rules = new LinkedHashMap<>();
    rules.put("health", pattern("aws.health", "AWS Health Event"));
    rules.put("state-change", pattern("aws.ec2", "EC2 Instance State-change Notification"));
    rules.put("spot-interruption", pattern("aws.ec2", "EC2 Spot Instance Interruption Warning"));
    rules.put("rebalance", pattern("aws.ec2", "EC2 Instance Rebalance Recommendation"));
    return java.util.Collections.unmodifiableMap(rules);
  }

  private static String pattern(String source, String detailType) {
    return "{\"source\":[\"" + source + "\"],\"detail-type\":[\"" + detailType + "\"]}";
  }

  public Release release() {
    return release;
  }

  public Output<String> roleArn() {
    return roleArn;
  }

  public Output<String> queueName() {
    return queueName;
  }
}
