package io.clickplane.backup.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.catalogue.ServiceBackups.Judged;
import io.clickplane.backup.catalogue.ServiceBackups.State;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.plan.BackupTiming;
import io.clickplane.core.spec.BackupSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceBackupsTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final BackupTiming DAILY = BackupTiming.of(new BackupSpec("0 2 * * *", 3, true));

  static StoredBackup full(String id) {
    return stored(id, BackupManifest.FULL, null, BackupManifest.SUCCEEDED, true, true);
  }

  static StoredBackup inc(String id, String base) {
    return stored(id, BackupManifest.INCREMENTAL, base, BackupManifest.SUCCEEDED, true, true);
  }

  static StoredBackup stored(
      String id, String kind, String base, String status, boolean verified, boolean descriptor) {
    BackupManifest m =
        new BackupManifest(
            1,
            "acme",
            "events",
            id,
            kind,
            base,
            "26.7",
            1,
            3,
            "",
            null,
            status,
            verified,
            10,
            100,
            status.equals(BackupManifest.FAILED) ? "Code: 243. NOT_ENOUGH_SPACE\nmore" : null);
    List<String> keys = new ArrayList<>(List.of("events/" + id + "/clickplane.json"));
    if (descriptor) {
      keys.add("events/" + id + "/.backup");
    }
    return new StoredBackup(id, Optional.of(m), Optional.empty(), descriptor, keys, 100);
  }

  static ServiceBackups judge(int retention, StoredBackup... backups) {
    return new ServiceBackups("acme", "events", List.of(backups), retention, DAILY, true, NOW);
  }

  static List<String> ids(List<Judged> judged) {
    return judged.stream().map(Judged::id).toList();
  }

  @Test
  void retentionKeepsTheNewestGoodBackupsAndTheBasesTheyNeed() {
    ServiceBackups s =
        judge(
            2,
            full("20261120T020000Z"),
            inc("20261121T020000Z", "20261120T020000Z"),
            full("20261127T020000Z"),
            inc("20261128T020000Z", "20261120T020000Z"),
            inc("20261129T020000Z", "20261127T020000Z"),
            inc("20261130T020000Z", "20261127T020000Z"));
    assertThat(s.kept())
        .containsExactly("20261127T020000Z", "20261129T020000Z", "20261130T020000Z");
    assertThat(ids(s.toDelete()))
        .containsExactly("20261120T020000Z", "20261121T020000Z", "20261128T020000Z");
    assertThat(s.stale()).isFalse();
    assertThat(s.lastGood().orElseThrow().id()).isEqualTo("20261130T020000Z");
  }

  @Test
  void aKeptIncrementalsOldBaseIsNeverDeletedEvenBeyondRetention() {
    ServiceBackups s =
        judge(
            1,
            full("20261120T020000Z"),
            full("20261125T020000Z"),
            inc("20261130T020000Z", "20261120T020000Z"));
    assertThat(s.kept()).containsExactly("20261120T020000Z", "20261130T020000Z");
    assertThat(ids(s.toDelete())).containsExactly("20261125T020000Z");
  }

  @Test
  void failedAttemptsGoOnceAGoodBackupFollowsThem() {
    ServiceBackups s =
        judge(
            5,
            full("20261128T020000Z"),
            stored("20261129T020000Z", "full", null, BackupManifest.FAILED, false, false),
            inc("20261130T020000Z", "20261128T020000Z"),
            stored("20261130T080000Z", "full", null, BackupManifest.FAILED, false, false));
    assertThat(s.backups().get(1).reason()).isEqualTo("Code: 243. NOT_ENOUGH_SPACE");
    assertThat(ids(s.toDelete())).containsExactly("20261129T020000Z");
  }

  @Test
  void aRunningBackupPastItsDeadlineCountsAsFailed() {
    ServiceBackups s =
        judge(
            3,
            stored("20261130T020000Z", "full", null, BackupManifest.RUNNING, false, false),
            stored("20261130T113000Z", "full", null, BackupManifest.RUNNING, false, false));
    assertThat(s.backups()).extracting(Judged::state).containsExactly(State.FAILED, State.RUNNING);
    assertThat(s.stale()).isTrue();
  }

  @Test
  void brokenChainsAreReportedAndStopEveryDeletionOfTheService() {
    ServiceBackups s =
        judge(
            1,
            full("20261120T020000Z"),
            full("20261127T020000Z"),
            inc("20261128T020000Z", "20261126T020000Z"),
            stored("20261129T020000Z", "full", null, BackupManifest.SUCCEEDED, true, false),
            stored("20261130T020000Z", "full", null, BackupManifest.SUCCEEDED, false, true),
            inc("20261130T030000Z", "20261128T020000Z"));
    assertThat(s.broken())
        .extracting(Judged::id, Judged::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "20261128T020000Z", "base 20261126T020000Z is missing from the bucket"),
            org.assertj.core.groups.Tuple.tuple(
                "20261129T020000Z", "descriptor .backup missing from the bucket"),
            org.assertj.core.groups.Tuple.tuple(
                "20261130T020000Z", "never verified by the backup job"),
            org.assertj.core.groups.Tuple.tuple(
                "20261130T030000Z", "base 20261128T020000Z is not a good full backup"));
    assertThat(s.kept()).containsExactly("20261127T020000Z");
    assertThat(s.toDelete()).as("a broken service is left alone").isEmpty();
  }

  @Test
  void freshnessFollowsTheSchedule() {
    // Daily at 02:00: the newest good backup may be 24 h + 1 h start + 6 h run old.
    assertThat(judge(3, full("20261129T050001Z")).stale()).isFalse();
    assertThat(judge(3, full("20261129T045959Z")).stale()).isTrue();
    assertThat(judge(3).stale()).isTrue();
    ServiceBackups disabled = new ServiceBackups("acme", "events", List.of(), 3, DAILY, false, NOW);
    assertThat(disabled.stale()).isFalse();
  }

  @Test
  void directoriesWithoutAManifestAreReportedNotGuessed() {
    StoredBackup bare =
        new StoredBackup(
            "20261130T020000Z",
            Optional.empty(),
            Optional.empty(),
            true,
            List.of("events/20261130T020000Z/.backup"),
            5);
    ServiceBackups s = judge(3, bare);
    assertThat(s.backups()).extracting(Judged::state).containsExactly(State.UNRECORDED);
    assertThat(s.toDelete()).isEmpty();
    assertThat(s.stale()).isTrue();
  }
}
