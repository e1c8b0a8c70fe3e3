package io.clickplane.billing;

import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which cell each organisation's lines stand under in a report of an environment with cells. Cells
 * change nothing in what is priced: an organisation is billed for its services wherever they run.
 * {@link #NONE} for an environment without cells, whose reports say nothing of cells.
 *
 * @param cells the cells in report order
 * @param cellOf each organisation's cell
 * @param moves organisations that moved cells in the period reported, as sentences
 */
public record CellMap(List<String> cells, Map<String, String> cellOf, List<String> moves) {
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** No cells: reports are as they were before cells. */
  public static final CellMap NONE = new CellMap(List.of(), Map.of(), List.of());

  public CellMap {
    cells = List.copyOf(cells);
    cellOf = Map.copyOf(cellOf);
    moves = List.copyOf(moves);
  }

  /** The cells of {@code spec} and its organisations'; {@link #NONE} without cells. */
  public static CellMap of(PlatformSpec spec) {
    if (!spec.hasCells()) {
      return NONE;
    }
    Map<String, String> cellOf = new LinkedHashMap<>();
    for (OrganisationSpec o : spec.organisations()) {
      cellOf.put(o.name(), o.cell());
    }
    return new CellMap(spec.cellNames(), cellOf, List.of());
  }

  /**
   * The cells of a month of published states: each organisation stands under the cell it was in at
   * the end of the month (or when it was last declared in it); an organisation that moved is named
   * in {@link #moves}, its time counted once (the invoice keys usage by organisation and service,
   * not by cell). Cells are ordered as {@code current} lists them, then as the history first shows
   * them. {@link #NONE} when no state of the month has cells.
   */
  public static CellMap ofMonth(
      List<DeclaredState> history, YearMonth month, PlatformSpec current) {
    Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    List<DeclaredState> states = new ArrayList<>(history);
    states.sort(Comparator.comparing(DeclaredState::from));
    Set<String> cells = new LinkedHashSet<>(current.cellNames());
    Map<String, String> cellOf = new LinkedHashMap<>();
    List<String> moves = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i < states.size(); i++) {
      DeclaredState state = states.get(i);
      Instant from = state.from().isAfter(start) ? state.from() : start;
      Instant next = i + 1 < states.size() ? states.get(i + 1).from() : end;
      Instant to = next.isBefore(end) ? next : end;
      if (!from.isBefore(to)) {
        continue;
      }
      any |= state.spec().hasCells();
      cells.addAll(state.spec().cellNames());
      for (OrganisationSpec o : state.spec().organisations()) {
        String before = cellOf.put(o.name(), o.cell());
        if (before != null && !before.isEmpty() && !before.equals(o.cell())) {
          moves.add(
              o.name()
                  + " moved from cell "
                  + before
                  + " to cell "
                  + o.cell()
                  + " at "
                  + AT.format(from)
                  + " (commit "
                  + state.commit()
                  + "); its lines stand under "
                  + o.cell()
                  + " and its time is counted once");
        }
      }
    }
    return any ? new CellMap(new ArrayList<>(cells), cellOf, moves) : NONE;
  }

  /** True when the report has cells. */
  public boolean any() {
    return !cells.isEmpty();
  }

  /** The cell of {@code organisation}, {@code ""} when it has none. */
  public String of(String organisation) {
    return Objects.requireNonNullElse(cellOf.get(organisation), "");
  }

  /** {@code lines} grouped by cell, in cell order; within a cell in their own order. */
  List<CostLine> ordered(List<CostLine> lines) {
    List<CostLine> out = new ArrayList<>(lines);
    out.sort(Comparator.comparingInt(l -> rank(of(l.organisation()))));
    return out;
  }

  private int rank(String cell) {
    int i = cells.indexOf(cell);
    return i < 0 ? cells.size() : i;
  }
}
