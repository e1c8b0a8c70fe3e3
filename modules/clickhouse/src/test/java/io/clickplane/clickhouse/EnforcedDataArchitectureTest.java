package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.testing.ClickHouseEngine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The data architecture of a rendered service, enforced by a real ClickHouse engine loaded with the
 * rendered configuration files (see {@link ClickHouseEngine} for what the engine does not run:
 * replication, ZooKeeper, the replicated user directory).
 */
class EnforcedDataArchitectureTest {
  private static final Map<String, String> PASSWORDS =
      Map.of(
          ClickHouseDefaults.ADMIN_PASSWORD_KEY, "admin-test-password",
          ClickHouseDefaults.OWNER_PASSWORD_KEY, "owner-test-password");

  @TempDir static Path dir;
  static Path config;
  static JsonNode chi;

  @BeforeAll
  static void renderAndLayOut() throws Exception {
    ClickHouseEngine.assumeAvailable();
    String text =
        ClickHouseRenderer.render(Stacks.load("dev"))
            .text("tenants/dev/acme/events/clickhouseinstallation.yaml");
    chi = Yaml.mapper().readTree(text);
    config = OperatorConfigDir.write(chi, dir.resolve("conf"), PASSWORDS);
    // The admin creates the declared databases. The engine cannot run the Job's Replicated
    // statement (no interserver port, no ZooKeeper), so Atomic databases stand in for them here.
    try (ClickHouseEngine admin = ClickHouseEngine.startAs("admin", config, dir.resolve("data"))) {
      for (String db : List.of("analytics", "staging")) {
        admin.query("CREATE DATABASE " + db + " ENGINE = Atomic").orThrow();
      }
      admin
          .query("CREATE TABLE analytics.events (x UInt8) ENGINE = MergeTree ORDER BY x")
          .orThrow();
    }
  }

  @Test
  void everyProfileSettingTheRendererEmitsIsKnownWithItsValue() {
    try (ClickHouseEngine owner = ClickHouseEngine.startAs("owner", config, dir.resolve("data"))) {
      for (Map<String, String> setting : ServerConfigFiles.PROFILE_SETTINGS) {
        assertThat(
                owner.rows(
                    "SELECT value FROM system.settings WHERE name = '" + setting.get("name") + "'"))
            .as(setting.get("name"))
            .containsExactly(List.of(setting.get("value")));
      }
      assertThat(
              owner.rows(
                  "SELECT name FROM system.settings WHERE changed AND name IN ("
                      + "'default_table_engine', 'database_replicated_allow_only_replicated_engine')"
                      + " ORDER BY name"))
          .hasSize(2);
    }
  }

  @Test
  void everyServerSettingOfTheRenderedConfigFilesIsKnown() throws Exception {
    List<String> topLevel = new ArrayList<>();
    for (var it = chi.at("/spec/configuration/files").fields(); it.hasNext(); ) {
      var file = it.next();
      if (file.getKey().startsWith("config.d/")) {
        topLevel.addAll(children(file.getValue().asText()));
      }
    }
    assertThat(topLevel).contains("default_replica_path", "storage_configuration");
    try (ClickHouseEngine engine = ClickHouseEngine.startAs("admin", config, dir.resolve("data"))) {
      for (String name : topLevel) {
        assertThat(knownServerSetting(engine, name)).as("server setting %s", name).isTrue();
      }
      assertThat(
              engine.rows(
                  "SELECT value FROM system.server_settings WHERE name = 'default_replica_path'"))
          .containsExactly(List.of(ServerConfigFiles.REPLICA_PATH));
      assertThat(knownServerSetting(engine, "default_replica_pth")).isFalse();
      assertThatThrownBy(() -> assertThat(knownServerSetting(engine, "promethus")).isTrue())
          .isInstanceOf(AssertionError.class);
    }
  }

  /**
   * A server setting (system.server_settings) or a configuration section the engine reports in its
   * own tables: storage_configuration (system.storage_policies), user_directories
   * (system.user_directories); prometheus and s3 (endpoint sections the engine has no table for)
   * are accepted by name.
   */
  private static boolean knownServerSetting(ClickHouseEngine engine, String name) {
    if (!engine
        .rows("SELECT count() FROM system.server_settings WHERE name = '" + name + "'")
        .equals(List.of(List.of("0")))) {
      return true;
    }
    return switch (name) {
      case "storage_configuration" ->
          !engine.rows("SELECT policy_name FROM system.storage_policies").isEmpty();
      case "user_directories" -> !engine.rows("SELECT name FROM system.user_directories").isEmpty();
      case "prometheus" -> true;
      // Per-endpoint S3 settings of the backup file; the backup module's end-to-end test runs
      // BACKUP/RESTORE through them on the same engine.
      case "s3" -> true;
      // Listeners and their certificates: the engine opens no port. The TLS file's own test
      // (EndpointAndCanaryTest) checks their values.
      case "tcp_port_secure", "https_port", "openSSL" -> true;
      default -> false;
    };
  }

