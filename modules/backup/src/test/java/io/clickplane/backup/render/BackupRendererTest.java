package io.clickplane.backup.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.backup.plan.BackupLayout;
import io.clickplane.backup.plan.BackupStatements;
import io.clickplane.backup.plan.BackupTiming;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.core.testing.UnknownFields;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRendererTest {
  static final ClickHouseAccess ACCESS =
      new ClickHouseAccess(
          s -> "clickhouse/clickhouse-server:" + s.version(),
          "admin",
          s -> s + "-credentials",
          "admin-password");

  static PlatformSpec spec;
  static ManifestSet tree;

  /** The dev stack plus a service of acme restored from events' latest backup. */
  @BeforeAll
  static void render() throws Exception {
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : dev.organisations()) {
      if (org.name().equals("acme")) {
        List<ServiceSpec> services = new ArrayList<>(org.services());
        services.add(
            org.service("events")
                .orElseThrow()
                .withName("events-copy")
                .withRestoreFrom(Optional.of(new RestoreSpec("events", RestoreSpec.LATEST))));
        org = org.withServices(services);
      }
      orgs.add(org);
    }
    spec = dev.withOrganisations(orgs);
    tree = BackupRenderer.render(spec, ACCESS);
  }

  static String file(String path) {
    byte[] bytes = tree.files().get(path);
    assertThat(bytes).as(path).isNotNull();
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static <T> T parse(String path, Class<T> type) throws Exception {
    T model = Yaml.mapper().readValue(file(path), type);
    assertThat(UnknownFields.of(model, "$"))
        .as(path + " has only fields the model knows")
        .isEmpty();
    return model;
  }

  @Test
  void everyServiceGetsACronJobWithTheStacksScheduleAndRetention() throws Exception {
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        String dir = FluxPaths.service(spec.environment(), org.name(), service.name()) + "/";
        CronJob cron = parse(dir + "backup-cronjob.yaml", CronJob.class);
        var s = cron.getSpec();
        assertThat(cron.getMetadata().getName()).isEqualTo("backup-" + service.name());
        assertThat(cron.getMetadata().getNamespace()).isEqualTo(org.name());
        assertThat(s.getSchedule()).isEqualTo(service.backup().schedule());
        assertThat(cron.getMetadata().getAnnotations())
            .containsEntry(
                "clickplane.io/backup-retention", Integer.toString(service.backup().retention()));
        assertThat(s.getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(s.getTimeZone()).isEqualTo("Etc/UTC");
        assertThat(s.getSuspend()).isEqualTo(!service.backup().enabled());
        assertThat(s.getSuccessfulJobsHistoryLimit()).isEqualTo(3);
        assertThat(s.getFailedJobsHistoryLimit()).isEqualTo(3);
        BackupTiming timing = BackupTiming.of(service.backup());
        assertThat(s.getStartingDeadlineSeconds()).isEqualTo(timing.startingDeadline().toSeconds());
        var job = s.getJobTemplate().getSpec();
        assertThat(job.getActiveDeadlineSeconds()).isEqualTo(timing.activeDeadline().toSeconds());
        var pod = job.getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(Naming.BACKUP_RUNNER_SERVICE_ACCOUNT);
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        var container = pod.getContainers().get(0);
        assertThat(container.getImage())
            .isEqualTo("clickhouse/clickhouse-server:" + service.version());
        assertThat(container.getCommand()).containsExactly("/bin/sh", "/scripts/backup.sh");
        Map<String, String> env = new TreeMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        assertThat(env)
            .containsEntry("CLICKHOUSE_HOST", Naming.replicaStatefulSet(service.name(), 0, 0))
            .containsEntry("CLICKHOUSE_PORT", "9000")
            .containsEntry("CLICKHOUSE_USER", "admin");
        var password =
            container.getEnv().stream()
                .filter(e -> e.getName().equals("CLICKHOUSE_PASSWORD"))
                .findFirst()
                .orElseThrow();
        assertThat(password.getValue()).isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName())
            .isEqualTo(service.name() + "-credentials");
        // Tenant namespaces are in the ambient mesh: no per-pod proxy, so no sidecar annotation
        // (sidecar.istio.io/*) has anything to act on.
        Map<String, String> podAnnotations = job.getTemplate().getMetadata().getAnnotations();
        assertThat(podAnnotations == null ? Map.<String, String>of() : podAnnotations)
            .as("pod annotations of " + service.name())
            .allSatisfy((k, v) -> assertThat(k).doesNotStartWith("sidecar.istio.io/"));
      }
    }
    // Values straight from stacks/Pulumi.dev.yaml.
    assertThat(file("tenants/dev/globex/clicks/backup-cronjob.yaml"))
        .contains("schedule: 0 */6 * * *")
        .contains("clickplane.io/backup-retention: \"28\"");
    assertThat(file("tenants/dev/acme/scratch/backup-cronjob.yaml"))
        .contains("schedule: 30 3 * * *")
        .contains("clickplane.io/backup-retention: \"3\"");
  }

  @Test
  void theScriptsRunThePlatformsStatementsOnOneReplicaOfAOneShardService() throws Exception {
    OrganisationSpec acme = spec.organisation("acme").orElseThrow();
    ServiceSpec events = acme.service("events").orElseThrow();
    ConfigMap scripts = parse("tenants/dev/acme/events/backup-configmap.yaml", ConfigMap.class);
    String backup = scripts.getData().get(BackupRenderer.BACKUP_SCRIPT);
    BackupStatements sql = BackupRenderer.statements(spec, acme, events);
    String endpoint = Naming.backupEndpoint(spec, "acme");
    assertThat(endpoint)
        .isEqualTo("https://" + Naming.backupBucket(spec, "acme") + ".s3.eu-west-1.amazonaws.com/");
    assertThat(backup)
        .startsWith("#!/bin/sh\n")
        .contains("set -eu\n")
        .contains("MINUTE=${JOB_NAME##*-}")
        .contains("BACKUP_ID=$(date -u -d \"@$((MINUTE * 60))\" +%Y%m%dT%H%M%SZ)")
        .contains(BackupScripts.quote(sql.chooseBase(BackupStatements.fullBackupHorizon())))
        .contains(
            "BACKUP TABLE system.users, TABLE system.roles, TABLE system.settings_profiles, TABLE"
                + " system.row_policies, TABLE system.quotas, ALL EXCEPT DATABASES system,"
                + " information_schema, INFORMATION_SCHEMA TO"
                + " S3('"
                + endpoint
                + "events/${BACKUP_ID}/')"
                + " SETTINGS id = 'events-${BACKUP_ID}'")
        .contains(" ASYNC\" >/dev/null")
        .contains(", base_backup =" + " S3('" + endpoint + "events/${BASE_ID}/')")
        .doesNotContain("ON CLUSTER '")
        .doesNotContain("@@")
        .doesNotContain("aws_access_key")
        .doesNotContain("SECRET");
    assertThat(scripts.getData()).doesNotContainKey(BackupRenderer.RESTORE_SCRIPT);
    // The shell reads every statement as one word: no unescaped quote or backquote inside.
    for (String line : backup.split("\n")) {
      if (line.strip().startsWith("ch \"") || line.contains("$(ch \"")) {
        String word = line.substring(line.indexOf("ch \"") + 4);
        assertThat(word.replace("\\\"", "").replace("\\`", "")).as(line).doesNotContain("`");
      }
    }
  }

  @Test
  void aOneHostServiceIsBackedUpWithoutOnClusterAndItsManifestSaysRoot() throws Exception {
    // acme/scratch is mode single (1 shard x 1 replica); acme/events has 3 replicas.
    OrganisationSpec acme = spec.organisation("acme").orElseThrow();
    ServiceSpec scratch = acme.service("scratch").orElseThrow();
    assertThat(scratch.shards() * scratch.replicas()).isEqualTo(1);
    BackupStatements single = BackupRenderer.statements(spec, acme, scratch);
    BackupStatements events =
        BackupRenderer.statements(spec, acme, acme.service("events").orElseThrow());
    BackupStatements clicks =
        BackupRenderer.statements(
            spec,
            spec.organisation("globex").orElseThrow(),
            spec.organisation("globex").orElseThrow().service("clicks").orElseThrow());
    assertThat(single.layout()).isEqualTo(BackupLayout.ROOT);
    assertThat(events.layout())
        .as("one shard of three replicas: backed up on one replica, at the root")
        .isEqualTo(BackupLayout.ROOT);
    assertThat(clicks.layout())
        .as("two shards: one backup per shard")
        .isEqualTo(BackupLayout.SHARDS);
    String endpoint = Naming.backupEndpoint(spec, "acme");
    String backup =
        parse("tenants/dev/acme/scratch/backup-configmap.yaml", ConfigMap.class)
            .getData()
            .get(BackupRenderer.BACKUP_SCRIPT);
    assertThat(backup)
        .contains(
            "ALL EXCEPT DATABASES system, information_schema, INFORMATION_SCHEMA TO S3('"
                + endpoint
                + "scratch/${BACKUP_ID}/') SETTINGS id = 'scratch-${BACKUP_ID}'")
        .doesNotContain("ON CLUSTER '")
        .contains("[] AS tables, 'root' AS layout SETTINGS")
        .contains(", 'root' FROM system.backups WHERE id = 'scratch-${BACKUP_ID}'");
    assertThat(
            parse("tenants/dev/acme/events/backup-configmap.yaml", ConfigMap.class)
                .getData()
                .get(BackupRenderer.BACKUP_SCRIPT))
        .contains("INFORMATION_SCHEMA TO S3(")
        .doesNotContain("ON CLUSTER '")
        .contains("[] AS tables, 'root' AS layout SETTINGS")
        .contains(", 'root' FROM system.backups WHERE id = 'events-${BACKUP_ID}'");
  }

  @Test
  void aShardedServiceIsBackedUpShardByShardOnReplicaZeroOfEachShard() throws Exception {
    // globex/clicks: 2 shards.
    String backup =
        parse("tenants/dev/globex/clicks/backup-configmap.yaml", ConfigMap.class)
            .getData()
            .get(BackupRenderer.BACKUP_SCRIPT);
    String endpoint = Naming.backupEndpoint(spec, "globex");
    String access =
        "TABLE system.users, TABLE system.roles, TABLE system.settings_profiles, TABLE"
            + " system.row_policies, TABLE system.quotas, ";
    String data = "ALL EXCEPT DATABASES system, information_schema, INFORMATION_SCHEMA";
    assertThat(backup)
        .contains(
            "on chi-clicks-main-0-0 \"BACKUP "
                + access
                + data
                + " TO S3('"
                + endpoint
                + "clicks/${BACKUP_ID}/shard-1/') SETTINGS id = 'clicks-${BACKUP_ID}'")
        .contains(
            "on chi-clicks-main-1-0 \"BACKUP "
                + data
                + " TO S3('"
                + endpoint
                + "clicks/${BACKUP_ID}/shard-2/') SETTINGS id = 'clicks-${BACKUP_ID}', base_backup"
                + " = S3('"
                + endpoint
                + "clicks/${BASE_ID}/shard-2/') ASYNC\"")
        .contains("clicks/${BACKUP_ID}/shard-1.json")
        .contains("clicks/${BACKUP_ID}/shard-2.json")
        .contains("clicks/${BACKUP_ID}/shard-{1..2}.json")
        .contains("'_clickplane_backup_s1_'")
        .contains("'_clickplane_backup_s2_'")
        .contains("'running' AS status")
        .contains("[] AS tables, 'shards' AS layout SETTINGS")
        .doesNotContain("ON CLUSTER")
        .doesNotContain("@@")
        .doesNotContain("SECRET");
    // Shard 2's statements never go to shard 1's server, and the other way round.
    for (String line : backup.split("\n")) {
      if (line.contains("shard-2/") && line.contains("BACKUP ")) {
        assertThat(line).as(line).contains("chi-clicks-main-1-0").doesNotContain("main-0-0");
      }
      if (line.contains("shard-1/") && line.contains("BACKUP ")) {
        assertThat(line).as(line).contains("chi-clicks-main-0-0").doesNotContain("main-1-0");
      }
    }
  }

  @Test
  void theRestoreJobFollowsTheLayoutTheBackupsManifestRecords() throws Exception {
    String restore =
        parse("tenants/dev/acme/events-copy/backup-configmap.yaml", ConfigMap.class)
            .getData()
            .get(BackupRenderer.RESTORE_SCRIPT);
    String endpoint = Naming.backupEndpoint(spec, "acme");
    String elements =
        "RESTORE TABLE system.users, TABLE system.roles, TABLE system.settings_profiles, TABLE"
            + " system.row_policies, TABLE system.quotas, ALL EXCEPT DATABASES system,"
            + " information_schema, INFORMATION_SCHEMA";
    String from = " FROM S3('" + endpoint + "events/${BACKUP_ID}/')";
    assertThat(restore)
        .contains(
            "LAYOUT=$(ch \"SELECT if(layout = '', 'cluster', layout) FROM s3('"
                + endpoint
                + "events/${BACKUP_ID}/clickplane.json', 'JSONEachRow', 'layout String')\")")
        .contains("  root)\n")
        .contains("    [ \"$STARTED\" = 1 ] || ch \"" + elements + from)
        .contains(
            "  *)\n    [ \"$STARTED\" = 1 ] || ch \"" + elements + " ON CLUSTER 'main'" + from)
        // A one-shard service cannot take a per-shard backup: refused, not half restored.
        .contains("is kept per shard; this service has one shard");
  }

  @Test
  void aNewVersionIsANewRestoreJobNotAnUpdateKubernetesRefuses() throws Exception {
    String path = "tenants/dev/acme/events-copy/restore-job.yaml";
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      orgs.add(
          org.withServices(
              org.services().stream()
                  .map(s -> s.name().equals("events-copy") ? s.withVersion("25.3") : s)
                  .toList()));
    }
    ManifestSet upgraded = BackupRenderer.render(spec.withOrganisations(orgs), ACCESS);
    Job before = parse(path, Job.class);
    Job after = Yaml.mapper().readValue(upgraded.bytes(path), Job.class);
    assertThat(after.getSpec().getTemplate()).isNotEqualTo(before.getSpec().getTemplate());
    assertThat(after.getMetadata().getName())
        .isNotEqualTo(before.getMetadata().getName())
        .startsWith("restore-events-copy-")
        .hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void aRestoredServiceGetsAOneShotJobThatRefusesToWriteOverData() throws Exception {
    String dir = "tenants/dev/acme/events-copy/";
    Job job = parse(dir + "restore-job.yaml", Job.class);
    assertThat(job.getMetadata().getName()).matches("restore-events-copy-[0-9a-f]{8}");
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).as("kept, so never re-created").isNull();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .containsExactly("/bin/sh", "/scripts/restore.sh");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("clickplane.io/restore-from-service", "events")
        .containsEntry("clickplane.io/restore-from-backup", "latest");
    String restore =
        parse(dir + "backup-configmap.yaml", ConfigMap.class)
            .getData()
            .get(BackupRenderer.RESTORE_SCRIPT);
    String endpoint = Naming.backupEndpoint(spec, "acme");
    assertThat(restore)
        .contains("clusterAllReplicas('main', system.one)")
        .contains("= \"3\" ]")
        .contains("refused: the service already holds $TABLES tables")
        .contains("FROM S3('" + endpoint + "events/${BACKUP_ID}/')")
        .contains("allow_different_database_def = 1")
        .contains("events-copy/restore.json");
    // Only the restored service has one.
    assertThat(tree.paths().stream().filter(p -> p.endsWith("/restore-job.yaml")))
        .containsExactly(dir + "restore-job.yaml");
  }

  @Test
  void clickHousePodsAccountCarriesTheRoleOfTheSameNamingRuleAsPulumi() throws Exception {
    ServiceAccount account =
        parse("tenants/dev/acme/serviceaccount-clickhouse-backup.yaml", ServiceAccount.class);
    assertThat(account.getMetadata().getName()).isEqualTo(Naming.BACKUP_SERVICE_ACCOUNT);
    assertThat(account.getMetadata().getAnnotations())
        .containsEntry(
            "eks.amazonaws.com/role-arn",
            "arn:aws:iam::${clickplane_aws_account_id}:role/" + Naming.backupRole(spec, "acme"))
        .containsEntry("eks.amazonaws.com/sts-regional-endpoints", "true");
    ServiceAccount runner =
        parse(
            "tenants/dev/acme/serviceaccount-clickhouse-backup-runner.yaml", ServiceAccount.class);
    assertThat(runner.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(runner.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void theStrictnessCheckSeesAFieldTheApiDoesNotHave() throws Exception {
    CronJob bad =
        Yaml.mapper()
            .readValue(
                "apiVersion: batch/v1\nkind: CronJob\nspec:\n  schedule: '* * * * *'\n"
                    + "  concurrency: Forbid\n",
                CronJob.class);
    assertThat(UnknownFields.of(bad, "$")).containsExactly("$.Spec: [concurrency]");
  }

  @Test
  void renderingIsAPureFunctionOfTheSpec() {
    assertThat(BackupRenderer.render(spec, ACCESS).files())
        .usingRecursiveComparison()
        .isEqualTo(tree.files());
  }

  @Test
  void everyDirectoryBuildsWithKustomize(@TempDir Path dir) throws Exception {
    Map<String, TreeSet<String>> byDir = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
      String path = e.getKey();
      byDir
          .computeIfAbsent(path.substring(0, path.lastIndexOf('/')), d -> new TreeSet<>())
          .add(path.substring(path.lastIndexOf('/') + 1));
    }
    for (Map.Entry<String, TreeSet<String>> e : byDir.entrySet()) {
      StringBuilder k = new StringBuilder("resources:\n");
      e.getValue().forEach(f -> k.append("  - ").append(f).append('\n'));
      Files.writeString(dir.resolve(e.getKey()).resolve("kustomization.yaml"), k.toString());
      Process p =
          new ProcessBuilder("kubectl", "kustomize", dir.resolve(e.getKey()).toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(e.getKey() + ":\n" + out).isZero();
      assertThat(out).contains("kind: ");
    }
    assertThat(byDir).containsKey("tenants/dev/acme/events-copy").containsKey("tenants/dev/acme");
  }
}
