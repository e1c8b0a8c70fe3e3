package io.clickplane.clickhouse;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.plans.NodePools;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.List;
import java.util.Map;

/** Where pods of a service may run, and the restricted security context they all run with. */
final class PodPlacement {
  static final String HOSTNAME_KEY = "kubernetes.io/hostname";
  static final String ZONE_KEY = "topology.kubernetes.io/zone";

  private PodPlacement() {}

  /**
   * On a node of the service's plan from the Karpenter ClickHouse pool of the service's maintenance
   * window ({@link NodePools#clickhouse}): the pool's node selector, a toleration of its taint, and
   * a required node affinity on the plan's instance types (Karpenter launches a node satisfying it;
   * the pod's requests fill that node). The pool's budgets let Karpenter disrupt the node only
   * while the window is open. Merged into the pod's affinity, which must be set first.
   */
  static void onPlanNodes(PodSpec pod, ServiceContext ctx) {
    pod.setNodeSelector(
        new java.util.TreeMap<>(
            Map.of(
                Naming.DEDICATED_NODE_LABEL,
                Naming.DEDICATED_NODE_VALUE,
                NodePools.NODEPOOL_LABEL,
                NodePools.clickhouse(ctx.service().upgrade().window()))));
    Toleration toleration = new Toleration();
    toleration.setKey(Naming.DEDICATED_NODE_LABEL);
    toleration.setOperator("Equal");
    toleration.setValue(Naming.DEDICATED_NODE_VALUE);
    toleration.setEffect("NoSchedule");
    pod.setTolerations(List.of(toleration));
    ctx.plan()
        .ifPresent(
            sizing -> {
              NodeSelectorRequirement types = new NodeSelectorRequirement();
              types.setKey(NodePools.INSTANCE_TYPE_LABEL);
              types.setOperator("In");
              types.setValues(sizing.plan().instanceTypes());
              pod.getAffinity().setNodeAffinity(required(types));
            });
  }

  private static NodeAffinity required(NodeSelectorRequirement requirement) {
    NodeSelectorTerm term = new NodeSelectorTerm();
    term.setMatchExpressions(List.of(requirement));
    NodeSelector selector = new NodeSelector();
    selector.setNodeSelectorTerms(List.of(term));
    NodeAffinity nodeAffinity = new NodeAffinity();
    nodeAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(selector);
    return nodeAffinity;
  }

  /**
   * Karpenter's annotation on coordinator pods (ZooKeeper, Keeper): it never consolidates, or
   * replaces for drift, a node running one (kubernetes-sigs/karpenter v1.14.1 {@code
   * pkg/apis/v1/labels.go}, {@code DoNotDisruptAnnotationKey}; {@code
   * pkg/controllers/state/statenode.go}, {@code ValidatePodsDisruptable}, at any time and whatever
   * the budgets, as no NodePool sets {@code terminationGracePeriod}); their pods move only when a
   * person drains the node, within their PodDisruptionBudgets. ClickHouse pods do not carry it: it
   * would also block their window pool's disruptions while the window is open.
   */
  static final Map<String, String> NOT_EVICTABLE = Map.of(NodePools.DO_NOT_DISRUPT, "true");

  /** Pods matching {@code matchLabels} in the same namespace never share a node. */
  static Affinity onePerNode(Map<String, String> matchLabels) {
    return onePerNode(matchLabels, false);
  }

  /**
   * Pods matching {@code matchLabels} never share a node; with {@code allNamespaces} the rule holds
   * across every namespace (an empty {@code namespaceSelector}), not only the pod's own.
   */
  static Affinity onePerNode(Map<String, String> matchLabels, boolean allNamespaces) {
    PodAffinityTerm term = new PodAffinityTerm();
    term.setLabelSelector(Manifests.matching(matchLabels));
    if (allNamespaces) {
      term.setNamespaceSelector(new LabelSelector());
    }
    term.setTopologyKey(HOSTNAME_KEY);
    PodAntiAffinity antiAffinity = new PodAntiAffinity();
    antiAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(List.of(term));
    Affinity affinity = new Affinity();
    affinity.setPodAntiAffinity(antiAffinity);
    return affinity;
  }

  /**
   * Coordinator members (ZooKeeper, Keeper): members of one ensemble on distinct nodes, and
   * explicitly off the ClickHouse pool's nodes: they run on the managed node group or the platform
   * pool, where the capacity model counts them (docs/capacity.md).
   */
  static Affinity coordinator(Map<String, String> matchLabels, ServiceContext ctx) {
    Affinity affinity = onePerNode(matchLabels);
    NodeSelectorRequirement off = new NodeSelectorRequirement();
    off.setKey(Naming.DEDICATED_NODE_LABEL);
    off.setOperator("DoesNotExist");
    affinity.setNodeAffinity(required(off));
    return affinity;
  }

  /**
   * Pods matching {@code matchLabels}, grouped by the values of {@code groupBy} label keys, spread
   * over availability zones with a skew of at most one.
   */
  static TopologySpreadConstraint acrossZones(
      Map<String, String> matchLabels, List<String> groupBy) {
    TopologySpreadConstraint constraint = new TopologySpreadConstraint();
    constraint.setMaxSkew(1);
    constraint.setTopologyKey(ZONE_KEY);
    constraint.setWhenUnsatisfiable("DoNotSchedule");
    constraint.setLabelSelector(Manifests.matching(matchLabels));
    constraint.setMatchLabelKeys(groupBy);
    return constraint;
  }

  /** Non-root, RuntimeDefault seccomp, volumes owned by {@code uid}'s group. */
  static PodSecurityContext podSecurity(long uid) {
    PodSecurityContext security = new PodSecurityContext();
    security.setRunAsNonRoot(true);
    security.setRunAsUser(uid);
    security.setRunAsGroup(uid);
    security.setFsGroup(uid);
    security.setFsGroupChangePolicy("OnRootMismatch");
    security.setSeccompProfile(runtimeDefault());
    return security;
  }

  /** No privilege escalation, no capabilities, RuntimeDefault seccomp. */
  static SecurityContext containerSecurity() {
    SecurityContext security = new SecurityContext();
    security.setAllowPrivilegeEscalation(false);
    security.setRunAsNonRoot(true);
    security.setCapabilities(new Capabilities(null, List.of("ALL")));
    security.setSeccompProfile(runtimeDefault());
    return security;
  }

  private static SeccompProfile runtimeDefault() {
    SeccompProfile profile = new SeccompProfile();
    profile.setType("RuntimeDefault");
    return profile;
  }
}
