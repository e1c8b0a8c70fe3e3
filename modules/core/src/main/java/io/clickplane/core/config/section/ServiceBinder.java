package io.clickplane.core.config.section;

import io.clickplane.core.config.Rules;
import io.clickplane.core.naming.NameBudgets;
import io.clickplane.core.spec.AccessSpec;
import io.clickplane.core.spec.BackupSpec;
import io.clickplane.core.spec.ChangeAllowances;
import io.clickplane.core.spec.ClickHouseReleases;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.EndpointSpec;
import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.Mode;
import io.clickplane.core.spec.Resources;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.ServiceState;
import io.clickplane.core.spec.StorageSpec;
import io.clickplane.core.spec.UpgradeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The services of one organisation: each service's keys and checks, then the list's. */
final class ServiceBinder {
  /** The newest line of the one table of versions ({@link ClickHouseReleases#DEFAULT_LINE}). */
  public static final String DEFAULT_CLICKHOUSE_VERSION = ClickHouseReleases.DEFAULT_LINE;

  static final Key<String> NAME =
      Key.string("name", null, Rules::dnsLabel)
          .doc(
              "DNS-1123 label, unique in the organisation",
              "Service name; endpoint `<name>.<org>.<domain>`.")
          .writes(ServiceSpec::name);
  static final Key<Mode> MODE =
      Key.oneOf("mode", Mode.class, null)
          .doc("`single` \\| `replicated` \\| `sharded`", "Deployment mode.")
          .writes(ServiceSpec::mode);
  static final Key<Integer> SHARDS =
      Key.integer("shards", null, 1, 64)
          .defaultDoc("`1`; required for `sharded`")
          .doc("integer 1..64", "`1` for single and replicated; at least `2` for sharded.")
          .writes(ServiceSpec::shards);
  static final Key<Integer> REPLICAS =
      Key.integer("replicas", null, 1, 5)
          .defaultDoc("`1` for single, `3` otherwise")
          .doc(
              "integer 1..5",
              "Replicas per shard: `1` for single; 2..5 otherwise, at most"
                  + " `network.availabilityZones`.")
          .writes(ServiceSpec::replicas);
  static final Key<String> VERSION =
      Key.string("version", DEFAULT_CLICKHOUSE_VERSION, Rules::clickhouseVersion)
          .doc(
              "string: a release line, `\"26.3\"`; also `\"25.8\"`, `\"25.3\"` or `\"24.8\"`, past"
                  + " their end of support: only for services already published on them",
              "ClickHouse release line; the platform runs its pinned patch release ([supported"
                  + " versions](clickhouse.md#supported-versions)). A new service on a line past"
                  + " its end of support is refused by `render` and `publish`; a running one is"
                  + " warned about by `validate`, `plan` and `publish`. Written exactly so:"
                  + " `\"26.03\"` or a patch version such as `\"26.3.1.896\"` is refused with the"
                  + " form to write. Quote it.")
          .writes(ServiceSpec::version);
  static final Key<Boolean> DELETION_PROTECTION =
      Key.bool("deletionProtection", true)
          .doc("boolean", "While true, removing the service from the file is refused.")
          .writes(ServiceSpec::deletionProtection);
  static final Key<Coordinator> COORDINATOR =
      Key.oneOf("coordinator", Coordinator.class, Coordinator.ZOOKEEPER)
          .doc(
              "`zookeeper` \\| `keeper`",
              "ZooKeeper ensemble (3 nodes; 1 for single) or ClickHouse Keeper.")
          .writes(ServiceSpec::coordinator);

  static final Key<ServiceState> STATE =
      Key.oneOf("state", ServiceState.class, ServiceState.RUNNING)
          .doc(
              "`running` \\| `stopped`",
              "`stopped` powers the service off: ClickHouse (`spec.stop`) and its coordinator"
                  + " scaled to zero, endpoint and DNS name withdrawn, backups paused; volumes,"
                  + " users, schema and backups kept, so `running` brings back the"
                  + " same data. No compute is charged while stopped. See [stop and"
                  + " start](backups.md#stop-and-start).")
          .writes(ServiceSpec::state);

  static final KeyTable TABLE =
      KeyTable.of(
          "clickplane:organisations[].services[]",
          NAME,
          MODE,
          SHARDS,
          REPLICAS,
          VERSION,
          ServiceParts.RESOURCES,
          ServiceParts.PLAN,
          StorageBinder.STORAGE,
          ServiceParts.BACKUP,
          DELETION_PROTECTION,
          COORDINATOR,
          ServiceParts.ALLOW,
          ServiceParts.DATABASES,
          ServiceParts.ENDPOINT,
          ServiceParts.ACCESS,
          ServiceParts.UPGRADE,
          ServiceParts.RESTORE_FROM,
          MaintenanceBinder.SERVICE,
          STATE);

  private ServiceBinder() {}

