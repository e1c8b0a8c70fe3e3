package io.clickplane.core.config.section;

import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.NodeGroupSpec;
import java.util.HashMap;
import java.util.Map;

/** One item of {@code clickplane:eks.nodeGroups}, checked against the groups before it. */
final class NodeGroupBinder {
  static final Key<String> NAME =
      Key.string("name", null, Rules::dnsLabel)
          .doc("DNS-1123 label, unique", "Node group name.")
          .writes(NodeGroupSpec::name);
  static final Key<String> INSTANCE_TYPE =
      Key.string("instanceType", null, Rules::instanceType)
          .doc(
              "EC2 instance type from the capacity catalogue",
              "e.g. `m6i.2xlarge`: m6i, m7i, r6i, r7i, c6i, c7i, m6g, m7g, r6g, r7g, c6g or c7g,"
                  + " `large` to `8xlarge` ([capacity.md](capacity.md)).")
          .writes(NodeGroupSpec::instanceType);
  static final Key<Integer> MIN =
      Key.integer("min", 1, 0, 1000)
          .doc("integer 0..1000", "Minimum size; must not exceed `max`.")
          .writes(NodeGroupSpec::min);
  static final Key<Integer> MAX =
      Key.integer("max", 3, 1, 1000)
          .doc("integer 1..1000", "Maximum size.")
          .writes(NodeGroupSpec::max);
  static final Key<Integer> DESIRED =
      Key.<Integer>bound("desired")
          .defaultDoc("`min`")
          .doc("integer, `min`..`max`", "Size `pulumi up` sets.")
          .writes(NodeGroupSpec::desired);
  static final Key<Integer> DISK_SIZE =
      Key.integer("diskSize", 100, 20, 16384)
          .doc("integer GiB 20..16384", "Root volume size.")
          .writes(NodeGroupSpec::diskSize);
  static final Key<Boolean> DEDICATED =
      Key.bool("dedicated", false)
          .doc(
              "boolean",
              "Taint the group's nodes `clickplane.io/node-role=clickhouse:NoSchedule`."
                  + " ClickHouse runs on Karpenter's ClickHouse pool, so such a group holds no"
                  + " pod: leave it out. At most one group may be dedicated.")
          .writes(NodeGroupSpec::dedicated);

  static final KeyTable TABLE =
      KeyTable.of(
          "clickplane:eks.nodeGroups[]",
          NAME,
          INSTANCE_TYPE,
          MIN,
          MAX,
          DESIRED,
          DISK_SIZE,
          DEDICATED);

  private final Map<String, String> seen = new HashMap<>();
  private String dedicatedAt;

  /** The group, or null when it does not bind. */
  NodeGroupSpec bind(Fields g) {
    String name = NAME.read(g);
    String type = INSTANCE_TYPE.read(g);
    Integer min = MIN.read(g);
    Integer max = MAX.read(g);
    Integer desired = g.integer(DESIRED.name(), min == null ? 0 : min, 0, 1000);
    Integer diskSize = DISK_SIZE.read(g);
    Boolean dedicated = DEDICATED.read(g);
    if (name != null && seen.putIfAbsent(name, g.path()) != null) {
      g.problem(
          g.path("name"),
          "duplicate node group name \"" + name + "\" (also at " + seen.get(name) + ")");
    }
    if (min != null && max != null && min > max) {
      g.problem(g.path("min"), "must not exceed max (got min " + min + ", max " + max + ")");
    }
    if (min != null && max != null && desired != null && min <= max) {
      if (desired < min || desired > max) {
        g.problem(
            g.path("desired"),
            "must be between min and max (" + min + ".." + max + ", got " + desired + ")");
      }
    }
    if (Boolean.TRUE.equals(dedicated)) {
      if (dedicatedAt != null) {
        g.problem(
            g.path("dedicated"),
            "only one node group may be dedicated to ClickHouse (already " + dedicatedAt + ")");
      }
      dedicatedAt = g.path();
    }
    return g.ok() ? new NodeGroupSpec(name, type, min, max, desired, diskSize, dedicated) : null;
  }
}
