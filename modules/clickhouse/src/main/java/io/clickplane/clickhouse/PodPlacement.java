package io.clickplane.clickhouse;

import io.clickplane.core.naming.Naming;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.List;
import java.util.Map;

/** Where pods of a service may run, and the restricted security context they all run with. */
final class PodPlacement {
  static final String HOSTNAME_KEY = "kubernetes.io/hostname";
  static final String ZONE_KEY = "topology.kubernetes.io/zone";

  private PodPlacement() {}

  /** Node selector of the dedicated ClickHouse node group; empty when the stack has none. */
  static Map<String, String> dedicatedNodeSelector(ServiceContext ctx) {
    return ctx.dedicatedNodes().isPresent()
        ? Map.of(Naming.DEDICATED_NODE_LABEL, Naming.DEDICATED_NODE_VALUE)
        : Map.of();
  }

  /** Toleration of the dedicated node group's taint; empty when the stack has none. */
  static List<Toleration> dedicatedNodeTolerations(ServiceContext ctx) {
    if (ctx.dedicatedNodes().isEmpty()) {
      return List.of();
    }
    return List.of(
        new TolerationBuilder()
            .withKey(Naming.DEDICATED_NODE_LABEL)
            .withOperator("Equal")
            .withValue(Naming.DEDICATED_NODE_VALUE)
            .withEffect("NoSchedule")
            .build());
  }

  /** Pods matching {@code selector} never share a node. */
  static Affinity onePerNode(LabelSelector selector) {
    return new AffinityBuilder()
        .withNewPodAntiAffinity()
        .addNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withLabelSelector(selector)
        .withTopologyKey(HOSTNAME_KEY)
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .build();
  }

  /**
   * Pods matching {@code selector}, grouped by the values of {@code groupBy} label keys, spread
   * over availability zones with a skew of at most one.
   */
  static TopologySpreadConstraint acrossZones(LabelSelector selector, List<String> groupBy) {
    return new TopologySpreadConstraintBuilder()
        .withMaxSkew(1)
        .withTopologyKey(ZONE_KEY)
        .withWhenUnsatisfiable("DoNotSchedule")
        .withLabelSelector(selector)
        .withMatchLabelKeys(groupBy)
        .build();
  }

  /** Non-root, RuntimeDefault seccomp, volumes owned by {@code uid}'s group. */
  static PodSecurityContext podSecurity(long uid) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withFsGroup(uid)
        .withFsGroupChangePolicy("OnRootMismatch")
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** No privilege escalation, no capabilities, RuntimeDefault seccomp. */
  static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withRunAsNonRoot(true)
        .withCapabilities(new Capabilities(null, List.of("ALL")))
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }
}
