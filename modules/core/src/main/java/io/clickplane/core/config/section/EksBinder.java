package io.clickplane.core.config.section;

import io.clickplane.core.config.ListLimits;
import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.AddonVersions;
import io.clickplane.core.spec.EksAddons;
import io.clickplane.core.spec.EksSpec;
import io.clickplane.core.spec.NodeGroupSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code clickplane:eks}: the cluster, its add-ons and its node groups. */
public final class EksBinder implements SectionBinder<EksSpec> {
  public static final EksBinder BINDER = new EksBinder();

  public static final String DEFAULT_EKS_VERSION = "1.31";

  /** The add-on defaults of {@link #DEFAULT_EKS_VERSION}; other versions: {@link EksAddons}. */
  public static final AddonVersions DEFAULT_ADDONS = EksAddons.defaultsFor(DEFAULT_EKS_VERSION);

  private static final String PER_VERSION = "per `version`, table below";
  private static final String ADDON_VERSION = "`vX.Y.Z-eksbuild.N`";

  static final Key<String> VERSION =
      Key.string("version", DEFAULT_EKS_VERSION, Rules::eksVersion)
          .doc(
              "string `\"1.N\"`, 1.29..1.33",
              "Kubernetes version. Quote it: `1.30` unquoted is the number 1.3.")
          .writes(EksSpec::version);
  static final Key<List<String>> PUBLIC_ACCESS_CIDRS =
      Key.strings("publicAccessCidrs", List.of("0.0.0.0/0"), v -> Rules.cidr(v, 0, 32))
          .doc("list of CIDRs", "Who may reach the public API endpoint. Restrict it in production.")
          .writes(EksSpec::publicAccessCidrs);
  static final Key<String> VPC_CNI =
      Key.<String>bound("vpcCni")
          .defaultDoc(PER_VERSION)
          .doc(ADDON_VERSION, "Amazon VPC CNI add-on version.")
          .writes(AddonVersions::vpcCni);
  static final Key<String> EBS_CSI_DRIVER =
      Key.<String>bound("ebsCsiDriver")
          .defaultDoc(PER_VERSION)
          .doc(ADDON_VERSION, "EBS CSI driver add-on version.")
          .writes(AddonVersions::ebsCsiDriver);
  static final Key<String> CORE_DNS =
      Key.<String>bound("coreDns")
          .defaultDoc(PER_VERSION)
          .doc(ADDON_VERSION, "CoreDNS add-on version.")
          .writes(AddonVersions::coreDns);
  static final Key<String> KUBE_PROXY =
      Key.<String>bound("kubeProxy")
          .defaultDoc(PER_VERSION)
          .doc(ADDON_VERSION + ", of the cluster's minor version", "kube-proxy add-on version.")
          .writes(AddonVersions::kubeProxy);
  static final Key<AddonVersions> ADDONS =
      Key.<AddonVersions>nested(
              "addons", KeyTable.of("addons", VPC_CNI, EBS_CSI_DRIVER, CORE_DNS, KUBE_PROXY))
          .writes(EksSpec::addons);
  static final Key<List<NodeGroupSpec>> NODE_GROUPS =
      Key.<List<NodeGroupSpec>>table("nodeGroups", NodeGroupBinder.TABLE)
          .defaultDoc("required")
          .doc("list, at least one", "Managed node groups (below).")
          .writes(EksSpec::nodeGroups);

  static final Key<EksSpec> EKS =
      Key.<EksSpec>table(
              Sections.NS + "eks",
              KeyTable.of("clickplane:eks", VERSION, PUBLIC_ACCESS_CIDRS, ADDONS, NODE_GROUPS))
          .defaultDoc("required (`nodeGroups`)")
          .doc("map", "The EKS cluster.")
          .writes(PlatformSpec::eks);

  private EksBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(EKS);
  }

  @Override
  public EksSpec bind(Section section, Bound earlier) {
    Fields o = section.map(EKS);
    String version = VERSION.read(o);
    List<String> cidrs = PUBLIC_ACCESS_CIDRS.read(o);
    if (cidrs != null) {
      ListLimits.check(
              cidrs.size(), ListLimits.PUBLIC_ACCESS_CIDRS, "EKS accepts at most 40 CIDR blocks")
          .ifPresent(m -> o.problem(o.path(PUBLIC_ACCESS_CIDRS.name()), m));
    }
    AddonVersions addons = addons(o, version);
    List<Fields> groupFields = o.objects(NODE_GROUPS.name(), true, NODE_GROUPS.table());
    if (groupFields != null && groupFields.size() > ListLimits.NODE_GROUPS) {
      o.problem(
          o.path(NODE_GROUPS.name()),
          ListLimits.check(
                  groupFields.size(),
                  ListLimits.NODE_GROUPS,
                  "EKS allows 30 managed node groups per cluster")
              .orElseThrow());
      groupFields = null;
    }
    if (groupFields != null && groupFields.isEmpty() && o.has(NODE_GROUPS.name())) {
      o.problem(o.path(NODE_GROUPS.name()), "must list at least one node group");
    }
    List<NodeGroupSpec> groups = nodeGroups(groupFields == null ? List.of() : groupFields);
    return section.ok() ? new EksSpec(version, cidrs, addons, groups) : null;
  }

  /**
   * Add-ons follow the cluster version; an invalid version is reported by its key, and the add-ons
   * are checked against the default version meanwhile.
   */
  private static AddonVersions addons(Fields eks, String version) {
    String clusterVersion =
        version != null && EksAddons.supportedVersions().contains(version)
            ? version
            : DEFAULT_EKS_VERSION;
    AddonVersions defaults = EksAddons.defaultsFor(clusterVersion);
    Fields a = eks.object(ADDONS.name(), ADDONS.table());
    String vpcCni = a.string(VPC_CNI.name(), defaults.vpcCni(), Rules::addonVersion);
    String ebs = a.string(EBS_CSI_DRIVER.name(), defaults.ebsCsiDriver(), Rules::addonVersion);
    String coreDns = a.string(CORE_DNS.name(), defaults.coreDns(), Rules::addonVersion);
    String kubeProxy =
        a.string(
            KUBE_PROXY.name(),
            defaults.kubeProxy(),
            v ->
                Rules.addonVersion(v)
                    .or(
                        () ->
                            version == null || EksAddons.kubeProxyMinor(v).equals(version)
                                ? Optional.empty()
                                : Optional.of(
                                    "must be a kube-proxy of the cluster's Kubernetes minor version "
                                        + version
                                        + " (EKS refuses another), e.g. "
                                        + defaults.kubeProxy()
                                        + ", or leave it out to get that default (got \""
                                        + v
                                        + "\")")));
    return a.ok() ? new AddonVersions(vpcCni, ebs, coreDns, kubeProxy) : null;
  }

  /**
   * The node groups that bind; a group that does not is left out (its problems are reported), so
   * the capacity checks still see the others.
   */
  private static List<NodeGroupSpec> nodeGroups(List<Fields> groupFields) {
    NodeGroupBinder binder = new NodeGroupBinder();
    List<NodeGroupSpec> groups = new ArrayList<>();
    for (Fields g : groupFields) {
      NodeGroupSpec group = binder.bind(g);
      if (group != null) {
        groups.add(group);
      }
    }
    return groups;
  }
}
