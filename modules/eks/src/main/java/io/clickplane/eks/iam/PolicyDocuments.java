package io.clickplane.eks.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** IAM policy documents of the cluster, as pure functions of names and ARNs. */
public final class PolicyDocuments {
  /** The audience every IRSA token carries. */
  public static final String STS_AUDIENCE = "sts.amazonaws.com";

  static final ObjectMapper JSON = new ObjectMapper();

  private PolicyDocuments() {}

  /** Trust policy letting an AWS service (e.g. {@code eks.amazonaws.com}) assume a role. */
  public static String serviceTrust(String servicePrincipal) {
    ObjectNode doc = document();
    ObjectNode st = doc.putArray("Statement").addObject();
    st.put("Effect", "Allow");
    st.putObject("Principal").put("Service", servicePrincipal);
    st.put("Action", "sts:AssumeRole");
    return write(doc);
  }

  /**
   * IRSA trust policy: only tokens the cluster's OIDC issuer signed for exactly {@code
   * system:serviceaccount:<namespace>:<serviceAccount>}, with the STS audience, may assume the
   * role.
   *
   * @param oidcProviderArn ARN of the IAM OIDC provider of the cluster
   * @param issuerUrl the cluster's issuer URL, with or without {@code https://}
   */
  public static String irsaTrust(
      String oidcProviderArn, String issuerUrl, String namespace, String serviceAccount) {
    String issuer = issuerUrl.replaceFirst("^https://", "");
    ObjectNode doc = document();
    ObjectNode st = doc.putArray("Statement").addObject();
    st.put("Effect", "Allow");
    st.putObject("Principal").put("Federated", oidcProviderArn);
    st.put("Action", "sts:AssumeRoleWithWebIdentity");
    ObjectNode equals = st.putObject("Condition").putObject("StringEquals");
    equals.put(issuer + ":sub", subject(namespace, serviceAccount));
    equals.put(issuer + ":aud", STS_AUDIENCE);
    return write(doc);
  }

  /** The token subject of a ServiceAccount. */
  public static String subject(String namespace, String serviceAccount) {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /** What the cluster role needs to encrypt Kubernetes secrets with the cluster's KMS key. */
  public static String clusterEncryption(String keyArn) {
    ObjectNode doc = document();
    ObjectNode st = doc.putArray("Statement").addObject();
    st.put("Sid", "EncryptKubernetesSecrets");
    st.put("Effect", "Allow");
    strings(
        st.putArray("Action"),
        List.of("kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"));
    st.put("Resource", keyArn);
    return write(doc);
  }

  static ObjectNode document() {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("Version", "2012-10-17");
    return doc;
  }

  static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  static String write(ObjectNode doc) {
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a policy document", e);
    }
  }
}
