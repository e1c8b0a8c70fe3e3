package io.clickplane.eks.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickplane.eks.cluster.NodePlacement;
import java.util.List;

/**
 * What the cluster autoscaler may do, after the policy its AWS provider documents
 * (kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md, "IAM Policy"): read Auto
 * Scaling groups, launch templates, instance types and this cluster's managed node groups anywhere;
 * change the size of, or terminate instances in, only the Auto Scaling groups tagged as this
 * cluster's and enabled for autoscaling.
 */
public final class ClusterAutoscalerPolicy {
  /** Actions that only read. */
  public static final List<String> DESCRIBE =
      List.of(
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements");

  /** Actions that change a group, limited by tag conditions. */
  public static final List<String> SCALE =
      List.of("autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup");

  private ClusterAutoscalerPolicy() {}

  public static String document(String clusterName, String region) {
    ObjectNode doc = PolicyDocuments.document();
    var statements = doc.putArray("Statement");
    ObjectNode describe = statements.addObject();
    describe.put("Sid", "DiscoverGroups");
    describe.put("Effect", "Allow");
    PolicyDocuments.strings(describe.putArray("Action"), DESCRIBE);
    describe.put("Resource", "*");

    ObjectNode nodegroups = statements.addObject();
    nodegroups.put("Sid", "DescribeThisClustersNodeGroups");
    nodegroups.put("Effect", "Allow");
    nodegroups.put("Action", "eks:DescribeNodegroup");
    nodegroups.put("Resource", "arn:aws:eks:" + region + ":*:nodegroup/" + clusterName + "/*");

    ObjectNode scale = statements.addObject();
    scale.put("Sid", "ScaleThisClustersGroups");
    scale.put("Effect", "Allow");
    PolicyDocuments.strings(scale.putArray("Action"), SCALE);
    scale.put("Resource", "*");
    ObjectNode equals = scale.putObject("Condition").putObject("StringEquals");
    equals.put("aws:ResourceTag/" + NodePlacement.autoscalerOwnerTag(clusterName), "owned");
    equals.put("aws:ResourceTag/" + NodePlacement.AUTOSCALER_ENABLED_TAG, "true");
    return PolicyDocuments.write(doc);
  }
}
