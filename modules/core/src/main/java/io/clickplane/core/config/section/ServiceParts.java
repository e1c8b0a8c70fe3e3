package io.clickplane.core.config.section;

import io.clickplane.core.config.CanaryLine;
import io.clickplane.core.config.ListLimits;
import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.AccessSpec;
import io.clickplane.core.spec.BackupSpec;
import io.clickplane.core.spec.ChangeAllowances;
import io.clickplane.core.spec.EndpointSpec;
import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.Resources;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.UpgradeChannel;
import io.clickplane.core.spec.UpgradeSpec;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The smaller maps of a service: resources, backup, allowed changes, databases, endpoint, access,
 * upgrade and restore. Each reads its map from the service's fields and returns null when it does
 * not bind.
 */
final class ServiceParts {
  public static final Resources DEFAULT_RESOURCES = new Resources("2", "8Gi");
  public static final String DEFAULT_BACKUP_SCHEDULE = "0 2 * * *";
  public static final int DEFAULT_BACKUP_RETENTION = 7;

  static final Key<String> CPU =
      Key.string(
              "cpu",
              DEFAULT_RESOURCES.cpu(),
              v ->
                  Quantity.check(
                      v,
                      "a CPU quantity such as \"4\" or \"3500m\"",
                      new BigDecimal("0.25"),
                      new BigDecimal("192"),
                      "250m",
                      "192"))
          .doc(
              "CPU quantity, 250m..192",
              "Without `plan`: CPU per ClickHouse pod (requests = limits); the pod runs on the"
                  + " smallest plan that fits. Quote plain numbers.")
          .writes(Resources::cpu);
  static final Key<String> MEMORY =
      Key.string(
              "memory",
              DEFAULT_RESOURCES.memory(),
              v ->
                  Quantity.check(
                      v,
                      "a memory quantity such as 16Gi",
                      Quantity.gib(1),
                      Quantity.gib(1536),
                      "1Gi",
                      "1536Gi"))
          .doc("memory quantity, 1Gi..1536Gi", "Memory per ClickHouse pod.")
          .writes(Resources::memory);
  static final Key<Resources> RESOURCES =
      Key.<Resources>nested("resources", KeyTable.of("resources", CPU, MEMORY))
          .writes((ServiceSpec s) -> byPlan(s) ? null : s.resources());

  /**
   * {@code plan}, read with {@code clickplane:plans} after the sections ({@code PlanBinding}). The
   * canonical spec writes it for a service sized by a shipped plan, so reading the snapshot gives
   * the same plan back; otherwise it writes the resources, which map to the smallest plan that fits
   * them.
   */
  static final Key<String> PLAN =
      Key.<String>bound("plan")
          .defaultDoc("none")
          .doc(
              "a plan's name",
              "The node each ClickHouse pod gets whole; its requests and limits are that node"
                  + " less the platform's overheads and a 1 % margin (capacity.md). Not together"
                  + " with `resources`.")
          .writes((ServiceSpec s) -> byPlan(s) ? s.resources().plan() : null);

  /** Whether the service's resources are exactly what its shipped plan gives. */
  static boolean byPlan(ServiceSpec s) {
    return io.clickplane.core.plans.PlanCatalogue.defaultCatalogue()
        .find(s.resources().plan())
        .flatMap(io.clickplane.core.plans.PlanSizing::tryOf)
        .filter(p -> p.resources().equals(s.resources()))
        .isPresent();
  }

  static final Key<String> SCHEDULE =
      Key.string("schedule", DEFAULT_BACKUP_SCHEDULE, Rules::cron)
          .doc(
              "cron, 5 fields (or `@daily`, …), UTC",
              "When backups run (the service's backup CronJob). Its longest gap between runs also"
                  + " bounds how old the newest backup may be before `backups verify` fails. See"
                  + " [backups](backups.md).")
          .writes(BackupSpec::schedule);
  static final Key<Integer> RETENTION =
      Key.integer("retention", DEFAULT_BACKUP_RETENTION, 1, 365)
          .doc(
              "integer 1..365",
              "Good (restorable) backups `backups prune` keeps; the full backups that kept"
                  + " incrementals are based on are kept as well.")
          .writes(BackupSpec::retention);
  static final Key<Boolean> ENABLED =
      Key.bool("enabled", true)
          .doc(
              "boolean",
              "`false` suspends the CronJob (no scheduled backups; `verify` does not check"
                  + " freshness).")
          .writes(BackupSpec::enabled);
  static final Key<String> DRILL_SCHEDULE =
      Key.<String>bound("schedule")
          .defaultDoc("weekly: `M 10 * * 0`, M from the organisation and service names")
          .doc(
              "cron, 5 fields (or `@weekly`, …), UTC, or `off`",
              "When the restore drill runs (CronJob `drill-<service>`): the newest verified backup"
                  + " is restored into a throwaway ClickHouse and compared table by table with its"
                  + " manifest. Its longest gap also bounds how old the last drill may be before"
                  + " `backups verify` fails. No drill for a stopped service. See [restore"
                  + " drills](backups.md#restore-drills).")
          .writes(BackupSpec.Drill::schedule);
  static final Key<BackupSpec.Drill> DRILL =
      Key.<BackupSpec.Drill>nested("drill", KeyTable.of("drill", DRILL_SCHEDULE))
          .writes(BackupSpec::drillSetting);
  static final Key<BackupSpec> BACKUP =
      Key.<BackupSpec>nested("backup", KeyTable.of("backup", SCHEDULE, RETENTION, ENABLED, DRILL))
          .writes(ServiceSpec::backup);

