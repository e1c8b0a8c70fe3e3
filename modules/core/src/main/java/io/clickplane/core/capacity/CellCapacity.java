package io.clickplane.core.capacity;

import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The capacity model across an environment's cells. Each cell is its own EKS cluster with the
 * environment's node groups and Karpenter pools, holding its own organisations and its own copy of
 * the platform's controllers, so {@link CapacityModel} runs once per cell on {@link
 * PlatformSpec#forCell}. An environment without cells is one cluster, planned as it always was.
 */
public final class CellCapacity {
  private CellCapacity() {}

  /**
   * The plan of each cell of {@code environment}, in stack order; its problems name the
   * environment's keys (an organisation's index in the stack file, the cell's zones key) and, where
   * the figures are the cell's, the cell. Without cells, the one plan of {@link
   * CapacityModel#plan}.
   */
  public static List<CapacityPlan> perCell(PlatformSpec environment) {
    if (!environment.hasCells()) {
      return List.of(CapacityModel.plan(environment));
    }
    List<CapacityPlan> out = new ArrayList<>();
    for (String cell : environment.cellNames()) {
      out.add(CapacityModel.run(environment.forCell(cell), CellScope.of(environment, cell)).plan());
    }
    return out;
  }

  /**
   * The key that sets the availability zones of {@code cell}'s network: the cell's own when its
   * entry sets a number other than the environment's, else {@code
   * clickplane:network.availabilityZones} (also for {@code ""}, an environment without cells).
   */
  static String zonesKey(PlatformSpec environment, String cell) {
    int i = environment.cellNames().indexOf(cell);
    return i >= 0
            && environment.cells().get(i).network().availabilityZones()
                != environment.network().availabilityZones()
        ? "clickplane:cells[" + i + "].network.availabilityZones"
        : "clickplane:network.availabilityZones";
  }

  /**
   * Every capacity problem of {@code environment}, sorted by key: without cells those of {@link
   * CapacityModel#plan}; with cells those of each cell's cluster, each said once, naming the cells
   * whose figures it is about ({@code in cell b: }, {@code in cells a, c: }); a problem that is the
   * same whatever the cell (an unknown instance type) names none.
   */
  public static List<CapacityProblem> problems(PlatformSpec environment) {
    if (!environment.hasCells()) {
      return CapacityModel.plan(environment).problems();
    }
    Map<CapacityProblem, List<String>> cellsOf = new LinkedHashMap<>();
    Set<CapacityProblem> ofCell = new HashSet<>();
    for (String cell : environment.cellNames()) {
      CapacityModel.Run run =
          CapacityModel.run(environment.forCell(cell), CellScope.of(environment, cell));
      for (CapacityProblem p : run.problems()) {
        cellsOf.computeIfAbsent(p, k -> new ArrayList<>()).add(cell);
      }
      ofCell.addAll(run.ofCell());
    }
    List<CapacityProblem> out = new ArrayList<>();
    cellsOf.forEach(
        (p, cells) ->
            out.add(
                ofCell.contains(p)
                    ? new CapacityProblem(
                        p.path(),
                        (cells.size() == 1 ? "in cell " : "in cells ")
                            + String.join(", ", cells)
                            + ": "
                            + p.message())
                    : p));
    out.sort(Comparator.comparing(CapacityProblem::path));
    return out;
  }
}
