package io.clickplane.backup.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.drill.DrillRecord;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.BackupTiming;
import io.clickplane.backup.plan.TableFigures;
import io.clickplane.core.spec.BackupSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrillStatusTest {
  static final BackupTiming DAILY = BackupTiming.of(new BackupSpec("0 2 * * *", 3, true));
  static final Optional<BackupTiming> WEEKLY =
      Optional.of(BackupTiming.of(new BackupSpec("7 10 * * 0", 1, true)));
  static final String ID = "20261122T020000Z";

  static final List<TableFigures> FIGURES = List.of(new TableFigures("shop", "orders", 1, "2"));

  static BackupManifest manifest(String id) {
    return new BackupManifest(
        1, "acme", "events", id, "full", null, "25.8", 1, 3, id, id, "succeeded", true, 1, 1, null);
  }

  static StoredBackup stored(BackupManifest m, Optional<DrillRecord> drill) {
    return new StoredBackup(
        m.backupId(),
        Optional.of(m),
        Optional.empty(),
        true,
        List.of(),
        1,
        drill,
        Optional.empty());
  }

  static ServiceBackups backups(Optional<DrillRecord> drill, boolean figures) {
    BackupManifest m = figures ? manifest(ID).withTables(FIGURES) : manifest(ID);
    return new ServiceBackups(
        "acme",
        "events",
        List.of(stored(m, drill)),
        3,
        DAILY,
        true,
        Instant.parse("2026-11-23T00:00:00Z"));
  }

  static DrillRecord drill(String result, String started) {
    return new DrillRecord(
        1, "acme", "events", ID, "d", started, started, 12, result, 1, List.of(), "boom");
  }

  @Test
  void aFailedDrillFailsAndAStaleOneFailsOncePastPeriodAndSlack() {
    Instant limit = Instant.parse("2026-11-22T10:07:00Z").plus(WEEKLY.get().freshnessLimit());
    DrillRecord passed = drill(DrillRecord.PASSED, "2026-11-22T10:07:00Z");
    ServiceBackups b = backups(Optional.of(passed), true);
    assertThat(DrillStatus.of(b, WEEKLY, limit).problems()).isEmpty();
    assertThat(DrillStatus.of(b, WEEKLY, limit.plusSeconds(1)).problems())
        .containsExactly("drill d is 7d7h old; the drill schedule allows 7d7h");
    DrillRecord failed = drill(DrillRecord.FAILED, "2026-11-22T10:07:00Z");
    assertThat(DrillStatus.of(backups(Optional.of(failed), true), WEEKLY, limit).problems())
        .containsExactly("drill d of backup " + ID + " failed: restore failed: boom");
  }

  @Test
  void aServiceWithoutADrillScheduleIsNotJudged() {
    DrillRecord failed = drill(DrillRecord.FAILED, "2026-01-01T00:00:00Z");
    assertThat(
            DrillStatus.of(backups(Optional.of(failed), true), Optional.empty(), Instant.now())
                .problems())
        .isEmpty();
  }

  @Test
  void noDrillYetFailsOnlyOnceABackupWithFiguresCouldHaveBeenDrilled() {
    Instant start = Instant.parse("2026-11-22T02:00:00Z");
    Instant limit = start.plus(WEEKLY.get().freshnessLimit());
    assertThat(DrillStatus.of(backups(Optional.empty(), true), WEEKLY, limit).problems()).isEmpty();
    assertThat(
            DrillStatus.of(backups(Optional.empty(), true), WEEKLY, limit.plusSeconds(1))
                .problems())
        .singleElement()
        .asString()
        .startsWith("drill: no restore drill recorded, though backup " + ID);
  }

  @Test
  void aRootLayoutBackupWithoutFiguresIsNotBlamedOnOnCluster() {
    BackupManifest root = manifest(ID).withLayout("root");
    assertThat(root.figures()).isFalse();
    assertThat(DrillStatus.undrillableProblem(root))
        .isEqualTo(
            "drill: cannot run: newest good backup "
                + ID
                + " carries no table figures (they could not be read back from it when it was"
                + " taken); no drill can check it");
    assertThat(manifest(ID).layout())
        .as("no layout recorded: taken ON CLUSTER")
        .isEqualTo("cluster");
    assertThat(DrillStatus.undrillableProblem(manifest(ID))).contains("ON CLUSTER");
  }

  @Test
  void aScheduledDrillThatCannotRunFailsAtOnceInsteadOfPassingSilently() {
    Instant now = Instant.parse("2026-11-22T03:00:00Z");
    assertThat(DrillStatus.of(backups(Optional.empty(), false), WEEKLY, now).problems())
        .containsExactly(
            "drill: cannot run: newest good backup "
                + ID
                + " carries no table figures (it was taken ON CLUSTER, which keeps its files per"
                + " shard and replica where the drill cannot read them; the next backup, taken"
                + " shard by shard, can be drilled); no drill can check it");
    // An older backup with figures, drilled and passed; then a newer one without figures.
    String older = "20261121T020000Z";
    DrillRecord passed =
        new DrillRecord(
            1,
            "acme",
            "events",
            older,
            "d",
            "2026-11-21T10:07:00Z",
            "2026-11-21T10:08:00Z",
            12,
            DrillRecord.PASSED,
            1,
            List.of(),
            null);
    ServiceBackups both =
        new ServiceBackups(
            "acme",
            "events",
            List.of(
                stored(manifest(older).withTables(FIGURES), Optional.of(passed)),
                stored(manifest(ID), Optional.empty())),
            3,
            DAILY,
            true,
            now);
    assertThat(DrillStatus.of(both, WEEKLY, now).problems())
        .as("a passed drill of an older backup does not cover the newest, which no drill can read")
        .singleElement()
        .asString()
        .startsWith("drill: cannot run: newest good backup " + ID + " carries no table figures");
    assertThat(DrillStatus.of(backups(Optional.empty(), false), Optional.empty(), now).problems())
        .as("no drill scheduled (drill off, or service stopped): nothing owed")
        .isEmpty();
  }
}
