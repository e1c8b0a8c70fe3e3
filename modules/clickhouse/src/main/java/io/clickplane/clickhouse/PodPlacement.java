package io.clickplane.clickhouse;

import io.clickplane.core.naming.Naming;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Capabilities;
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
   * On the dedicated ClickHouse node group when the stack has one: its node selector and a
   * toleration of its taint. Unchanged otherwise.
   */
  static void onDedicatedNodes(PodSpec pod, ServiceContext ctx) {
    if (ctx.dedicatedNodes().isEmpty()) {
      return;
    }
    pod.setNodeSelector(Map.of(Naming.DEDICATED_NODE_LABEL, Naming.DEDICATED_NODE_VALUE));
    Toleration toleration = new Toleration();
    toleration.setKey(Naming.DEDICATED_NODE_LABEL);
    toleration.setOperator("Equal");
    toleration.setValue(Naming.DEDICATED_NODE_VALUE);
    toleration.setEffect("NoSchedule");
    pod.setTolerations(List.of(toleration));
  }

  /** Pods matching {@code matchLabels} never share a node. */
  static Affinity onePerNode(Map<String, String> matchLabels) {
    PodAffinityTerm term = new PodAffinityTerm();
    term.setLabelSelector(Manifests.matching(matchLabels));
    term.setTopologyKey(HOSTNAME_KEY);
    PodAntiAffinity antiAffinity = new PodAntiAffinity();
    antiAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(List.of(term));
    Affinity affinity = new Affinity();
    affinity.setPodAntiAffinity(antiAffinity);
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
