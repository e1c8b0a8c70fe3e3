package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.plan.BackupManifest;
import io.clickplane.backup.testing.LocalS3;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.testing.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stopping and starting a service through {@code publish}, with the backup bucket in a real S3 API
 * (s3proxy on 127.0.0.1): refused without a fresh backup, published once there is one, started
 * again without any check.
 */
class PublishStopTest {
  @TempDir Path project;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Clickplane.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static String published(Path gitDir, String path) throws Exception {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).build();
        TreeWalk walk =
            TreeWalk.forPath(
                repo, path, repo.parseCommit(repo.resolve("refs/heads/main")).getTree())) {
      return walk == null
          ? null
          : new String(
              repo.open(walk.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void aStopNeedsAFreshBackupAndAStartNeedsNothing() throws Exception {
    Files.createDirectories(project.resolve("stacks"));
    Path stack = project.resolve("stacks/Pulumi.dev.yaml");
    Files.copy(Repo.stackFile("dev"), stack);
    String running = Files.readString(stack);
    String bucket = Naming.backupBucket(StackConfig.load(stack), "acme");
    Path flux = project.resolve(".clickplane/flux.git");
    String chi = "tenants/dev/acme/events/clickhouseinstallation.yaml";
    try (LocalS3 local = LocalS3.start(bucket);
        S3Client s3 = local.client()) {
      String endpoint = local.endpoint().toString();
      System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
      assertThat(run("publish", "--config", stack.toString(), "--direct"))
          .as(err.toString())
          .isZero();
      assertThat(published(flux, chi)).doesNotContain("stop:");

      String stopped =
          running.replaceFirst("(?m)^(          replicas: 3\\n)", "$1          state: stopped\n");
      assertThat(stopped).isNotEqualTo(running);
      Files.writeString(stack, stopped);
      assertThat(
              run(
                  "publish",
                  "--config",
                  stack.toString(),
                  "--direct",
                  "--backups-endpoint",
                  endpoint))
          .isEqualTo(2);
      assertThat(err.toString())
          .contains("organisation acme, service events")
          .contains("state stopped without a fresh backup (no good backup)")
          .contains("allow.stopWithoutBackup")
          .contains("nothing was published");
      assertThat(published(flux, chi)).doesNotContain("stop:");

      String id =
          DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
              .withZone(ZoneOffset.UTC)
              .format(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
      BackupManifest good =
          new BackupManifest(
              1,
              "acme",
              "events",
              id,
              BackupManifest.FULL,
              null,
              "24.8",
              1,
              3,
              "",
              null,
              BackupManifest.SUCCEEDED,
              true,
              10,
              100,
              null);
      String dir = Naming.backupPrefix("events") + id + "/";
      s3.putObject(
          b -> b.bucket(bucket).key(dir + BackupManifest.FILE),
          RequestBody.fromString(good.toJson()));
      s3.putObject(b -> b.bucket(bucket).key(dir + ".backup"), RequestBody.fromString("x"));
      assertThat(
              run(
                  "publish",
                  "--config",
                  stack.toString(),
                  "--direct",
                  "--backups-endpoint",
                  endpoint))
          .as(err.toString())
          .isZero();
      assertThat(published(flux, chi)).contains("stop: \"yes\"");
      assertThat(published(flux, "tenants/dev/acme/events/virtualservice.yaml")).isNull();
      assertThat(published(flux, "tenants/dev/acme/events/backup-cronjob.yaml"))
          .contains("suspend: true");

      // Starting checks nothing: no endpoint given, and it publishes.
      Files.writeString(stack, running);
      assertThat(run("publish", "--config", stack.toString(), "--direct"))
          .as(err.toString())
          .isZero();
      assertThat(published(flux, chi)).doesNotContain("stop:");
      assertThat(published(flux, "tenants/dev/acme/events/virtualservice.yaml")).isNotNull();
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