  static final Key<Boolean> DISK_SHRINK =
      allow(
              "diskShrink",
              "a smaller data or log disk, or fewer data disks (the volume is replaced: data is lost)")
          .writes(ChangeAllowances::diskShrink);
  static final Key<Boolean> SHARD_REMOVAL =
      allow("shardRemoval", "fewer shards (their data is lost)")
          .writes(ChangeAllowances::shardRemoval);
  static final Key<Boolean> REPLICA_REDUCTION =
      allow("replicaReduction", "fewer replicas per shard")
          .writes(ChangeAllowances::replicaReduction);
  static final Key<Boolean> COORDINATOR_SWITCH =
      allow("coordinatorSwitch", "ZooKeeper ↔ Keeper (replication metadata does not move)")
          .writes(ChangeAllowances::coordinatorSwitch);
  static final Key<Boolean> VERSION_DOWNGRADE =
      allow(
              "versionDowngrade",
              "a lower ClickHouse release line, or a canary on a lower line than `version`")
          .writes(ChangeAllowances::versionDowngrade);
  static final Key<Boolean> STORAGE_CLASS_CHANGE =
      allow(
              "storageClassChange",
              "another `storage.class` (volumes recreated; data re-replicated, or lost for `single`)")
          .writes(ChangeAllowances::storageClassChange);
  static final Key<Boolean> DIRECT_UPGRADE =
      allow("directUpgrade", "a new `version` on every replica at once, without a canary first")
          .writes(ChangeAllowances::directUpgrade);
  static final Key<Boolean> STOP_WITHOUT_BACKUP =
      allow(
              "stopWithoutBackup",
              "`state: stopped` although the publish cannot show a backup fresh by the service's"
                  + " schedule (see [stop and start](backups.md#stop-and-start))")
          .writes(ChangeAllowances::stopWithoutBackup);
  static final Key<ChangeAllowances> ALLOW =
      Key.<ChangeAllowances>table(
              "allow",
              KeyTable.of(
                  "clickplane:organisations[].services[].allow",
                  DISK_SHRINK,
                  SHARD_REMOVAL,
                  REPLICA_REDUCTION,
                  COORDINATOR_SWITCH,
                  VERSION_DOWNGRADE,
                  STORAGE_CLASS_CHANGE,
                  DIRECT_UPGRADE,
                  STOP_WITHOUT_BACKUP))
          .defaultDoc("all `false`")
          .doc("map of booleans", "Destructive changes allowed explicitly (below).")
          .writes(ServiceSpec::allow);

  static final Key<List<String>> DATABASES =
      Key.strings("databases", List.of(), Rules::databaseName)
          .doc(
              "list of database names",
              "Databases the platform creates with the `Replicated` engine (a Job per service,"
                  + " idempotent, re-run when the list changes); the customer's `owner` gets"
                  + " table-level grants on each. Removing a name never drops the database."
                  + " Lowercase letters, digits and `_`; not `default`, `system` or"
                  + " `information_schema`; each once.")
          .writes(ServiceSpec::databases);

  static final Key<Boolean> DEDICATED_LOAD_BALANCER =
      Key.bool("dedicatedLoadBalancer", false)
          .doc(
              "boolean",
              "Front this service with its own network load balancer instead of the"
                  + " environment's shared one (same gateway pods; DNS points the service's name at"
                  + " its own NLB). See [endpoints](endpoints.md#dedicated-load-balancers).")
          .writes(EndpointSpec::dedicatedLoadBalancer);
  static final Key<EndpointSpec> ENDPOINT =
      Key.<EndpointSpec>nested("endpoint", KeyTable.of("endpoint", DEDICATED_LOAD_BALANCER))
          .writes(ServiceSpec::endpoint);

