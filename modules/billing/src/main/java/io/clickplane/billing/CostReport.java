package io.clickplane.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clickplane.billing.CostLine.Component;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes priced lines as a table for people, JSON for programs, or CSV for spreadsheets. */
public final class CostReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CostReport() {}

  /** One row per service (a column per component), organisation subtotals and the total. */
  public static String table(String title, String currency, List<CostLine> lines) {
    return table(title, currency, lines, CellMap.NONE);
  }

  /**
   * As {@link #table(String, String, List)}; with cells, the organisations stand under their cell
   * and each cell gets a subtotal row ({@code a (cell)}) before the environment's total.
   */
  public static String table(String title, String currency, List<CostLine> lines, CellMap cells) {
    lines = cells.ordered(lines);
    Map<String, Map<Component, BigDecimal>> byService = new LinkedHashMap<>();
    Map<String, BigDecimal> byOrg = new LinkedHashMap<>();
    Map<String, BigDecimal> byCell = new LinkedHashMap<>();
    for (CostLine l : lines) {
      byCell.merge(cells.of(l.organisation()), l.amount(), BigDecimal::add);
      byService
          .computeIfAbsent(l.organisation() + "/" + l.service(), k -> new LinkedHashMap<>())
          .merge(l.component(), l.amount(), BigDecimal::add);
      byOrg.merge(l.organisation(), l.amount(), BigDecimal::add);
    }
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("service"));
    for (Component c : Component.values()) {
      header.add(c.label());
    }
    header.add("total " + currency);
    rows.add(header.toArray(String[]::new));
    String org = null;
    for (var e : byService.entrySet()) {
      String o = e.getKey().substring(0, e.getKey().indexOf('/'));
      if (org != null && !org.equals(o)) {
        rows.add(subtotal(org, byOrg.get(org)));
        String cell = cells.of(org);
        if (cells.any() && !cell.equals(cells.of(o))) {
          rows.add(subtotal(cell, "cell", byCell.get(cell)));
        }
      }
      org = o;
      List<String> row = new ArrayList<>(List.of(e.getKey()));
      BigDecimal total = BigDecimal.ZERO.setScale(2);
      for (Component c : Component.values()) {
        BigDecimal v = e.getValue().getOrDefault(c, BigDecimal.ZERO.setScale(2));
        row.add(v.toPlainString());
        total = total.add(v);
      }
      row.add(total.toPlainString());
      rows.add(row.toArray(String[]::new));
    }
    if (org != null) {
      rows.add(subtotal(org, byOrg.get(org)));
      if (cells.any()) {
        rows.add(subtotal(cells.of(org), "cell", byCell.get(cells.of(org))));
      }
    }
    String[] last = new String[header.size()];
    java.util.Arrays.fill(last, "");
    last[0] = "total";
    last[last.length - 1] = Money.sum(lines).toPlainString();
    rows.add(last);
    return title + "\n" + align(rows);
  }

  private static String[] subtotal(String org, BigDecimal amount) {
    return subtotal(org, "organisation", amount);
  }

  private static String[] subtotal(String name, String kind, BigDecimal amount) {
    String[] row = new String[Component.values().length + 2];
    java.util.Arrays.fill(row, "");
    row[0] = name + " (" + kind + ")";
    row[row.length - 1] = amount.toPlainString();
    return row;
  }

  private static String align(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        String cell = r[i];
        if (i == 0) {
          line.append(cell).append(" ".repeat(widths[i] - cell.length()));
        } else {
          line.append("  ").append(" ".repeat(widths[i] - cell.length())).append(cell);
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** Every line with its quantity and unit price, as CSV with a header row. */
  public static String csv(List<CostLine> lines) {
    return csv(lines, CellMap.NONE);
  }

  /** As {@link #csv(List)}; with cells, a first column {@code cell} and the lines by cell. */
  public static String csv(List<CostLine> lines, CellMap cells) {
    StringBuilder out =
        new StringBuilder(
            (cells.any() ? "cell," : "")
                + "organisation,service,component,description,quantity,unit,unit_price,amount\n");
    for (CostLine l : cells.ordered(lines)) {
      if (cells.any()) {
        out.append(csvCell(cells.of(l.organisation()))).append(',');
      }
      out.append(
              String.join(
                  ",",
                  csvCell(l.organisation()),
                  csvCell(l.service()),
                  csvCell(l.component().label()),
                  csvCell(l.description()),
                  l.quantity().toPlainString(),
                  csvCell(l.unit()),
                  l.unitPrice().toPlainString(),
                  l.amount().toPlainString()))
          .append('\n');
    }
    return out.toString();
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /** Lines, per-organisation totals and the total as JSON; amounts as decimal strings. */
  public static String json(Map<String, Object> header, List<CostLine> lines) {
    return json(header, lines, CellMap.NONE);
  }

  /**
   * As {@link #json(Map, List)}; with cells, per-cell totals ({@code cells}), each line's {@code
   * cell}, the lines by cell, and the organisations that moved cells ({@code cellMoves}).
   */
  public static String json(Map<String, Object> header, List<CostLine> lines, CellMap cells) {
    Map<String, Object> doc = new LinkedHashMap<>(header);
    Map<String, String> orgs = new LinkedHashMap<>();
    Map<String, String> byCell = new LinkedHashMap<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (CostLine l : cells.ordered(lines)) {
      orgs.merge(
          l.organisation(),
          l.amount().toPlainString(),
          (a, b) -> new BigDecimal(a).add(new BigDecimal(b)).toPlainString());
      Map<String, Object> row = new LinkedHashMap<>();
      if (cells.any()) {
        String cell = cells.of(l.organisation());
        byCell.merge(
            cell,
            l.amount().toPlainString(),
            (a, b) -> new BigDecimal(a).add(new BigDecimal(b)).toPlainString());
        row.put("cell", cell);
      }
      row.put("organisation", l.organisation());
      row.put("service", l.service());
      row.put("component", l.component().label());
      row.put("description", l.description());
      row.put("quantity", l.quantity().toPlainString());
      row.put("unit", l.unit());
      row.put("unitPrice", l.unitPrice().toPlainString());
      row.put("amount", l.amount().toPlainString());
      rows.add(row);
    }
    if (cells.any()) {
      doc.put("cells", byCell);
      doc.put("cellMoves", cells.moves());
    }
    doc.put("organisations", orgs);
    doc.put("total", Money.sum(lines).toPlainString());
    doc.put("lines", rows);
    try {
      return JSON.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
