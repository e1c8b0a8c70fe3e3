package io.clickplane.clickhouse.nodes;

import io.clickplane.core.capacity.InstanceType;
import io.clickplane.core.capacity.InstanceTypes;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.plans.NodePools;
import io.clickplane.core.plans.PlanSizing;
import io.clickplane.core.plans.ServicePlan;
import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Karpenter's EC2NodeClasses and NodePools in the Flux tree, so a change of the nodes is reviewed
 * in a pull request like everything else ({@code infrastructure/<env>/configs/karpenter/}).
 *
 * <ul>
 *   <li>{@code clickhouse-<window>} ({@link NodePools#clickhouse}): one pool per maintenance window
 *       the services use, each with every instance type of the stack's plans, on-demand, tainted
 *       {@link Naming#DEDICATED_NODE_LABEL}={@link Naming#DEDICATED_NODE_VALUE}, on the one {@code
 *       clickhouse} EC2NodeClass (kubelet {@code maxPods} {@link
 *       PlanSizing#CLICKHOUSE_NODE_MAX_PODS}, the figure the plans are sized with). A service's
 *       ClickHouse pods select its window's pool, so its nodes follow its window: the pool's
 *       disruption budgets ({@link WindowBudgets}) let Karpenter replace a drifted node, or
 *       consolidate one, only while the window is open. Nodes never expire ({@code expireAfter:
 *       Never}: expiry is forceful in Karpenter v1 and ignores budgets); consolidation only removes
 *       empty nodes.
 *   <li>{@code platform}: coordinator members and the platform's controllers, {@link
 *       NodePools#PLATFORM_INSTANCE_TYPES}, on-demand. Consolidation repacks freely; the
 *       coordinator pods carry {@code karpenter.sh/do-not-disrupt}, so their nodes are left alone.
 * </ul>
 *
 * Semantics from kubernetes-sigs/karpenter v1.14.1 ({@code pkg/apis/v1/nodepool.go}: budgets,
 * reasons Underutilized, Empty, Drifted; {@code expireAfter}) and aws/karpenter-provider-aws
 * v1.14.1 ({@code pkg/apis/v1/ec2nodeclass.go}). The ClickHouse pools depend on the windows of
 * every organisation's services, so the files are rendered from the whole fleet ({@code fleetWide}
 * in the stacks' module table).
 */
public final class KarpenterNodePools {
  static final String NODE_CLASS_API = "karpenter.k8s.aws/v1";
  static final String NODE_POOL_API = "karpenter.sh/v1";

  /** The AMI family and version every node runs: Amazon Linux 2023, the EKS-optimised AMI. */
  static final String AMI_ALIAS = "al2023@latest";

  /** The annotation on a ClickHouse pool that states its window in the stack file's form. */
  public static final String WINDOW_ANNOTATION = "clickplane.io/maintenance-window";

  private KarpenterNodePools() {}

  /** {@code infrastructure/<env>/configs/karpenter}. */
  public static String directory(String environment) {
    return FluxPaths.configs(environment) + "/karpenter";
  }

  public static ManifestSet render(PlatformSpec spec) {
    String dir = FluxPaths.configs(spec) + "/karpenter/";
    ManifestSet.Builder tree = ManifestSet.builder();
    List<String> chTypes = clickhouseInstanceTypes(spec);
    tree.add(
        dir + "ec2nodeclass-clickhouse.yaml",
        Yaml.write(nodeClass(spec, NodePools.CLICKHOUSE, PlanSizing.CLICKHOUSE_NODE_MAX_PODS)));
    tree.add(
        dir + "ec2nodeclass-platform.yaml",
        Yaml.write(nodeClass(spec, NodePools.PLATFORM, NodePools.PLATFORM_NODE_MAX_PODS)));
    for (MaintenanceWindow window : windows(spec)) {
      tree.add(
          dir + "nodepool-" + NodePools.clickhouse(window) + ".yaml",
          Yaml.write(clickhousePool(spec, chTypes, window)));
    }
    tree.add(dir + "nodepool-platform.yaml", Yaml.write(platformPool(spec)));
    return tree.build();
  }

  /**
   * The maintenance windows of the stack's services (each service's resolved window), one each, in
   * the order of their pool names.
   */
  public static List<MaintenanceWindow> windows(PlatformSpec spec) {
    Map<String, MaintenanceWindow> byPool = new TreeMap<>();
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        MaintenanceWindow w = service.upgrade().window();
        byPool.putIfAbsent(NodePools.clickhouse(w), w);
      }
    }
    return List.copyOf(byPool.values());
  }

  /** Every instance type of the stack's plans whose type the catalogue knows, sorted. */
  public static List<String> clickhouseInstanceTypes(PlatformSpec spec) {
    TreeSet<String> types = new TreeSet<>();
    for (ServicePlan plan : spec.eks().planCatalogue().plans()) {
      for (String t : plan.instanceTypes()) {
        if (InstanceTypes.find(t).isPresent()) {
          types.add(t);
        }
      }
    }
    return List.copyOf(types);
  }

  static Map<String, Object> nodeClass(PlatformSpec spec, String name, int maxPods) {
    String cluster = Naming.cluster(spec);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("role", Naming.karpenterNodeRole(spec));
    s.put("amiSelectorTerms", List.of(Map.of("alias", AMI_ALIAS)));
    s.put("subnetSelectorTerms", List.of(Map.of("tags", Map.of(NodePools.DISCOVERY_TAG, cluster))));
    s.put(
        "securityGroupSelectorTerms",
        List.of(Map.of("tags", Map.of(NodePools.DISCOVERY_TAG, cluster))));
    s.put("kubelet", Map.of("maxPods", maxPods));
    s.put(
        "blockDeviceMappings",
        List.of(
            Map.of(
                "deviceName",
                "/dev/xvda",
                "ebs",
                Map.of(
                    "volumeSize",
                    "100Gi",
                    "volumeType",
                    "gp3",
                    "encrypted",
                    true,
                    "deleteOnTermination",
                    true))));
    s.put(
        "metadataOptions",
        Map.of(
            "httpEndpoint", "enabled",
            "httpTokens", "required",
            "httpPutResponseHopLimit", 1));
    Map<String, String> tags = new TreeMap<>(labels(spec));
    tags.put("Name", Naming.clusterPrefix(spec) + "-" + name);
    s.put("tags", tags);
    return resource(NODE_CLASS_API, "EC2NodeClass", name, spec, s);
  }

  static Map<String, Object> clickhousePool(
      PlatformSpec spec, List<String> types, MaintenanceWindow window) {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put(
        "metadata",
        Map.of("labels", Map.of(Naming.DEDICATED_NODE_LABEL, Naming.DEDICATED_NODE_VALUE)));
    Map<String, Object> ts = new LinkedHashMap<>();
    ts.put("nodeClassRef", nodeClassRef(NodePools.CLICKHOUSE));
    ts.put(
        "taints",
        List.of(
            Map.of(
                "key", Naming.DEDICATED_NODE_LABEL,
                "value", Naming.DEDICATED_NODE_VALUE,
                "effect", "NoSchedule")));
    ts.put("requirements", requirements(types));
    ts.put("expireAfter", "Never");
    template.put("spec", ts);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("template", template);
    Map<String, Object> disruption = new LinkedHashMap<>();
    disruption.put("consolidationPolicy", "WhenEmpty");
    disruption.put("consolidateAfter", "10m");
    disruption.put("budgets", WindowBudgets.of(window));
    s.put("disruption", disruption);
    Map<String, Object> pool =
        resource(NODE_POOL_API, "NodePool", NodePools.clickhouse(window), spec, s);
    pool.put(
        "metadata",
        Map.of(
            "name",
            NodePools.clickhouse(window),
            "labels",
            new TreeMap<>(labels(spec)),
            "annotations",
            Map.of(WINDOW_ANNOTATION, window.toString())));
    return pool;
  }

  static Map<String, Object> platformPool(PlatformSpec spec) {
    Map<String, Object> ts = new LinkedHashMap<>();
    ts.put("nodeClassRef", nodeClassRef(NodePools.PLATFORM));
    ts.put("requirements", requirements(NodePools.PLATFORM_INSTANCE_TYPES));
    ts.put("expireAfter", "Never");
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("template", Map.of("spec", ts));
    Map<String, Object> disruption = new LinkedHashMap<>();
    disruption.put("consolidationPolicy", "WhenEmptyOrUnderutilized");
    disruption.put("consolidateAfter", "5m");
    disruption.put("budgets", List.of(Map.of("nodes", "20%")));
    s.put("disruption", disruption);
    return resource(NODE_POOL_API, "NodePool", NodePools.PLATFORM, spec, s);
  }

  private static List<Map<String, Object>> requirements(List<String> types) {
    TreeSet<String> arch = new TreeSet<>();
    for (String t : types) {
      InstanceTypes.find(t)
          .map(InstanceType::architecture)
          .ifPresent(a -> arch.add(a.equals("arm64") ? "arm64" : "amd64"));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(requirement(NodePools.INSTANCE_TYPE_LABEL, List.copyOf(types)));
    out.add(requirement("karpenter.sh/capacity-type", List.of("on-demand")));
    out.add(requirement("kubernetes.io/arch", List.copyOf(arch)));
    out.add(requirement("kubernetes.io/os", List.of("linux")));
    return out;
  }

  private static Map<String, Object> requirement(String key, List<String> values) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("key", key);
    r.put("operator", "In");
    r.put("values", values);
    return r;
  }

  private static Map<String, Object> nodeClassRef(String name) {
    return Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", name);
  }

  private static Map<String, String> labels(PlatformSpec spec) {
    return Map.of(
        Naming.LABEL_ENVIRONMENT, spec.environment(), Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
  }

  private static Map<String, Object> resource(
      String apiVersion, String kind, String name, PlatformSpec spec, Map<String, Object> s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiVersion", apiVersion);
    m.put("kind", kind);
    m.put("metadata", Map.of("name", name, "labels", new TreeMap<>(labels(spec))));
    m.put("spec", s);
    return m;
  }
}
