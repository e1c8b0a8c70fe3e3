package io.clickplane.backup.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.catalogue.BackupCatalogue;
import io.clickplane.backup.catalogue.CatalogueFreshness;
import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.testing.LocalS3;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceState;
import io.clickplane.core.testing.Repo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The stop guard over a real S3 API (s3proxy on 127.0.0.1) holding the backup catalogue. */
class StopGuardTest {
  static PlatformSpec dev;
  static LocalS3 local;
  static S3Client s3;
  static String bucket;

  @BeforeAll
  static void start() throws Exception {
    dev = StackConfig.load(Repo.stackFile("dev"));
    bucket = Naming.backupBucket(dev, "acme");
    local = LocalS3.start(bucket);
    s3 = local.client();
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (local != null) {
      local.close();
    }
  }

  private static void putGoodBackup(String service, String id) {
    BackupManifest m =
        new BackupManifest(
            1,
            "acme",
            service,
            id,
            BackupManifest.FULL,
            null,
            "25.3",
            1,
            1,
            "",
            null,
            BackupManifest.SUCCEEDED,
            true,
            10,
            100,
            null);
    String dir = Naming.backupPrefix(service) + id + "/";
    s3.putObject(
        b -> b.bucket(bucket).key(dir + BackupManifest.FILE), RequestBody.fromString(m.toJson()));
    s3.putObject(b -> b.bucket(bucket).key(dir + ".backup"), RequestBody.fromString("<backup/>"));
  }

  private static List<Refusal> stopAt(String service, Instant now, boolean allow) {
    PlatformSpec next =
        RestoreGuardTest.change(
            dev,
            service,
            s ->
                s.withState(ServiceState.STOPPED)
                    .withAllow(s.allow().withStopWithoutBackup(allow)));
    return new StopGuard(new CatalogueFreshness(() -> new BackupCatalogue(s3), now))
        .check(dev, next);
  }

  @Test
  void aStopWithAFreshBackupGoesAhead() {
    putGoodBackup("events", "20261130T020000Z");
    assertThat(stopAt("events", Instant.parse("2026-11-30T12:00:00Z"), false)).isEmpty();
  }

  @Test
  void aStopWhoseNewestBackupIsTooOldIsRefusedUnlessAllowed() {
    putGoodBackup("events", "20261130T020000Z");
    List<Refusal> refused = stopAt("events", Instant.parse("2026-12-05T12:00:00Z"), false);
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).change())
        .contains("state stopped without a fresh backup")
        .contains("20261130T020000Z is older than its schedule allows");
    assertThat(refused.get(0).howToAllow()).contains("allow.stopWithoutBackup");
    assertThat(stopAt("events", Instant.parse("2026-12-05T12:00:00Z"), true)).isEmpty();
  }

  @Test
  void aStopOfAServiceWithoutAnyBackupIsRefused() {
    String other =
        dev.organisation("acme").orElseThrow().services().stream()
            .map(s -> s.name())
            .filter(n -> !n.equals("events"))
            .findFirst()
            .orElse("events");
    List<Refusal> refused =
        new StopGuard(StopGuard.UNSEEN)
            .check(
                dev, RestoreGuardTest.change(dev, other, s -> s.withState(ServiceState.STOPPED)));
    assertThat(refused)
        .singleElement()
        .extracting(Refusal::change)
        .asString()
        .contains("the publish was not given the backup catalogue");
  }

  @Test
  void anAlreadyStoppedServiceOrAStartIsNotChecked() {
    PlatformSpec stopped =
        RestoreGuardTest.change(dev, "events", s -> s.withState(ServiceState.STOPPED));
    StopGuard guard = new StopGuard(StopGuard.UNSEEN);
    assertThat(guard.check(stopped, stopped)).isEmpty();
    assertThat(guard.check(stopped, dev)).isEmpty();
  }
}
