package io.clickplane.eks.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the Karpenter controller may do, after the controller policy Karpenter documents for v1
 * (aws/karpenter-provider-aws {@code
 * website/content/en/preview/getting-started/getting-started-with-karpenter/cloudformation.yaml},
 * {@code KarpenterControllerPolicy}), narrowed to this platform: on-demand capacity only (no spot
 * requests), one region, this cluster's tags on everything it creates, tags or deletes.
 *
 * <ul>
 *   <li>launch ({@code RunInstances}, {@code CreateFleet}, {@code CreateLaunchTemplate}) only when
 *       the request tags the new resources {@code kubernetes.io/cluster/<cluster>: owned} and with
 *       a NodePool;
 *   <li>terminate instances and delete launch templates only when they carry those tags; re-tag its
 *       instances only with {@code Name} and {@code karpenter.sh/nodeclaim};
 *   <li>instance profiles only with this cluster's and region's tags; pass only the node role to
 *       EC2;
 *   <li>read the region's EC2 catalogue, the public SSM AMI parameters, prices, this cluster and
 *       its interruption queue.
 * </ul>
 */
public final class KarpenterPolicy {
  /** Read-only EC2 actions, allowed in the stack's region only. */
  public static final List<String> REGIONAL_READ =
      List.of(
          "ec2:DescribeAvailabilityZones",
          "ec2:DescribeImages",
          "ec2:DescribeInstances",
          "ec2:DescribeInstanceTypeOfferings",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplates",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSpotPriceHistory",
          "ec2:DescribeSubnets");

  /** What the controller does with its interruption queue. */
  public static final List<String> QUEUE =
      List.of(
          "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage");

  private KarpenterPolicy() {}

  /** The tag every resource Karpenter creates for this cluster carries. */
  public static String ownerTag(String clusterName) {
    return "kubernetes.io/cluster/" + clusterName;
  }