  /**
   * The services of organisation {@code org}, or null when one does not bind (each service's
   * problems are reported, and the list's: duplicate names, restores from unknown services).
   *
   * @param cellMove the organisation has {@code allow.cellMove}: a service may then be restored
   *     from its own backups (into the cell it moves to)
   */
  static List<ServiceSpec> services(
      Fields org,
      String orgName,
      String domain,
      MaintenanceWindow organisationWindow,
      boolean cellMove) {
    List<Fields> objs = org.objects(OrganisationsBinder.SERVICES.name(), false, TABLE);
    if (objs == null) {
      return null;
    }
    List<ServiceSpec> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    boolean ok = true;
    for (Fields s : objs) {
      ServiceSpec service = service(s, orgName, domain, organisationWindow, cellMove);
      if (service != null && seen.putIfAbsent(service.name(), s.path()) != null) {
        s.problem(
            s.path(NAME.name()),
            "duplicate service name \""
                + service.name()
                + "\" in organisation \""
                + orgName
                + "\" (also at "
                + seen.get(service.name())
                + ")");
      }
      if (service == null) {
        ok = false;
      } else {
        out.add(service);
      }
    }
    for (int i = 0; ok && i < out.size(); i++) {
      String path = objs.get(i).path(ServiceParts.RESTORE_FROM.name()) + ".service";
      Fields s = objs.get(i);
      out.get(i)
          .restoreFrom()
          .filter(r -> !seen.containsKey(r.service()))
          .ifPresent(
              r ->
                  s.problem(
                      path,
                      "no service \""
                          + r.service()
                          + "\" in organisation \""
                          + orgName
                          + "\"; a service is restored from another service of the same"
                          + " organisation ("
                          + String.join(", ", seen.keySet().stream().sorted().toList())
                          + ")"));
    }
    return ok ? out : null;
  }

  private static ServiceSpec service(
      Fields s,
      String orgName,
      String domain,
      MaintenanceWindow organisationWindow,
      boolean cellMove) {
    String name = NAME.read(s);
    Mode mode = MODE.read(s);
    Integer shards = SHARDS.read(s);
    Integer replicas = REPLICAS.read(s);
    if (mode != null) {
      shards = shardsFor(s, mode, shards);
      replicas = replicasFor(s, mode, replicas);
    }
    String version = VERSION.read(s);
    Resources resources = ServiceParts.resources(s);
    StorageSpec storage = StorageBinder.bind(s);
    BackupSpec backup = ServiceParts.backup(s);
    Boolean deletionProtection = DELETION_PROTECTION.read(s);
    Coordinator coordinator = COORDINATOR.read(s);
    ChangeAllowances allow = ServiceParts.allowances(s);
    List<String> databases = ServiceParts.databases(s);
    EndpointSpec endpoint = ServiceParts.endpoint(s);
    AccessSpec access = ServiceParts.access(s);
    MaintenanceWindow window =
        MaintenanceBinder.window(s.object(MaintenanceBinder.SERVICE), organisationWindow);
    UpgradeSpec upgrade = ServiceParts.upgrade(s, version, window, allow);
    Optional<RestoreSpec> restoreFrom = ServiceParts.restore(s, name, cellMove);
    ServiceState state = STATE.read(s);
    if (name != null && orgName != null && shards != null && replicas != null && storage != null) {
      for (String m :
          NameBudgets.service(
              orgName,
              name,
              shards,
              replicas,
              storage.disks(),
              domain == null ? "example.com" : domain)) {
        s.problem(s.path(NAME.name()), m);
      }
    }
    if (!s.ok()) {
      return null;
    }
    return new ServiceSpec(
        name,
        mode,
        shards,
        replicas,
        version,
        resources,
        storage,
        backup,
        deletionProtection,
        coordinator,
        allow,
        databases,
        endpoint,
        access,
        upgrade,
        restoreFrom,
        state);
  }

  private static Integer shardsFor(Fields s, Mode mode, Integer shards) {
    String path = s.path(SHARDS.name());
    if (shards == null) {
      if (s.has(SHARDS.name())) {
        return null;
      }
      if (mode == Mode.SHARDED) {
        return s.refuse(path, "required for mode sharded: the number of shards, at least 2");
      }
      return 1;
    }
    if (mode == Mode.SHARDED && shards < 2) {
      return s.refuse(path, "must be at least 2 for mode sharded (got " + shards + ")");
    }
    if (mode != Mode.SHARDED && shards != 1) {
      return s.refuse(
          path,
          "must be 1 for mode "
              + mode.configName()
              + " (got "
              + shards
              + "); use mode sharded for more shards");
    }
    return shards;
  }

  private static Integer replicasFor(Fields s, Mode mode, Integer replicas) {
    String path = s.path(REPLICAS.name());
    if (replicas == null) {
      return s.has(REPLICAS.name()) ? null : (mode == Mode.SINGLE ? 1 : 3);
    }
    if (mode == Mode.SINGLE && replicas != 1) {
      return s.refuse(
          path,
          "must be 1 for mode single (got "
              + replicas
              + "); use mode replicated for more replicas");
    }
    if (mode != Mode.SINGLE && replicas < 2) {
      return s.refuse(
          path, "must be from 2 to 5 for mode " + mode.configName() + " (got " + replicas + ")");
    }
    return replicas;
  }
}
