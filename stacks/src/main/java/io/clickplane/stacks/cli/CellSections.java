package io.clickplane.stacks.cli;

import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A report made once per cell: for a stack with cells, each cell that holds a selected service gets
 * a heading ({@code == cell a (acme, hooli) ==}) and the report of {@link PlatformSpec#forCell}; a
 * stack without cells gets the one report as it always did.
 */
final class CellSections {
  private CellSections() {}

  /**
   * Runs {@code section} on each cell's spec (or on {@code platform} without cells).
   *
   * @param organisation only the cell of this organisation, or null
   * @param service only cells with a service of this name, or null
   * @return true when every section returned true
   */
  static boolean each(
      PlatformSpec platform,
      String organisation,
      String service,
      PrintWriter out,
      Predicate<PlatformSpec> section) {
    if (!platform.hasCells()) {
      return section.test(platform);
    }
    boolean ok = true;
    boolean first = true;
    for (String name : platform.cellNames()) {
      PlatformSpec cell = platform.forCell(name);
      List<OrganisationSpec> selected =
          cell.organisations().stream()
              .filter(o -> organisation == null || o.name().equals(organisation))
              .filter(o -> service == null || o.service(service).isPresent())
              .toList();
      if (selected.isEmpty()) {
        continue;
      }
      if (!first) {
        out.println();
      }
      first = false;
      out.println(
          "== cell "
              + name
              + " ("
              + cell.organisations().stream()
                  .map(OrganisationSpec::name)
                  .collect(Collectors.joining(", "))
              + ") ==");
      ok &= section.test(cell);
    }
    return ok;
  }
}
