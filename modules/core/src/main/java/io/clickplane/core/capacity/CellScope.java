package io.clickplane.core.capacity;

import io.clickplane.core.spec.PlatformSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a planned cluster sits in its environment, for the keys and words of its problems.
 *
 * @param cell the cell's name, {@code ""} for an environment without cells
 * @param organisationIndex an organisation's index in the stack file's list, by name
 * @param zonesKey the key that sets the cluster's availability zones
 */
record CellScope(String cell, Map<String, Integer> organisationIndex, String zonesKey) {
  CellScope {
    organisationIndex = Map.copyOf(organisationIndex);
  }

  /** An environment without cells: one cluster. */
  static CellScope whole(PlatformSpec spec) {
    return new CellScope("", indexes(spec), "clickplane:network.availabilityZones");
  }

  /** Cell {@code cell} of {@code environment}. */
  static CellScope of(PlatformSpec environment, String cell) {
    return new CellScope(cell, indexes(environment), CellCapacity.zonesKey(environment, cell));
  }

  private static Map<String, Integer> indexes(PlatformSpec spec) {
    Map<String, Integer> out = new HashMap<>();
    for (int o = 0; o < spec.organisations().size(); o++) {
      out.put(spec.organisations().get(o).name(), o);
    }
    return out;
  }

  /** {@code p} as said of this cell's cluster: its message names the cell when there is one. */
  CapacityProblem of(CapacityProblem p) {
    return cell.isEmpty()
        ? p
        : new CapacityProblem(p.path(), "in cell " + cell + ": " + p.message());
  }
}
