package io.clickplane.core.spec;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The add-on versions a cluster gets when the stack file pins none: one row per supported EKS
 * Kubernetes version, because EKS only installs add-on versions built for the cluster's version
 * (kube-proxy must be of the cluster's own minor version).
 *
 * <p>Sources, the tables of the latest Amazon EKS add-on type per Kubernetes version in the Amazon
 * EKS User Guide:
 *
 * <ul>
 *   <li>kube-proxy: "Manage kube-proxy in Amazon EKS clusters", kube-proxy versions
 *       (docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html);
 *   <li>CoreDNS: "Manage CoreDNS for DNS in Amazon EKS clusters", CoreDNS versions
 *       (docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html);
 *   <li>Amazon VPC CNI: "Assign IPs to Pods with the Amazon VPC CNI", one version for every
 *       Kubernetes version (docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html);
 *   <li>EBS CSI driver: the guide has no per-version table for it (a driver release supports a
 *       range of Kubernetes versions); the release pinned before serves every row, checked against
 *       no AWS table: pin {@code eks.addons.ebsCsiDriver} if EKS refuses it for a version.
 * </ul>
 *
 * <p>The 1.31 row keeps the versions clickplane pinned before this table existed, so clusters
 * created with them see no add-on change.
 */
public final class EksAddons {
  private static final String VPC_CNI = "v1.19.5-eksbuild.1";
  private static final String EBS_CSI = "v1.44.0-eksbuild.1";

  private static final Map<String, AddonVersions> DEFAULTS = new TreeMap<>();

  static {
    // kube-proxy: managing-kube-proxy.html; CoreDNS: managing-coredns.html (v1.11.4 serves 1.29 to
    // 1.32, v1.12.4 serves 1.33).
    DEFAULTS.put(
        "1.29", new AddonVersions(VPC_CNI, EBS_CSI, "v1.11.4-eksbuild.24", "v1.29.15-eksbuild.16"));
    DEFAULTS.put(
        "1.30", new AddonVersions(VPC_CNI, EBS_CSI, "v1.11.4-eksbuild.24", "v1.30.14-eksbuild.8"));
    DEFAULTS.put(
        "1.31", new AddonVersions(VPC_CNI, EBS_CSI, "v1.11.4-eksbuild.14", "v1.31.7-eksbuild.7"));
    DEFAULTS.put(
        "1.32", new AddonVersions(VPC_CNI, EBS_CSI, "v1.11.4-eksbuild.24", "v1.32.9-eksbuild.2"));
    DEFAULTS.put(
        "1.33", new AddonVersions(VPC_CNI, EBS_CSI, "v1.12.4-eksbuild.1", "v1.33.5-eksbuild.2"));
  }

  private EksAddons() {}

  /**
   * The default add-on versions for cluster version {@code version} ({@code "1.N"}).
   *
   * @throws IllegalArgumentException for a version outside the table
   */
  public static AddonVersions defaultsFor(String version) {
    AddonVersions a = DEFAULTS.get(version);
    if (a == null) {
      throw new IllegalArgumentException(
          "no add-on defaults for EKS " + version + "; have " + DEFAULTS.keySet());
    }
    return a;
  }

  /** The cluster versions the table covers. */
  public static Set<String> supportedVersions() {
    return DEFAULTS.keySet();
  }

  /** The Kubernetes minor version a kube-proxy add-on version is built for ({@code "1.30"}). */
  public static String kubeProxyMinor(String kubeProxyVersion) {
    String v = kubeProxyVersion.startsWith("v") ? kubeProxyVersion.substring(1) : kubeProxyVersion;
    String[] parts = v.split("\\.", 3);
    return parts.length < 2 ? v : parts[0] + "." + parts[1];
  }
}
