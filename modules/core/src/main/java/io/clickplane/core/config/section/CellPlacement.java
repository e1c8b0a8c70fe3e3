package io.clickplane.core.config.section;

import io.clickplane.core.config.Suggestions;
import io.clickplane.core.spec.CellSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which cell each organisation is in. The stack file says it: an organisation's {@code cell} is
 * never chosen or changed by clickplane, so nothing moves by itself. With one cell the key may be
 * left out; with several it is required, and the refusal names the cell with the most room: the one
 * with the fewest ClickHouse pods among the organisations placed so far (in stack-file order,
 * counting earlier suggestions), so suggestions for many new organisations spread over the cells.
 */
final class CellPlacement {
  private final List<CellSpec> cells;
  private final Map<String, Integer> pods = new LinkedHashMap<>();

  CellPlacement(List<CellSpec> cells) {
    this.cells = cells;
    for (CellSpec c : cells) {
      pods.put(c.name(), 0);
    }
  }

  /**
   * The cell of the organisation in {@code o} ({@code ""} without cells), or null after reporting
   * why its {@code key} is refused.
   */
  String cell(Fields o, String key, List<ServiceSpec> services) {
    int load = services == null ? 0 : pods(services);
    if (cells.isEmpty()) {
      if (o.has(key)) {
        return o.refuse(
            o.path(key),
            "there are no cells: clickplane:cells is not set (remove `cell`, or list the cells)");
      }
      return "";
    }
    if (!o.has(key)) {
      if (cells.size() == 1) {
        return add(cells.get(0).name(), load);
      }
      String suggested = roomiest();
      add(suggested, load);
      return o.refuse(
          o.path(key),
          "required: the environment has "
              + cells.size()
              + " cells ("
              + String.join(", ", pods.keySet())
              + "); cell \""
              + suggested
              + "\" has the most room (fewest ClickHouse pods)");
    }
    String name = o.string(key, null, null);
    if (name == null) {
      return null;
    }
    if (!pods.containsKey(name)) {
      return o.refuse(
          o.path(key),
          "no cell named \""
              + name
              + "\""
              + Suggestions.didYouMean(name, pods.keySet())
              + "; clickplane:cells lists "
              + String.join(", ", pods.keySet()));
    }
    return add(name, load);
  }

  private String add(String cell, int load) {
    pods.merge(cell, load, Integer::sum);
    return cell;
  }

  private String roomiest() {
    String best = null;
    for (Map.Entry<String, Integer> e : pods.entrySet()) {
      if (best == null || e.getValue() < pods.get(best)) {
        best = e.getKey();
      }
    }
    return best;
  }

  private static int pods(List<ServiceSpec> services) {
    return services.stream().mapToInt(s -> s.shards() * s.replicas()).sum();
  }
}
