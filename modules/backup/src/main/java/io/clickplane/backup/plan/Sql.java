package io.clickplane.backup.plan;

/** Quoting of ClickHouse SQL string literals. */
public final class Sql {
  private Sql() {}

  /** {@code value} as a single-quoted ClickHouse string literal. */
  public static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