  static final Key<List<String>> ALLOWED_CIDRS =
      Key.<List<String>>bound("allowedCidrs")
          .defaultDoc("absent: open")
          .doc(
              "list of CIDRs, at least one",
              "Client address ranges admitted at the gateway (checked against the client's"
                  + " address from the NLB's PROXY protocol header). **Without the key the"
                  + " endpoint is open to every address on the internet.** See"
                  + " [endpoints](endpoints.md#ip-allow-lists).")
          .writes(AccessSpec::allowedCidrs);
  static final Key<AccessSpec> ACCESS =
      Key.<AccessSpec>nested("access", KeyTable.of("access", ALLOWED_CIDRS))
          .writes((ServiceSpec s) -> s.access().isOpen() ? null : s.access());

  static final Key<String> CANARY =
      Key.<String>bound("canary")
          .defaultDoc("absent")
          .doc(
              "ClickHouse version",
              "Replica 0 of every shard runs this version ahead of the rest. Promote by setting"
                  + " `version` to it and removing `upgrade.canary`. See"
                  + " [endpoints](endpoints.md#canary-upgrades).")
          .writes((UpgradeSpec u) -> u.hasCanary() ? u.canary() : null);
  static final Key<UpgradeChannel> CHANNEL =
      Key.oneOf("channel", UpgradeChannel.class, UpgradeChannel.REGULAR)
          .doc(
              "`fast` \\| `regular` \\| `slow`",
              "How early the service takes a new release line in `upgrade plan` and `upgrade"
                  + " next`. See [upgrades](upgrades.md).")
          .writes((UpgradeSpec u) -> u.channel() == UpgradeChannel.REGULAR ? null : u.channel());
  static final Key<UpgradeSpec> UPGRADE =
      Key.<UpgradeSpec>nested("upgrade", KeyTable.of("upgrade", CANARY, CHANNEL))
          .writes(
              (ServiceSpec s) ->
                  s.upgrade().hasCanary() || s.upgrade().channel() != UpgradeChannel.REGULAR
                      ? s.upgrade()
                      : null);

  static final Key<String> RESTORE_SERVICE =
      Key.string("service", null, Rules::dnsLabel)
          .defaultDoc("absent")
          .doc(
              "another service of the same organisation (the service itself: only with the"
                  + " organisation's `allow.cellMove`)",
              "Create this service from that service's backup (a one-shot restore Job). Only on a"
                  + " service's first publication, or in the publish that moves its organisation"
                  + " to another cell: adding it to, or changing it on, a published service is"
                  + " refused otherwise — a restore never writes over a service. See"
                  + " [backups](backups.md#restore-into-a-new-service) and"
                  + " [cells](cells.md#moving-an-organisation).")
          .writes(RestoreSpec::service);
  static final Key<String> RESTORE_BACKUP =
      Key.string("backup", RestoreSpec.LATEST, Rules::backupId)
          .doc(
              "backup id (`20261130T020000Z`) or `latest`",
              "Which backup; `latest` is the source's newest restorable one when the Job runs.")
          .writes(RestoreSpec::backup);
  static final Key<RestoreSpec> RESTORE_FROM =
      Key.<RestoreSpec>nested(
              "restoreFrom", KeyTable.of("restoreFrom", RESTORE_SERVICE, RESTORE_BACKUP))
          .writes((ServiceSpec s) -> s.restoreFrom().orElse(null));

  private ServiceParts() {}

  private static Key<Boolean> allow(String name, String permits) {
    return Key.bool(name, false).doc("boolean", permits);
  }

  static Resources resources(Fields s) {
    Fields o = s.object(RESOURCES);
    String cpu = CPU.read(o);
    String memory = MEMORY.read(o);
    return o.ok() ? new Resources(cpu, memory) : null;
  }

  static BackupSpec backup(Fields s) {
    Fields o = s.object(BACKUP);
    String schedule = SCHEDULE.read(o);
    Integer retention = RETENTION.read(o);
    Boolean enabled = ENABLED.read(o);
    Fields d = o.object(DRILL);
    String drill =
        d.string(
            DRILL_SCHEDULE.name(),
            null,
            v -> BackupSpec.DRILL_OFF.equals(v) ? Optional.empty() : Rules.cron(v));
    return o.ok() && d.ok() ? new BackupSpec(schedule, retention, enabled, drill) : null;
  }

