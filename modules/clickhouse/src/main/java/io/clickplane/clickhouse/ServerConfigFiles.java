package io.clickplane.clickhouse;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ClickHouse server configuration files a service's installation carries in {@code
 * spec.configuration.files}: the storage policy over its data disks, the replicated user directory,
 * the replication and Prometheus defaults, and the {@code default} settings profile with its
 * constraints. Keys are the operator's file paths ({@code config.d/...}, {@code users.d/...}).
 */
final class ServerConfigFiles {
  /** ZooKeeper path holding users, roles, quotas, row policies and settings profiles. */
  static final String ACCESS_PATH = "/clickhouse/access/";

  /** ZooKeeper path of a ReplicatedMergeTree created without arguments. */
  static final String REPLICA_PATH = "/clickhouse/tables/{uuid}/{shard}";

  /** Replica name of a ReplicatedMergeTree created without arguments. */
  static final String REPLICA_NAME = "{replica}";

  /** File enabling the pod's web identity for the organisation's backup bucket only. */
  static final String BACKUP_S3_FILE = "config.d/clickplane-backup-s3.xml";

  private ServerConfigFiles() {}

  /**
   * ClickHouse's S3 settings for the organisation's backup bucket: requests to URLs under {@code
   * endpoint} take credentials from the environment, i.e. the web identity (AWS_ROLE_ARN,
   * AWS_WEB_IDENTITY_TOKEN_FILE) that IRSA injects into the pod; every other URL gets none. (The
   * server's own default, {@code S3::DEFAULT_USE_ENVIRONMENT_CREDENTIALS}, is true for every URL.)
   */
  static String backupS3(String endpoint) {
    return "<clickhouse>\n"
        + "  <s3>\n"
        + "    <use_environment_credentials>false</use_environment_credentials>\n"
        + "    <clickplane_backup>\n"
        + "      <endpoint>"
        + endpoint
        + "</endpoint>\n"
        + "      <use_environment_credentials>true</use_environment_credentials>\n"
        + "    </clickplane_backup>\n"
        + "  </s3>\n"
        + "</clickhouse>\n";
  }

  /** The files of a service (the same text for every service with the same number of disks). */
  static Map<String, String> of(ServiceSpec service) {
    Map<String, String> files = new TreeMap<>();
    files.put("config.d/clickplane-storage.xml", storage(service));
    files.put("config.d/clickplane-user-directories.xml", USER_DIRECTORIES);
    files.put("config.d/clickplane-replication.xml", REPLICATION);
    files.put(PROFILES_FILE, PROFILES);
    files.put(TLS_FILE, TLS);
    return files;
  }

  /** The settings profile file (in {@code users.d/}, where ClickHouse reads profiles). */
  static final String PROFILES_FILE = "users.d/clickplane-profiles.xml";

  /**
   * Settings of the {@code default} profile, in file order; those in {@link #CONSTANT_SETTINGS} are
   * constraints no session can change.
   */
  static final List<Map<String, String>> PROFILE_SETTINGS =
      List.of(
          Map.of("name", "default_table_engine", "value", "ReplicatedMergeTree"),
          Map.of("name", "database_replicated_allow_only_replicated_engine", "value", "1"),
          Map.of("name", "distributed_ddl_output_mode", "value", "null_status_on_timeout"),
          Map.of("name", "distributed_ddl_task_timeout", "value", "180"));

  static final List<String> CONSTANT_SETTINGS =
      List.of("default_table_engine", "database_replicated_allow_only_replicated_engine");

  private static final String PROFILES =
      ConfigTemplates.render(
          "profiles.xml.ftl", Map.of("settings", PROFILE_SETTINGS, "constants", CONSTANT_SETTINGS));

  /** The endpoint's TLS listeners and certificate (see {@code tls.xml.ftl}). */
  static final String TLS_FILE = "config.d/clickplane-tls.xml";

  /** Where the service's certificate Secret is mounted in the ClickHouse container. */
  static final String CERTIFICATE_DIRECTORY = "/etc/clickhouse-server/tls";

  private static final String TLS =
      ConfigTemplates.render(
          "tls.xml.ftl",
          Map.of(
              "nativeTlsPort", Ports.CLICKHOUSE_NATIVE_TLS,
              "httpsPort", Ports.CLICKHOUSE_HTTPS,
              "certificateDirectory", CERTIFICATE_DIRECTORY));

  private static final String USER_DIRECTORIES =
      ConfigTemplates.render("user-directories.xml.ftl", Map.of("accessPath", ACCESS_PATH));

  private static final String REPLICATION =
      ConfigTemplates.render(
          "replication.xml.ftl",
          Map.of(
              "replicaPath", REPLICA_PATH,
              "replicaName", REPLICA_NAME,
              "prometheusPort", ClickHouseDefaults.PROMETHEUS_PORT));

  /** Storage policies by number of disks, each rendered once. */
  private static final Map<Integer, String> STORAGE_BY_DISKS = new ConcurrentHashMap<>();

  static String storage(ServiceSpec service) {
    return STORAGE_BY_DISKS.computeIfAbsent(service.storage().disks(), ServerConfigFiles::storage);
  }

  private static String storage(int disks) {
    List<Map<String, String>> extra = new ArrayList<>();
    for (int i = 1; i < disks; i++) {
      extra.add(Map.of("name", Naming.dataVolume(i), "path", ClickHouseDefaults.extraDiskPath(i)));
    }
    return ConfigTemplates.render("storage.xml.ftl", Map.of("extraDisks", extra));
  }
}
