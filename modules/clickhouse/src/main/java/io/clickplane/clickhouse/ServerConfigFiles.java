package io.clickplane.clickhouse;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ClickHouse server configuration files a service's installation carries in {@code
 * spec.configuration.files}: the storage policy over its data disks, the replicated user directory,
 * and the replication and Prometheus defaults. Keys are the operator's file paths ({@code
 * config.d/...}).
 */
final class ServerConfigFiles {
  /** ZooKeeper path holding users, roles, quotas, row policies and settings profiles. */
  static final String ACCESS_PATH = "/clickhouse/access/";

  /** ZooKeeper path of a ReplicatedMergeTree created without arguments. */
  static final String REPLICA_PATH = "/clickhouse/tables/{uuid}/{shard}";

  /** Replica name of a ReplicatedMergeTree created without arguments. */
  static final String REPLICA_NAME = "{replica}";

  private ServerConfigFiles() {}

  static Map<String, String> of(ServiceSpec service) {
    Map<String, String> files = new TreeMap<>();
    files.put("config.d/clickplane-storage.xml", storage(service));
    files.put(
        "config.d/clickplane-user-directories.xml",
        ConfigTemplates.render("user-directories.xml.ftl", Map.of("accessPath", ACCESS_PATH)));
    files.put(
        "config.d/clickplane-replication.xml",
        ConfigTemplates.render(
            "replication.xml.ftl",
            Map.of(
                "replicaPath", REPLICA_PATH,
                "replicaName", REPLICA_NAME,
                "prometheusPort", ClickHouseDefaults.PROMETHEUS_PORT)));
    return files;
  }

  static String storage(ServiceSpec service) {
    List<Map<String, String>> extra = new ArrayList<>();
    for (int i = 1; i < service.storage().disks(); i++) {
      extra.add(Map.of("name", Naming.dataVolume(i), "path", ClickHouseDefaults.extraDiskPath(i)));
    }
    return ConfigTemplates.render("storage.xml.ftl", Map.of("extraDisks", extra));
  }
}
