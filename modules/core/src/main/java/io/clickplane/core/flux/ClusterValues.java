package io.clickplane.core.flux;

/**
 * Values only {@code pulumi up} knows (ARNs that contain the AWS account id) that rendered
 * manifests still need. Pulumi writes them into one ConfigMap in the Flux namespace; the
 * controllers' and the tenants' Flux Kustomizations substitute {@code ${name}} references with them
 * when they apply the manifests (Flux {@code postBuild.substituteFrom}; for the tenants, the
 * organisations' own files, not their services). Rendering stays offline and pure.
 */
public final class ClusterValues {
  private ClusterValues() {}

  /** The ConfigMap (in {@code flux-system}) holding the values. */
  public static final String CONFIG_MAP = "clickplane-cluster-values";

  /** IAM role cert-manager's ServiceAccount assumes (Route 53 DNS-01 challenges). */
  public static final String CERT_MANAGER_ROLE_ARN = "clickplane_cert_manager_role_arn";

  /** IAM role ExternalDNS's ServiceAccount assumes (the endpoints' records). */
  public static final String EXTERNAL_DNS_ROLE_ARN = "clickplane_external_dns_role_arn";

  /**
   * The AWS account id, e.g. in the ARN of an organisation's backup role on the ServiceAccount its
   * ClickHouse pods run as.
   */
  public static final String AWS_ACCOUNT_ID = "clickplane_aws_account_id";

  /** The text a manifest carries where Flux puts the value of {@code key}. */
  public static String reference(String key) {
    return "${" + key + "}";
  }
}
