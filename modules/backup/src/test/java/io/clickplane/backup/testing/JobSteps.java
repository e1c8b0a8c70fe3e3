package io.clickplane.backup.testing;

import io.clickplane.backup.drill.FigureStatements;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.core.testing.ClickHouseEngine;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell parts of the backup and drill scripts, done in Java against a real engine: filling in
 * the scripts' variables ({@code @@NAME@@}, which the rendered scripts turn into {@code ${NAME}})
 * and {@code run_each} (run every statement a query generates, one per line).
 */
public final class JobSteps {
  private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z_]+)@@");

  private JobSteps() {}

  /** {@code sql} with every {@code @@NAME@@} replaced by {@code values.get(NAME)}. */
  public static String fill(String sql, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for " + m.group(0) + " in " + sql);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /**
   * {@code run_each}: runs every statement {@code generator} yields; the first error is the
   * result's error.
   */
  public static ClickHouseEngine.Result runEach(ClickHouseEngine engine, String generator) {
    ClickHouseEngine.Result lines = engine.query(generator);
    if (!lines.ok()) {
      return lines;
    }
    for (String q : lines.output().split("\n")) {
      if (q.isEmpty()) {
        continue;
      }
      ClickHouseEngine.Result r = engine.query(q);
      if (!r.ok()) {
        return r;
      }
    }
    return lines;
  }

  /**
   * The end of the backup script once the operation is {@code BACKUP_CREATED}: read the figures
   * back from the backup, write the manifest with them, detach. Returns the generated figures
   * query.
   */
  public static String recordFinished(
      ClickHouseEngine engine, BackupStatements sql, String id, String base) {
    if (!engine
        .query(FigureStatements.readableLayout(sql.target(), sql.backupPrefix(id)))
        .orThrow()
        .strip()
        .equals("1")) {
      throw new AssertionError(id + ": the backup's layout is not the one the Backup engine reads");
    }
    runEach(engine, FigureStatements.detachAll()).orThrow();
    runEach(engine, FigureStatements.attachAll(sql.target(), sql.backupPrefix(id))).orThrow();
    String figures = engine.query(FigureStatements.ofAttachedBackup()).orThrow().strip();
    engine
        .query(
            fill(
                sql.manifestFinished(id, base, FigureStatements.asArray("@@FIGURES@@")),
                Map.of("FIGURES", figures)))
        .orThrow();
    runEach(engine, FigureStatements.detachAll()).orThrow();
    return figures;
  }
}
