package io.clickplane.eks.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A kubeconfig (JSON, which kubectl reads as YAML) for an EKS cluster that authenticates with
 * {@code aws eks get-token}: it holds no credential of its own, only the caller's AWS identity is
 * used, which must have an access entry on the cluster.
 */
public final class Kubeconfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Kubeconfig() {}

  public static String render(
      String clusterName, String endpoint, String certificateAuthorityData, String region) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("apiVersion", "v1");
    doc.put("kind", "Config");
    ObjectNode cluster = doc.putArray("clusters").addObject();
    cluster.put("name", clusterName);
    cluster
        .putObject("cluster")
        .put("server", endpoint)
        .put("certificate-authority-data", certificateAuthorityData);
    ObjectNode context = doc.putArray("contexts").addObject();
    context.put("name", clusterName);
    context.putObject("context").put("cluster", clusterName).put("user", clusterName);
    doc.put("current-context", clusterName);
    ObjectNode exec =
        doc.putArray("users")
            .addObject()
            .put("name", clusterName)
            .putObject("user")
            .putObject("exec");
    exec.put("apiVersion", "client.authentication.k8s.io/v1beta1");
    exec.put("command", "aws");
    exec.putArray("args")
        .add("--region")
        .add(region)
        .add("eks")
        .add("get-token")
        .add("--cluster-name")
        .add(clusterName)
        .add("--output")
        .add("json");
    exec.put("interactiveMode", "Never");
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
