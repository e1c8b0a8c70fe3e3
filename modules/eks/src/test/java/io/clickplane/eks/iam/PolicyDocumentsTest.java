package io.clickplane.eks.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.backup.aws.testing.PolicyEvaluator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {
  private static final String PROVIDER =
      "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";

  @Test
  void irsaTrustIsExactlyOneServiceAccountOfOneIssuer() {
    assertThat(
            PolicyDocuments.irsaTrust(
                PROVIDER,
                "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                "acme",
                "clickhouse-backup"))
        .isEqualTo(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Federated\":\""
                + PROVIDER
                + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\","
                + "\"Condition\":{\"StringEquals\":{"
                + "\"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub\":\"system:serviceaccount:acme:clickhouse-backup\","
                + "\"oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud\":\"sts.amazonaws.com\"}}}]}");
  }

  @Test
  void issuerWithoutSchemeGivesTheSameDocument() {
    assertThat(
            PolicyDocuments.irsaTrust(
                PROVIDER, "oidc.eks.eu-west-1.amazonaws.com/id/ABC", "acme", "sa"))
        .isEqualTo(
            PolicyDocuments.irsaTrust(
                PROVIDER, "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "acme", "sa"));
  }

  @Test
  void serviceTrustNamesTheService() {
    JsonNode st =
        PolicyEvaluator.statements(
                PolicyEvaluator.parse(PolicyDocuments.serviceTrust("eks.amazonaws.com")))
            .get(0);
    assertThat(st.at("/Principal/Service").asText()).isEqualTo("eks.amazonaws.com");
    assertThat(st.path("Action").asText()).isEqualTo("sts:AssumeRole");
  }

  @Test
  void clusterEncryptionIsLimitedToTheKey() {
    String key = "arn:aws:kms:eu-west-1:123456789012:key/k";
    JsonNode st =
        PolicyEvaluator.statements(PolicyEvaluator.parse(PolicyDocuments.clusterEncryption(key)))
            .get(0);
    assertThat(st.path("Resource").asText()).isEqualTo(key);
    assertThat(PolicyEvaluator.values(st.get("Action")))
        .containsExactly("kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey");
  }

  @Test
  void loadBalancerControllerPolicyMutatesOnlyWhatItTagged() {
    JsonNode doc = PolicyEvaluator.parse(LoadBalancerControllerPolicy.document());
    List<JsonNode> statements = PolicyEvaluator.statements(doc);
    assertThat(statements)
        .hasSizeGreaterThan(10)
        .allSatisfy(st -> assertThat(st.path("Effect").asText()).isEqualTo("Allow"));
    List<String> actions = new ArrayList<>();
    statements.forEach(st -> actions.addAll(PolicyEvaluator.values(st.get("Action"))));
    assertThat(actions)
        .doesNotContain("*", "s3:*", "iam:*", "ec2:*", "elasticloadbalancing:*")
        .noneMatch(a -> a.startsWith("s3:"))
        .contains(
            "elasticloadbalancing:CreateLoadBalancer",
            "ec2:DescribeSubnets",
            "elasticloadbalancing:RegisterTargets");
    for (String destructive :
        List.of(
            "elasticloadbalancing:DeleteLoadBalancer",
            "elasticloadbalancing:DeleteTargetGroup",
            "ec2:DeleteSecurityGroup")) {
      JsonNode st =
          statements.stream()
              .filter(s -> PolicyEvaluator.values(s.get("Action")).contains(destructive))
              .findFirst()
              .orElseThrow();
      assertThat(st.at("/Condition/Null/aws:ResourceTag~1elbv2.k8s.aws~1cluster").asText())
          .as(destructive)
          .isEqualTo("false");
    }
    JsonNode serviceLinked =
        statements.stream()
            .filter(
                s ->
                    PolicyEvaluator.values(s.get("Action")).contains("iam:CreateServiceLinkedRole"))
            .findFirst()
            .orElseThrow();
    assertThat(serviceLinked.at("/Condition/StringEquals/iam:AWSServiceName").asText())
        .isEqualTo("elasticloadbalancing.amazonaws.com");
  }

  @Test
  void documentsAreDeterministic() {
    assertThat(LoadBalancerControllerPolicy.document())
        .isEqualTo(LoadBalancerControllerPolicy.document());
  }
}
