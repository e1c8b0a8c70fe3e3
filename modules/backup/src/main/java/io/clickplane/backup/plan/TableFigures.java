package io.clickplane.backup.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What a restore drill compares for one table: its row count and an order-independent checksum of
 * its content, {@code toString(sum(cityHash64(*)))} over every row (the sum wraps modulo 2^64, so
 * the order in which parts are read does not matter; the text form keeps the full unsigned value).
 * Columns that {@code *} leaves out ({@code MATERIALIZED}, {@code ALIAS}) are not in the checksum.
 *
 * @param database the table's database
 * @param table the table
 * @param rows {@code count()}
 * @param checksum {@code sum(cityHash64(*))} as decimal text
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TableFigures(
    @JsonProperty("database") String database,
    @JsonProperty("table") String table,
    @JsonProperty("rows") long rows,
    @JsonProperty("checksum") String checksum) {
  public TableFigures {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(checksum, "checksum");
  }

  /** {@code database.table}. */
  public String name() {
    return database + "." + table;
  }
}