  /**
   * @param clusterName the EKS cluster
   * @param region the stack's region
   * @param nodeRole the name of the role its nodes get
   * @param queueName the interruption queue's name
   */
  public static String document(
      String clusterName, String region, String nodeRole, String queueName) {
    String ec2 = "arn:aws:ec2:" + region;
    String owner = ownerTag(clusterName);
    ObjectNode doc = PolicyDocuments.document();
    ArrayNode statements = doc.putArray("Statement");

    ObjectNode launchFrom = statement(statements, "LaunchFromTheRegionsImagesAndSubnets");
    PolicyDocuments.strings(
        launchFrom.putArray("Action"), List.of("ec2:RunInstances", "ec2:CreateFleet"));
    PolicyDocuments.strings(
        launchFrom.putArray("Resource"),
        List.of(
            ec2 + "::image/*",
            ec2 + "::snapshot/*",
            ec2 + ":*:security-group/*",
            ec2 + ":*:subnet/*",
            ec2 + ":*:launch-template/*"));

    List<String> created =
        List.of(
            ec2 + ":*:fleet/*",
            ec2 + ":*:instance/*",
            ec2 + ":*:volume/*",
            ec2 + ":*:network-interface/*",
            ec2 + ":*:launch-template/*");
    ObjectNode create = statement(statements, "CreateOnlyThisClustersTaggedResources");
    PolicyDocuments.strings(
        create.putArray("Action"),
        List.of("ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"));
    PolicyDocuments.strings(create.putArray("Resource"), created);
    ObjectNode createCondition = create.putObject("Condition");
    createCondition.putObject("StringEquals").put("aws:RequestTag/" + owner, "owned");
    createCondition.putObject("StringLike").put("aws:RequestTag/karpenter.sh/nodepool", "*");

    ObjectNode tagOnCreate = statement(statements, "TagOnlyWhatItCreates");
    tagOnCreate.put("Action", "ec2:CreateTags");
    PolicyDocuments.strings(tagOnCreate.putArray("Resource"), created);
    ObjectNode tagOnCreateCondition = tagOnCreate.putObject("Condition");
    ObjectNode tagEquals = tagOnCreateCondition.putObject("StringEquals");
    tagEquals.put("aws:RequestTag/" + owner, "owned");
    PolicyDocuments.strings(
        tagEquals.putArray("ec2:CreateAction"),
        List.of("RunInstances", "CreateFleet", "CreateLaunchTemplate"));
    tagOnCreateCondition.putObject("StringLike").put("aws:RequestTag/karpenter.sh/nodepool", "*");

    ObjectNode retag = statement(statements, "RetagOnlyItsInstances");
    retag.put("Action", "ec2:CreateTags");
    retag.put("Resource", ec2 + ":*:instance/*");
    ObjectNode retagCondition = retag.putObject("Condition");
    retagCondition.putObject("StringEquals").put("aws:ResourceTag/" + owner, "owned");
    retagCondition.putObject("StringLike").put("aws:ResourceTag/karpenter.sh/nodepool", "*");
    PolicyDocuments.strings(
        retagCondition.putObject("ForAllValues:StringEquals").putArray("aws:TagKeys"),
        List.of("karpenter.sh/nodeclaim", "Name"));

    ObjectNode delete = statement(statements, "DeleteOnlyThisClustersResources");
    PolicyDocuments.strings(
        delete.putArray("Action"), List.of("ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"));
    PolicyDocuments.strings(
        delete.putArray("Resource"), List.of(ec2 + ":*:instance/*", ec2 + ":*:launch-template/*"));
    ObjectNode deleteCondition = delete.putObject("Condition");
    deleteCondition.putObject("StringEquals").put("aws:ResourceTag/" + owner, "owned");
    deleteCondition.putObject("StringLike").put("aws:ResourceTag/karpenter.sh/nodepool", "*");

    ObjectNode read = statement(statements, "ReadTheRegionsCatalogue");
    PolicyDocuments.strings(read.putArray("Action"), REGIONAL_READ);
    read.put("Resource", "*");
    read.putObject("Condition").putObject("StringEquals").put("aws:RequestedRegion", region);

    ObjectNode ssm = statement(statements, "ReadPublicAmiParameters");
    ssm.put("Action", "ssm:GetParameter");
    ssm.put("Resource", "arn:aws:ssm:" + region + "::parameter/aws/service/*");

    ObjectNode pricing = statement(statements, "ReadPrices");
    pricing.put("Action", "pricing:GetProducts");
    pricing.put("Resource", "*");

    ObjectNode queue = statement(statements, "ReadItsInterruptionQueue");
    PolicyDocuments.strings(queue.putArray("Action"), QUEUE);
    queue.put("Resource", "arn:aws:sqs:" + region + ":*:" + queueName);

    ObjectNode pass = statement(statements, "PassOnlyTheNodeRoleToEc2");
    pass.put("Action", "iam:PassRole");
    pass.put("Resource", "arn:aws:iam::*:role/" + nodeRole);
    pass.putObject("Condition")
        .putObject("StringEquals")
        .put("iam:PassedToService", "ec2.amazonaws.com");

    ObjectNode profileCreate = statement(statements, "CreateOnlyThisClustersInstanceProfiles");
    profileCreate.put("Action", "iam:CreateInstanceProfile");
    profileCreate.put("Resource", "*");
    ObjectNode pcCondition = profileCreate.putObject("Condition");
    ObjectNode pcEquals = pcCondition.putObject("StringEquals");
    pcEquals.put("aws:RequestTag/" + owner, "owned");
    pcEquals.put("aws:RequestTag/topology.kubernetes.io/region", region);
    pcCondition.putObject("StringLike").put("aws:RequestTag/karpenter.sh/nodeclass", "*");

    ObjectNode profileTag = statement(statements, "TagOnlyThisClustersInstanceProfiles");
    profileTag.put("Action", "iam:TagInstanceProfile");
    profileTag.put("Resource", "*");
    ObjectNode ptCondition = profileTag.putObject("Condition");
    ObjectNode ptEquals = ptCondition.putObject("StringEquals");
    ptEquals.put("aws:ResourceTag/" + owner, "owned");
    ptEquals.put("aws:ResourceTag/topology.kubernetes.io/region", region);
    ptEquals.put("aws:RequestTag/" + owner, "owned");
    ptEquals.put("aws:RequestTag/topology.kubernetes.io/region", region);
    ObjectNode ptLike = ptCondition.putObject("StringLike");
    ptLike.put("aws:ResourceTag/karpenter.sh/nodeclass", "*");
    ptLike.put("aws:RequestTag/karpenter.sh/nodeclass", "*");

    ObjectNode profiles = statement(statements, "ManageOnlyThisClustersInstanceProfiles");
    PolicyDocuments.strings(
        profiles.putArray("Action"),
        List.of(
            "iam:AddRoleToInstanceProfile",
            "iam:RemoveRoleFromInstanceProfile",
            "iam:DeleteInstanceProfile"));
    profiles.put("Resource", "*");
    ObjectNode prCondition = profiles.putObject("Condition");
    ObjectNode prEquals = prCondition.putObject("StringEquals");
    prEquals.put("aws:ResourceTag/" + owner, "owned");
    prEquals.put("aws:ResourceTag/topology.kubernetes.io/region", region);
    prCondition.putObject("StringLike").put("aws:ResourceTag/karpenter.sh/nodeclass", "*");

    ObjectNode profileRead = statement(statements, "ReadInstanceProfiles");
    profileRead.put("Action", "iam:GetInstanceProfile");
    profileRead.put("Resource", "*");

    ObjectNode cluster = statement(statements, "DiscoverThisClustersEndpoint");
    cluster.put("Action", "eks:DescribeCluster");
    cluster.put("Resource", "arn:aws:eks:" + region + ":*:cluster/" + clusterName);
    return PolicyDocuments.write(doc);
  }

  private static ObjectNode statement(ArrayNode statements, String sid) {
    ObjectNode st = statements.addObject();
    st.put("Sid", sid);
    st.put("Effect", "Allow");
    return st;
  }
}
