package io.clickplane.core.config.section;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.ListLimits;
import io.clickplane.core.config.Rules;
import io.clickplane.core.naming.ClusterNames;
import io.clickplane.core.spec.AddonVersions;
import io.clickplane.core.spec.CellSpec;
import io.clickplane.core.spec.EksAddons;
import io.clickplane.core.spec.EksSpec;
import io.clickplane.core.spec.NetworkSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code clickplane:cells}: the environment's clusters. Each cell is one EKS cluster in its own VPC
 * with the environment's settings, except what its entry changes. Without the key the environment
 * is one cluster, as it always was (see docs/cells.md).
 */
public final class CellsBinder implements SectionBinder<List<CellSpec>> {
  public static final CellsBinder BINDER = new CellsBinder();

  /** Longest cell name: it is part of the cluster's and its AWS resources' names. */
  public static final int NAME_LIMIT = 20;

  /** Most cells an environment lists. */
  public static final int CELL_LIMIT = 50;

  private static final String INHERITED = "the environment's";

  static final Key<String> NAME =
      Key.<String>bound("name")
          .defaultDoc("required")
          .doc(
              "DNS-1123 label, ≤ " + NAME_LIMIT + " chars, unique",
              "The cell; its cluster, Pulumi stack (`<env>.<cell>`) and Flux directory"
                  + " (`clusters/<env>/<cell>`) are named after it.")
          .writes(CellSpec::name);
  static final Key<String> CIDR =
      Key.<String>bound("cidr")
          .defaultDoc(Key.code("clickplane:network.cidr") + " for the first cell")
          .doc(
              "IPv4 CIDR, /16 to /20",
              "The cell's VPC range; cells' ranges may not overlap, so every cell after the first"
                  + " names its own.")
          .writes(NetworkSpec::cidr);
  static final Key<Integer> AZS =
      Key.<Integer>bound("availabilityZones")
          .defaultDoc(INHERITED)
          .doc("integer 2..6", "Zones the cell's VPC uses.")
          .writes(NetworkSpec::availabilityZones);
  static final Key<Boolean> NAT_PER_ZONE =
      Key.<Boolean>bound("natGatewayPerZone")
          .defaultDoc(INHERITED)
          .doc("boolean", "One NAT gateway per zone, or one shared.")
          .writes(NetworkSpec::natGatewayPerZone);
  static final Key<NetworkSpec> NETWORK =
      Key.<NetworkSpec>nested("network", KeyTable.of("network", CIDR, AZS, NAT_PER_ZONE))
          .writes(CellSpec::network);
  static final Key<String> VERSION =
      Key.<String>bound("version")
          .defaultDoc(Key.code("clickplane:eks.version"))
          .doc(
              "string `\"1.N\"`, 1.29..1.33",
              "The cell's Kubernetes version (a cell may run ahead of the others); its add-ons"
                  + " take that version's defaults.")
          .writes((CellSpec c) -> c.eksVersion());
  static final Key<List<String>> PUBLIC_ACCESS_CIDRS =
      Key.<List<String>>bound("publicAccessCidrs")
          .defaultDoc(Key.code("clickplane:eks.publicAccessCidrs"))
          .doc("list of CIDRs", "Who may reach the cell's public API endpoint.")
          .writes((CellSpec c) -> c.publicAccessCidrs());
  static final Key<Boolean> ADOPTED =
      Key.<Boolean>bound("adopted")
          .defaultDoc("false")
          .doc(
              "boolean, first cell only",
              "The environment's cluster from before cells: the cell keeps the environment's AWS"
                  + " names (`clickplane-<env>…`, no cell in them), so its stack takes that cluster"
                  + " over by `pulumi state move` instead of replacing it. See"
                  + " [pulumi.md](pulumi.md#migrating-an-environment-to-cells).")
          .writes((CellSpec c) -> c.adopted() ? Boolean.TRUE : null);
  static final Key<CellSpec> EKS =
      Key.<CellSpec>nested("eks", KeyTable.of("eks", VERSION, PUBLIC_ACCESS_CIDRS))
          .writes((CellSpec c) -> c);

  static final Key<List<CellSpec>> CELLS =
      Key.<List<CellSpec>>table(
              Sections.NS + "cells", KeyTable.of("clickplane:cells[]", NAME, NETWORK, EKS, ADOPTED))
          .defaultDoc("none: one cluster")
          .doc(
              "list",
              "The environment's cells (clusters); every organisation names its `cell`. See"
                  + " [cells](cells.md).")
          .writes((PlatformSpec p) -> p.cells().isEmpty() ? null : p.cells());