  @Test
  void theCustomerCannotChangeTheConstrainedSettings() {
    try (ClickHouseEngine owner = ClickHouseEngine.startAs("owner", config, dir.resolve("data"))) {
      assertThat(ServerConfigFiles.CONSTANT_SETTINGS)
          .containsExactly(
              "default_table_engine", "database_replicated_allow_only_replicated_engine");
      assertThat(owner.error("SET database_replicated_allow_only_replicated_engine = 0"))
          .contains("SETTING_CONSTRAINT_VIOLATION");
      assertThat(owner.error("SET default_table_engine = 'MergeTree'"))
          .contains("SETTING_CONSTRAINT_VIOLATION");
      assertThat(
              owner.error("SELECT 1 SETTINGS database_replicated_allow_only_replicated_engine = 0"))
          .contains("SETTING_CONSTRAINT_VIOLATION");
      assertThat(owner.error("CREATE SETTINGS PROFILE loose SETTINGS default_table_engine = 'Log'"))
          .contains("ACCESS_DENIED");
    }
  }

  @Test
  void theCustomerCannotCreateDatabasesNorTablesInDefaultNorDropADatabase() {
    try (ClickHouseEngine owner = ClickHouseEngine.startAs("owner", config, dir.resolve("data"))) {
      assertThat(owner.error("CREATE DATABASE mine")).contains("ACCESS_DENIED");
      assertThat(
              owner.error("CREATE DATABASE mine ENGINE = Replicated('/x', '{shard}', '{replica}')"))
          .contains("ACCESS_DENIED");
      assertThat(owner.error("CREATE TABLE default.t (x UInt8) ENGINE = MergeTree ORDER BY x"))
          .contains("ACCESS_DENIED");
      assertThat(owner.error("CREATE TABLE default.t (x UInt8) ORDER BY x"))
          .contains("ACCESS_DENIED");
      assertThat(owner.error("DROP DATABASE analytics")).contains("ACCESS_DENIED");
      assertThat(owner.error("SELECT * FROM system.one, default.nothing")).isNotEmpty();
    }
  }

  @Test
  void theCustomerWorksInTheDeclaredDatabasesAndManagesItsUsers() {
    try (ClickHouseEngine owner = ClickHouseEngine.startAs("owner", config, dir.resolve("data"))) {
      owner.query("INSERT INTO analytics.events VALUES (1), (2)").orThrow();
      assertThat(owner.rows("SELECT sum(x) FROM analytics.events")).containsExactly(List.of("3"));
      owner.query("CREATE VIEW staging.v AS SELECT 1 AS one").orThrow();
      owner.query("DROP VIEW staging.v").orThrow();
      assertThat(owner.query("SHOW GRANTS").orThrow())
          .contains("ON analytics.* TO default WITH GRANT OPTION")
          .contains("CREATE USER")
          .doesNotContain("CREATE DATABASE");
      // The engine has no writable user storage (the servers keep users in ZooKeeper): the
      // statement passes the privilege check and fails on storage, not on access.
      assertThat(owner.error("CREATE USER analyst IDENTIFIED BY 'x' DEFAULT ROLE NONE"))
          .doesNotContain("ACCESS_DENIED");
    }
  }

  @Test
  void theAdminCreatesDatabasesAndTheDefaultUserReadsNothing() {
    try (ClickHouseEngine admin = ClickHouseEngine.startAs("admin", config, dir.resolve("data"))) {
      admin.query("CREATE DATABASE platform_check ENGINE = Atomic").orThrow();
      admin.query("DROP DATABASE platform_check").orThrow();
      // The Job's statement parses and passes the privilege check; the engine stops at what it
      // lacks (a cluster, ZooKeeper, an interserver port).
      String refusal = admin.error(DatabasesJob.statement("analytics2"));
      assertThat(refusal).doesNotContain("ACCESS_DENIED").doesNotContain("SYNTAX_ERROR");
    }
    try (ClickHouseEngine local =
        ClickHouseEngine.startAs("default", config, dir.resolve("data"))) {
      assertThat(local.rows("SELECT dummy FROM system.one")).containsExactly(List.of("0"));
      assertThat(local.error("SELECT * FROM analytics.events")).contains("ACCESS_DENIED");
      assertThat(local.rows("SELECT name FROM system.tables WHERE database = 'analytics'"))
          .isEmpty();
      assertThat(local.error("INSERT INTO analytics.events VALUES (3)")).contains("ACCESS_DENIED");
    }
  }

  private static List<String> children(String xml) throws Exception {
    Element root =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
            .getDocumentElement();
    List<String> names = new ArrayList<>();
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        names.add(e.getTagName());
      }
    }
    return names;
  }
}
