package io.clickplane.backup.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickplane.backup.catalogue.ServiceBackups.Judged;
import io.clickplane.backup.drill.DrillRecord;
import java.util.List;
import java.util.Locale;

/**
 * {@code backups list|verify --output json}: the catalogue as one JSON document. Per service: the
 * last good backup, the last restore drill (when, result, measured restore time, mismatches),
 * whether a drill is scheduled, what {@code verify} finds wrong ({@code problems}, {@code ok}), and
 * every backup with its state. Ages are in seconds as of the judgement's time.
 */
public final class FleetBackupsJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private FleetBackupsJson() {}

  /** The document, ending in a newline. */
  public static String of(FleetBackups fleet) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode services = root.putArray("services");
    boolean ok = true;
    for (int i = 0; i < fleet.services().size(); i++) {
      ServiceBackups s = fleet.services().get(i);
      DrillStatus drill = fleet.drills().get(i);
      ObjectNode node = services.addObject();
      node.put("organisation", s.organisation());
      node.put("service", s.service());
      node.put("retention", s.retention());
      if (s.lastGood().isPresent()) {
        ObjectNode last = node.putObject("last_good");
        Judged j = s.lastGood().get();
        last.put("id", j.id());
        last.put("age_seconds", s.lastGoodAge().orElseThrow().toSeconds());
        last.put("stored_bytes", j.stored().storedBytes());
        last.put("chain", ServiceBackups.chain(j));
      } else {
        node.putNull("last_good");
      }
      node.put("drill_scheduled", drill.timing().isPresent());
      node.put("figures_missing", drill.figuresMissing());
      if (drill.last().isPresent()) {
        DrillRecord d = drill.last().get();
        ObjectNode last = node.putObject("last_drill");
        last.put("drill_id", d.drillId());
        last.put("backup_id", d.backupId());
        last.put("started_at", d.startedAt());
        drill.age().ifPresent(a -> last.put("age_seconds", a.toSeconds()));
        last.put("result", d.result());
        last.put("restore_seconds", d.restoreSeconds());
        last.put("tables", d.tables());
        ArrayNode mismatches = last.putArray("mismatches");
        for (DrillRecord.Mismatch m : d.mismatches()) {
          mismatches
              .addObject()
              .put("database", m.database())
              .put("table", m.table())
              .put("problem", m.problem());
        }
        if (d.error() == null) {
          last.putNull("error");
        } else {
          last.put("error", d.error());
        }
      } else {
        node.putNull("last_drill");
      }
      List<String> problems = fleet.problems(i);
      ok &= problems.isEmpty();
      node.put("ok", problems.isEmpty());
      ArrayNode p = node.putArray("problems");
      problems.forEach(p::add);
      ArrayNode backups = node.putArray("backups");
      for (Judged j : s.backups()) {
        backups
            .addObject()
            .put("id", j.id())
            .put("state", j.state().name().toLowerCase(Locale.ROOT))
            .put("reason", j.reason())
            .put("stored_bytes", j.stored().storedBytes())
            .put("chain", ServiceBackups.chain(j));
      }
    }
    root.put("ok", ok);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the catalogue as JSON", e);
    }
  }
}