  private CellsBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(CELLS);
  }

  @Override
  public List<CellSpec> bind(Section section, Bound earlier) {
    String key = CELLS.name();
    JsonNode node = section.value(key);
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      return section.refuse(key, "must be a list of cells (got " + Fields.describe(node) + ")");
    }
    if (node.isEmpty()) {
      return section.refuse(
          key, "must list at least one cell (leave the key out for one cluster without cells)");
    }
    ListLimits.check(
            node.size(), CELL_LIMIT, "one environment has at most " + CELL_LIMIT + " cells")
        .ifPresent(m -> section.problem(key, m));
    NetworkSpec network = earlier.get(NetworkBinder.BINDER);
    EksSpec eks = earlier.get(EksBinder.BINDER);
    TopLevelBinder.Names names = earlier.get(TopLevelBinder.BINDER);
    List<CellSpec> out = new ArrayList<>();
    Map<String, String> cellNames = new HashMap<>();
    List<Fields> items = section.items(key, node, CELLS.table());
    for (int i = 0; i < items.size(); i++) {
      Fields c = items.get(i);
      String name = c.requiredString(NAME.name(), CellsBinder::nameRule);
      Boolean adopted = c.bool(ADOPTED.name(), false);
      if (Boolean.TRUE.equals(adopted) && i > 0) {
        c.problem(
            c.path(ADOPTED.name()),
            "only the first cell may adopt the environment's cluster from before cells");
      }
      if (name != null && names != null && names.environment() != null) {
        ClusterNames.overflow(
                ClusterNames.prefix(names.environment(), Boolean.TRUE.equals(adopted) ? "" : name))
            .ifPresent(m -> c.problem(c.path(NAME.name()), "cell \"" + name + "\" " + m));
      }
      if (name != null && cellNames.putIfAbsent(name, c.path()) != null) {
        c.problem(
            c.path(NAME.name()),
            "duplicate cell name \"" + name + "\" (also at " + cellNames.get(name) + ")");
      }
      NetworkSpec cellNetwork = network(c, network, i == 0);
      CellSpec cell = cluster(c, name, cellNetwork, eks, Boolean.TRUE.equals(adopted));
      if (c.ok() && cell != null) {
        out.add(cell);
      } else {
        section.fail();
      }
    }
    if (section.ok()) {
      overlaps(section, key, out);
    }
    return section.ok() ? out : null;
  }

  private static Optional<String> nameRule(String value) {
    return Rules.dnsLabel(value)
        .or(() -> Rules.namePart(value))
        .or(
            () ->
                value.length() > NAME_LIMIT
                    ? Optional.of(
                        "must be at most "
                            + NAME_LIMIT
                            + " characters: it is part of the cluster's AWS resource names (got "
                            + value.length()
                            + ")")
                    : Optional.empty());
  }

  /** The cell's VPC: the environment's, with what {@code network} changes. */
  private static NetworkSpec network(Fields c, NetworkSpec environment, boolean first) {
    Fields n = c.object(NETWORK.name(), NETWORK.table());
    if (environment == null) {
      return null;
    }
    if (!first && !n.has(CIDR.name())) {
      c.problem(
          n.path(CIDR.name()),
          "required for every cell after the first: cells' VPC ranges may not overlap ("
              + environment.cidr()
              + " is the first cell's)");
      return null;
    }
    String cidr = n.string(CIDR.name(), environment.cidr(), v -> Rules.cidr(v, 16, 20));
    Integer azs = n.integer(AZS.name(), environment.availabilityZones(), 2, 6);
    Boolean nat = n.bool(NAT_PER_ZONE.name(), environment.natGatewayPerZone());
    return cidr == null || azs == null || nat == null ? null : new NetworkSpec(cidr, azs, nat);
  }

  /** The cell's cluster settings: the environment's, with what {@code eks} changes. */
  private static CellSpec cluster(
      Fields c, String name, NetworkSpec network, EksSpec environment, boolean adopted) {
    Fields e = c.object(EKS.name(), EKS.table());
    if (environment == null || name == null || network == null) {
      return null;
    }
    String version = e.string(VERSION.name(), environment.version(), Rules::eksVersion);
    List<String> cidrs =
        e.strings(
            PUBLIC_ACCESS_CIDRS.name(), environment.publicAccessCidrs(), v -> Rules.cidr(v, 0, 32));
    if (cidrs != null) {
      ListLimits.check(
              cidrs.size(), ListLimits.PUBLIC_ACCESS_CIDRS, "EKS accepts at most 40 CIDR blocks")
          .ifPresent(m -> e.problem(e.path(PUBLIC_ACCESS_CIDRS.name()), m));
    }
    if (version == null || cidrs == null) {
      return null;
    }
    AddonVersions addons = environment.addons();
    if (!version.equals(environment.version())) {
      if (!addons.equals(EksAddons.defaultsFor(environment.version()))) {
        e.problem(
            e.path(VERSION.name()),
            "a cell on its own Kubernetes version takes that version's add-on defaults, but"
                + " clickplane:eks.addons pins versions of "
                + environment.version()
                + ": remove clickplane:eks.addons or the cell's eks.version");
        return null;
      }
      addons = EksAddons.defaultsFor(version);
    }
    return new CellSpec(name, network, version, cidrs, addons, adopted);
  }

  /** Cells' VPC ranges may not overlap: a move between cells and the shared services route them. */
  private static void overlaps(Section section, String key, List<CellSpec> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String cidr = cells.get(i).network().cidr();
      if (overlap(cidr, CellSpec.SHARED_NETWORK_CIDR)) {
        section.problem(
            key + "[" + i + "].network.cidr",
            cidr
                + " overlaps "
                + CellSpec.SHARED_NETWORK_CIDR
                + ", the shared stack's network (Keycloak's database, which a cell peers with):"
                + " take another range");
      }
      for (int j = 0; j < i; j++) {
        String a = cells.get(j).network().cidr();
        String b = cells.get(i).network().cidr();
        if (overlap(a, b)) {
          section.problem(
              key + "[" + i + "].network.cidr",
              b
                  + " overlaps cell "
                  + cells.get(j).name()
                  + "'s "
                  + a
                  + ": every cell needs its own VPC range");
        }
      }
    }
  }

  static boolean overlap(String a, String b) {
    long[] x = range(a);
    long[] y = range(b);
    return x[0] <= y[1] && y[0] <= x[1];
  }

  private static long[] range(String cidr) {
    String[] parts = cidr.split("/");
    long address = Rules.ipv4(parts[0]);
    int prefix = Integer.parseInt(parts[1]);
    long size = 1L << (32 - prefix);
    long start = address & ~(size - 1) & 0xFFFFFFFFL;
    return new long[] {start, start + size - 1};
  }
}
