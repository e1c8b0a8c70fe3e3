package io.clickplane.backup.drill;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The record of a restore drill, {@code <service>/<backup-id>/drill.json} next to the backup it
 * restored (one line of {@code JSONEachRow}, written by the drill's ClickHouse). A later drill of
 * the same backup replaces it.
 *
 * @param formatVersion version of this record's layout (1)
 * @param organisation the organisation
 * @param service the service whose backup was restored
 * @param backupId the backup restored
 * @param drillId the drill's own id: the UTC second of its scheduled run
 * @param startedAt when the drill started, ISO-8601 UTC
 * @param finishedAt when it finished, ISO-8601 UTC
 * @param restoreSeconds how long the restore took (reading the backup into the throwaway engine)
 * @param result {@code passed} or {@code failed}
 * @param tables tables compared
 * @param mismatches per table, what differs from the manifest
 * @param error why the restore itself failed, when it did
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DrillRecord(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("organisation") String organisation,
    @JsonProperty("service") String service,
    @JsonProperty("backup_id") String backupId,
    @JsonProperty("drill_id") String drillId,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("finished_at") String finishedAt,
    @JsonProperty("restore_seconds") long restoreSeconds,
    @JsonProperty("result") String result,
    @JsonProperty("tables") long tables,
    @JsonProperty("mismatches") List<Mismatch> mismatches,
    @JsonProperty("error") String error) {

  /** File name of the record inside a backup's directory. */
  public static final String FILE = "drill.json";

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

  /**
   * One table whose restored figures differ from the manifest's.
   *
   * @param database the database
   * @param table the table
   * @param problem what differs
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Mismatch(
      @JsonProperty("database") String database,
      @JsonProperty("table") String table,
      @JsonProperty("problem") String problem) {}

  public DrillRecord {
    mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
    if (error != null && error.isEmpty()) {
      error = null;
    }
  }

  public boolean passed() {
    return PASSED.equals(result);
  }

  /** When the drill started. */
  public Optional<Instant> started() {
    try {
      return Optional.of(Instant.parse(startedAt));
    } catch (DateTimeParseException | NullPointerException e) {
      return Optional.empty();
    }
  }

  public Duration restoreTime() {
    return Duration.ofSeconds(restoreSeconds);
  }

  /** Why the drill failed, in one line: the restore's error or the first mismatches. */
  public String failure() {
    if (error != null) {
      String line = error.strip();
      int nl = line.indexOf('\n');
      return "restore failed: " + (nl < 0 ? line : line.substring(0, nl));
    }
    if (mismatches.isEmpty()) {
      return "failed";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(3, mismatches.size()); i++) {
      Mismatch m = mismatches.get(i);
      out.append(i == 0 ? "" : "; ")
          .append(m.database())
          .append('.')
          .append(m.table())
          .append(": ")
          .append(m.problem());
    }
    if (mismatches.size() > 3) {
      out.append("; and ").append(mismatches.size() - 3).append(" more");
    }
    return out.toString();
  }

  /**
   * Reads a record as ClickHouse writes it.
   *
   * @throws IOException when the text is not a drill record
   */
  public static DrillRecord parse(String text) throws IOException {
    DrillRecord record = JSON.readValue(text.strip(), DrillRecord.class);
    if (record.formatVersion() != 1) {
      throw new IOException("unknown drill record format_version " + record.formatVersion());
    }
    return record;
  }
}
