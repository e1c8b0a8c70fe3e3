package io.clickplane.stacks.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickplane.core.capacity.CapacityPlan;
import io.clickplane.core.capacity.GroupPlan;
import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code clickplane plan} of an environment with cells: each cell is its own cluster with the
 * environment's node groups and Karpenter pools, so each gets the section {@link PlanReport} prints
 * for a whole environment without cells (its pools, nodes, services and utilisation), then the
 * environment's total: per group the nodes at rest and at peak in each cell and summed, and the
 * ClickHouse pods' utilisation over every cell's nodes.
 */
public final class CellsPlanReport {
  private CellsPlanReport() {}

  /**
   * The plan as text.
   *
   * @param environment the whole stack
   * @param plans the plan of each cell, in the order of {@link PlatformSpec#cellNames}
   * @param problems the stack's capacity problems with their file and line
   */
  public static String text(
      PlatformSpec environment, List<CapacityPlan> plans, List<ConfigProblem> problems) {
    List<String> cells = environment.cellNames();
    StringBuilder out = new StringBuilder();
    out.append("Capacity plan of environment ")
        .append(environment.environment())
        .append(": ")
        .append(cells.size())
        .append(" cells, each its own cluster with the environment's node groups and pools\n");
    for (int i = 0; i < cells.size(); i++) {
      PlatformSpec cell = environment.forCell(cells.get(i));
      out.append("\n== cell ")
          .append(cells.get(i))
          .append(" (")
          .append(organisations(cell))
          .append(") ==\n");
      PlanReport.section(out, cell, plans.get(i));
    }
    out.append("\n== environment ").append(environment.environment()).append(", all cells ==\n");
    for (Map.Entry<String, List<GroupPlan>> e : byGroup(plans).entrySet()) {
      out.append(
          String.format(
              "  %s: %s nodes at rest (%s), %d at peak%n",
              e.getKey(),
              e.getValue().stream().mapToInt(GroupPlan::atRest).sum(),
              perCell(cells, plans, e.getKey()),
              e.getValue().stream().mapToInt(GroupPlan::atPeak).sum()));
    }
    out.append(
        String.format(
            "  nodes: %d at rest, %d at peak%n", nodes(plans, false), nodes(plans, true)));
    PlanReport.utilisation(out, total(plans));
    out.append('\n');
    PlanReport.verdict(out, problems);
    return out.toString();
  }

  /** The plan as JSON: per cell what {@link PlanReport#json} gives a cluster, and the totals. */
  public static String json(
      PlatformSpec environment, List<CapacityPlan> plans, List<ConfigProblem> problems) {
    List<String> cells = environment.cellNames();
    ObjectNode root = PlanReport.object();
    root.put("environment", environment.environment());
    root.put("fits", problems.isEmpty());
    PlanReport.utilisation(root, total(plans));
    ObjectNode total = root.putObject("total");
    total.put("nodesAtRest", nodes(plans, false));
    total.put("nodesAtPeak", nodes(plans, true));
    ArrayNode totalGroups = total.putArray("nodeGroups");
    for (Map.Entry<String, List<GroupPlan>> e : byGroup(plans).entrySet()) {
      ObjectNode g = totalGroups.addObject();
      g.put("name", e.getKey());
      g.put("nodesAtRest", e.getValue().stream().mapToInt(GroupPlan::atRest).sum());
      g.put("nodesAtPeak", e.getValue().stream().mapToInt(GroupPlan::atPeak).sum());
    }
    ArrayNode cellNodes = root.putArray("cells");
    for (int i = 0; i < cells.size(); i++) {
      PlatformSpec cell = environment.forCell(cells.get(i));
      ObjectNode c = cellNodes.addObject();
      c.put("cell", cells.get(i));
      ArrayNode orgs = c.putArray("organisations");
      cell.organisations().forEach(o -> orgs.add(o.name()));
      PlanReport.fill(c, cell, plans.get(i));
    }
    PlanReport.problems(root, problems);
    return PlanReport.write(root);
  }

  private static String organisations(PlatformSpec cell) {
    return cell.organisations().isEmpty()
        ? "no organisations"
        : cell.organisations().stream()
            .map(OrganisationSpec::name)
            .collect(Collectors.joining(", "));
  }

  /** Each group and pool by name, in the order the cells first show them. */
  private static Map<String, List<GroupPlan>> byGroup(List<CapacityPlan> plans) {
    Map<String, List<GroupPlan>> out = new LinkedHashMap<>();
    for (CapacityPlan p : plans) {
      for (GroupPlan g : p.groups()) {
        out.computeIfAbsent(g.group().name(), k -> new ArrayList<>()).add(g);
      }
    }
    return out;
  }

  private static String perCell(List<String> cells, List<CapacityPlan> plans, String group) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      int atRest =
          plans.get(i).groups().stream()
              .filter(g -> g.group().name().equals(group))
              .mapToInt(GroupPlan::atRest)
              .sum();
      parts.add(cells.get(i) + " " + atRest);
    }
    return String.join(", ", parts);
  }

  private static int nodes(List<CapacityPlan> plans, boolean peak) {
    return plans.stream()
        .flatMap(p -> p.groups().stream())
        .mapToInt(g -> peak ? g.atPeak() : g.atRest())
        .sum();
  }

  private static CapacityPlan.Utilisation total(List<CapacityPlan> plans) {
    long reqCpu = 0;
    long provCpu = 0;
    long reqMem = 0;
    long provMem = 0;
    for (CapacityPlan p : plans) {
      CapacityPlan.Utilisation u = p.utilisation();
      reqCpu += u.requestedCpuMillis();
      provCpu += u.provisionedCpuMillis();
      reqMem += u.requestedMemoryMib();
      provMem += u.provisionedMemoryMib();
    }
    return new CapacityPlan.Utilisation(reqCpu, provCpu, reqMem, provMem);
  }
}
