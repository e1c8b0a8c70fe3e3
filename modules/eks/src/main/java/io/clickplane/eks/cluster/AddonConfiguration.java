package io.clickplane.eks.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code configurationValues} documents of the EKS add-ons, as pure functions. */
public final class AddonConfiguration {
  /** Prefixes (/28 blocks) each node keeps warm beyond what its pods use. */
  public static final int WARM_PREFIX_TARGET = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private AddonConfiguration() {}

  /**
   * The VPC CNI: prefix delegation (a /28 per slot, so a node runs many more pods), a warm prefix
   * target, and the network-policy agent that enforces Kubernetes NetworkPolicies (the tenant
   * isolation the rendered manifests rely on).
   */
  public static String vpcCni() {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("enableNetworkPolicy", "true");
    ObjectNode env = doc.putObject("env");
    env.put("ENABLE_PREFIX_DELEGATION", "true");
    env.put("WARM_PREFIX_TARGET", Integer.toString(WARM_PREFIX_TARGET));
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The EBS CSI driver: its volume modifier ({@code volume-modifier-for-k8s} sidecar), which
   * applies the {@code ebs.csi.aws.com/iops} and {@code /throughput} annotations of a claim to its
   * EBS volume through {@code ec2:ModifyVolume} when the claim is created and whenever the
   * annotations change (kubernetes-sigs/aws-ebs-csi-driver docs/modify-volume.md; the add-on's
   * {@code controller.volumeModificationFeature.enabled}). VolumeAttributesClass, the other
   * mechanism the driver offers, needs a beta API and feature gates before Kubernetes 1.34, beyond
   * the EKS versions a stack may choose.
   */
  public static String ebsCsiDriver() {
    ObjectNode doc = JSON.createObjectNode();
    doc.putObject("controller").putObject("volumeModificationFeature").put("enabled", true);
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