  static ChangeAllowances allowances(Fields s) {
    Fields o = s.object(ALLOW);
    Boolean a = DISK_SHRINK.read(o);
    Boolean b = SHARD_REMOVAL.read(o);
    Boolean c = REPLICA_REDUCTION.read(o);
    Boolean d = COORDINATOR_SWITCH.read(o);
    Boolean e = VERSION_DOWNGRADE.read(o);
    Boolean f = STORAGE_CLASS_CHANGE.read(o);
    Boolean g = DIRECT_UPGRADE.read(o);
    Boolean h = STOP_WITHOUT_BACKUP.read(o);
    return o.ok() ? new ChangeAllowances(a, b, c, d, e, f, g, h) : null;
  }

  /** Database names the platform creates: distinct, not a system database. */
  static List<String> databases(Fields s) {
    List<String> names = DATABASES.read(s);
    if (names == null) {
      return null;
    }
    Optional<String> tooMany =
        ListLimits.check(
            names.size(),
            ListLimits.DATABASES,
            "the databases Job creates them all in one shell argument, which Linux caps at 128 KiB");
    if (tooMany.isPresent()) {
      return s.refuse(s.path(DATABASES.name()), tooMany.get());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (!seen.add(names.get(i))) {
        return s.refuse(
            s.path(DATABASES.name()) + "[" + i + "]",
            "duplicate database \"" + names.get(i) + "\"; list each database once");
      }
    }
    return names;
  }

  static EndpointSpec endpoint(Fields s) {
    Fields o = s.object(ENDPOINT);
    Boolean dedicated = DEDICATED_LOAD_BALANCER.read(o);
    return o.ok() ? new EndpointSpec(dedicated) : null;
  }

  static AccessSpec access(Fields s) {
    Fields o = s.object(ACCESS);
    if (!o.has(ALLOWED_CIDRS.name())) {
      return AccessSpec.OPEN;
    }
    List<String> cidrs = o.strings(ALLOWED_CIDRS.name(), List.of(), v -> Rules.cidr(v, 0, 32));
    if (cidrs == null) {
      return null;
    }
    Optional<String> tooMany =
        ListLimits.check(
            cidrs.size(),
            ListLimits.ALLOWED_CIDRS,
            "the gateway's AuthorizationPolicy lists them all; merge ranges into wider CIDRs");
    if (tooMany.isPresent()) {
      return o.refuse(o.path(ALLOWED_CIDRS.name()), tooMany.get());
    }
    if (cidrs.isEmpty()) {
      return o.refuse(
          o.path(ALLOWED_CIDRS.name()),
          "must list at least one CIDR such as 203.0.113.0/24; remove the key to leave the endpoint"
              + " open to every address");
    }
    return new AccessSpec(cidrs);
  }

  static UpgradeSpec upgrade(
      Fields s, String version, MaintenanceWindow window, ChangeAllowances allow) {
    Fields o = s.object(UPGRADE);
    String canary = o.string(CANARY.name(), "", Rules::clickhouseVersion);
    UpgradeChannel channel = CHANNEL.read(o);
    if (canary == null || channel == null || window == null) {
      return null;
    }
    if (!canary.isEmpty() && canary.equals(version)) {
      return o.refuse(
          o.path(CANARY.name()),
          "is the service's version already; to promote the canary, set version to it and remove"
              + " upgrade.canary");
    }
    UpgradeSpec upgrade = new UpgradeSpec(canary, channel, window);
    if (version != null && allow != null) {
      Optional<String> lower = CanaryLine.check(version, upgrade, allow);
      if (lower.isPresent()) {
        return o.refuse(o.path(CANARY.name()), lower.get());
      }
    }
    return upgrade;
  }

  /**
   * The service's {@code restoreFrom}; naming the service itself only in an organisation with
   * {@code allow.cellMove} (the service is recreated empty in the cell it moves to).
   */
  static Optional<RestoreSpec> restore(Fields s, String name, boolean cellMove) {
    Fields o = s.object(RESTORE_FROM);
    if (!s.has(RESTORE_FROM.name())) {
      return Optional.empty();
    }
    String service = RESTORE_SERVICE.read(o);
    String backup = RESTORE_BACKUP.read(o);
    if (service != null && service.equals(name) && !cellMove) {
      return o.refuse(
          o.path(RESTORE_SERVICE.name()),
          "a service cannot be restored from its own backups; restore into a new service (or,"
              + " moving its organisation to another cell, set allow.cellMove on the organisation:"
              + " see docs/cells.md)");
    }
    return o.ok() ? Optional.of(new RestoreSpec(service, backup)) : null;
  }
}
