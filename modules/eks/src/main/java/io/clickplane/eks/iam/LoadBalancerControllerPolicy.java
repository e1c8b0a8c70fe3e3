package io.clickplane.eks.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Identity policy of the AWS Load Balancer Controller (v2 series): read access to describe the
 * network, and write access that is limited, wherever AWS allows it, to the load balancers, target
 * groups and security groups the controller itself tagged with {@value #CLUSTER_TAG}.
 */
public final class LoadBalancerControllerPolicy {
  /** Tag the controller puts on everything it creates. */
  public static final String CLUSTER_TAG = "elbv2.k8s.aws/cluster";

  private static final String ELB = "arn:aws:elasticloadbalancing:*:*:";

  private LoadBalancerControllerPolicy() {}

  /** The policy document. */
  public static String document() {
    ObjectNode doc = PolicyDocuments.document();
    ArrayNode sts = doc.putArray("Statement");
    statement(
        sts,
        "CreateElbServiceLinkedRole",
        List.of("iam:CreateServiceLinkedRole"),
        List.of("*"),
        Map.of("StringEquals", Map.of("iam:AWSServiceName", "elasticloadbalancing.amazonaws.com")));
    statement(
        sts,
        "DescribeNetworkAndLoadBalancers",
        List.of(
            "ec2:DescribeAccountAttributes",
            "ec2:DescribeAddresses",
            "ec2:DescribeAvailabilityZones",
            "ec2:DescribeInternetGateways",
            "ec2:DescribeVpcs",
            "ec2:DescribeVpcPeeringConnections",
            "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeInstances",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeTags",
            "ec2:DescribeRouteTables",
            "ec2:GetCoipPoolUsage",
            "ec2:DescribeCoipPools",
            "ec2:DescribeIpamPools",
            "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeListenerCertificates",
            "elasticloadbalancing:DescribeListenerAttributes",
            "elasticloadbalancing:DescribeSSLPolicies",
            "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetGroupAttributes",
            "elasticloadbalancing:DescribeTargetHealth",
            "elasticloadbalancing:DescribeTags",
            "elasticloadbalancing:DescribeTrustStores",
            "elasticloadbalancing:DescribeCapacityReservation"),
        List.of("*"),
        Map.of());
    statement(
        sts,
        "ReadCertificatesAndProtections",
        List.of(
            "cognito-idp:DescribeUserPoolClient",
            "acm:ListCertificates",
            "acm:DescribeCertificate",
            "iam:ListServerCertificates",
            "iam:GetServerCertificate",
            "waf-regional:GetWebACL",
            "waf-regional:GetWebACLForResource",
            "waf-regional:AssociateWebACL",
            "waf-regional:DisassociateWebACL",
            "wafv2:GetWebACL",
            "wafv2:GetWebACLForResource",
            "wafv2:AssociateWebACL",
            "wafv2:DisassociateWebACL",
            "shield:GetSubscriptionState",
            "shield:DescribeProtection",
            "shield:CreateProtection",
            "shield:DeleteProtection"),
        List.of("*"),
        Map.of());
    statement(
        sts, "CreateSecurityGroups", List.of("ec2:CreateSecurityGroup"), List.of("*"), Map.of());
    statement(
        sts,
        "TagNewSecurityGroups",
        List.of("ec2:CreateTags"),
        List.of("arn:aws:ec2:*:*:security-group/*"),
        Map.of(
            "StringEquals",
            Map.of("ec2:CreateAction", "CreateSecurityGroup"),
            "Null",
            Map.of("aws:RequestTag/" + CLUSTER_TAG, "false")));
    statement(
        sts,
        "RetagOwnSecurityGroups",
        List.of("ec2:CreateTags", "ec2:DeleteTags"),
        List.of("arn:aws:ec2:*:*:security-group/*"),
        Map.of(
            "Null",
            Map.of(
                "aws:RequestTag/" + CLUSTER_TAG,
                "true",
                "aws:ResourceTag/" + CLUSTER_TAG,
                "false")));
    statement(
        sts,
        "ManageOwnSecurityGroups",
        List.of(
            "ec2:AuthorizeSecurityGroupIngress",
            "ec2:RevokeSecurityGroupIngress",
            "ec2:DeleteSecurityGroup"),
        List.of("*"),
        Map.of("Null", Map.of("aws:ResourceTag/" + CLUSTER_TAG, "false")));
    statement(
        sts,
        "CreateTaggedLoadBalancers",
        List.of(
            "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"),
        List.of("*"),
        Map.of("Null", Map.of("aws:RequestTag/" + CLUSTER_TAG, "false")));
    statement(
        sts,
        "ManageListenersAndRules",
        List.of(
            "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
            "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"),
        List.of("*"),
        Map.of());
    statement(
        sts,
        "RetagOwnLoadBalancers",
        List.of("elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"),
        List.of(
            ELB + "targetgroup/*/*", ELB + "loadbalancer/net/*/*", ELB + "loadbalancer/app/*/*"),
        Map.of(
            "Null",
            Map.of(
                "aws:RequestTag/" + CLUSTER_TAG,
                "true",
                "aws:ResourceTag/" + CLUSTER_TAG,
                "false")));
    statement(
        sts,
        "TagListenersAndRules",
        List.of("elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"),
        List.of(
            ELB + "listener/net/*/*/*",
            ELB + "listener/app/*/*/*",
            ELB + "listener-rule/net/*/*/*",
            ELB + "listener-rule/app/*/*/*"),
        Map.of());
    statement(
        sts,
        "ModifyOwnLoadBalancers",
        List.of(
            "elasticloadbalancing:ModifyLoadBalancerAttributes",
            "elasticloadbalancing:SetIpAddressType",
            "elasticloadbalancing:SetSecurityGroups",
            "elasticloadbalancing:SetSubnets",
            "elasticloadbalancing:DeleteLoadBalancer",
            "elasticloadbalancing:ModifyTargetGroup",
            "elasticloadbalancing:ModifyTargetGroupAttributes",
            "elasticloadbalancing:DeleteTargetGroup",
            "elasticloadbalancing:ModifyListenerAttributes",
            "elasticloadbalancing:ModifyCapacityReservation",
            "elasticloadbalancing:ModifyIpPools"),
        List.of("*"),
        Map.of("Null", Map.of("aws:ResourceTag/" + CLUSTER_TAG, "false")));
    statement(
        sts,
        "TagOnCreate",
        List.of("elasticloadbalancing:AddTags"),
        List.of(
            ELB + "targetgroup/*/*", ELB + "loadbalancer/net/*/*", ELB + "loadbalancer/app/*/*"),
        Map.of(
            "StringEquals",
            Map.of(
                "elasticloadbalancing:CreateAction",
                List.of("CreateTargetGroup", "CreateLoadBalancer")),
            "Null",
            Map.of("aws:RequestTag/" + CLUSTER_TAG, "false")));
    statement(
        sts,
        "RegisterTargets",
        List.of("elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"),
        List.of(ELB + "targetgroup/*/*"),
        Map.of());
    statement(
        sts,
        "ConfigureListeners",
        List.of(
            "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener",
            "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:RemoveListenerCertificates",
            "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities"),
        List.of("*"),
        Map.of());
    return PolicyDocuments.write(doc);
  }

  private static void statement(
      ArrayNode sts,
      String sid,
      List<String> actions,
      List<String> resources,
      Map<String, Map<String, Object>> condition) {
    ObjectNode st = sts.addObject();
    st.put("Sid", sid);
    st.put("Effect", "Allow");
    PolicyDocuments.strings(st.putArray("Action"), actions);
    if (resources.size() == 1) {
      st.put("Resource", resources.get(0));
    } else {
      PolicyDocuments.strings(st.putArray("Resource"), resources);
    }
    if (!condition.isEmpty()) {
      ObjectNode cond = st.putObject("Condition");
      condition.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              op -> {
                ObjectNode keys = cond.putObject(op.getKey());
                op.getValue().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(
                        k -> keys.set(k.getKey(), PolicyDocuments.JSON.valueToTree(k.getValue())));
              });
    }
  }
}
