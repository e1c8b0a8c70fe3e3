package io.clickplane.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickHouseEngineTest {
  @TempDir static Path dir;

  static Path config;

  @BeforeAll
  static void configuration() throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.createDirectories(conf.resolve("users.d"));
    config = conf.resolve("config.xml");
    Files.writeString(
        config,
        "<clickhouse><user_directories><users_xml><path>users.xml</path></users_xml>"
            + "</user_directories><macros><shard>0</shard><replica>r0</replica></macros>"
            + "</clickhouse>\n");
    Files.writeString(
        conf.resolve("users.xml"),
        """
        <clickhouse>
          <profiles><default><max_result_rows>2</max_result_rows></default></profiles>
          <users>
            <default><password></password><profile>default</profile><quota>default</quota>
              <access_management>1</access_management></default>
            <reader><password>not-used</password><profile>default</profile><quota>default</quota>
              <grants><query>GRANT SELECT ON data.*</query></grants></reader>
          </users>
          <quotas><default/></quotas>
        </clickhouse>
        """);
    Files.writeString(
        conf.resolve("users.d/limits.xml"),
        """
        <clickhouse>
          <profiles><default><constraints><max_result_rows><max>4</max></max_result_rows></constraints></default></profiles>
        </clickhouse>
        """);
  }

  @Test
  void runsStatementsOnTheConfiguredEngineAndReturnsRowsAndErrors() {
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("data"))) {
      assertThat(engine.rows("SELECT getMacro('replica'), currentUser(), 'a\\tb'"))
          .containsExactly(List.of("r0", "default", "a\tb"));
      assertThat(engine.rows("SELECT NULL")).containsExactly(Arrays.asList((String) null));
      assertThat(engine.error("SELECT no_such_function()")).contains("UNKNOWN_FUNCTION");
      assertThat(engine.error("SET max_result_rows = 64")).contains("SETTING_CONSTRAINT_VIOLATION");
      assertThat(engine.error("SET no_such_setting = 1")).contains("UNKNOWN_SETTING");
      engine.query("CREATE DATABASE data").orThrow();
      engine.query("CREATE TABLE data.t (x UInt8) ENGINE = MergeTree ORDER BY x").orThrow();
      engine.query("INSERT INTO data.t VALUES (7)").orThrow();
      assertThat(engine.query("SELECT x FROM data.t FORMAT JSONEachRow").orThrow())
          .isEqualTo("{\"x\":7}\n");
      assertThatThrownBy(() -> ClickHouseEngine.start(config, dir.resolve("other")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already open");
    }
  }

  @Test
  void startAsRunsAsAnotherConfiguredUserOnTheSameData() throws IOException {
    try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("shared"))) {
      engine.query("CREATE DATABASE IF NOT EXISTS data").orThrow();
      engine.query("CREATE TABLE data.u (x UInt8) ENGINE = MergeTree ORDER BY x").orThrow();
    }
    Path overlay = config.getParent().resolve("users.d").resolve(ClickHouseEngine.SESSION_OVERLAY);
    try (ClickHouseEngine reader =
        ClickHouseEngine.startAs("reader", config, dir.resolve("shared"))) {
      assertThat(overlay).exists();
      assertThat(reader.rows("SELECT count() FROM data.u")).containsExactly(List.of("0"));
      assertThat(reader.error("INSERT INTO data.u VALUES (1)")).contains("ACCESS_DENIED");
      assertThat(reader.error("CREATE DATABASE other")).contains("ACCESS_DENIED");
      assertThat(reader.rows("SHOW GRANTS"))
          .containsExactly(List.of("GRANT SELECT ON data.* TO default"));
    }
    assertThat(overlay).doesNotExist();
    assertThatThrownBy(() -> ClickHouseEngine.startAs("nobody", config, dir.resolve("shared")))
        .hasMessageContaining("no user nobody");
  }

  @Test
  void tabSeparatedOutputIsUnescaped() {
    assertThat(ClickHouseEngine.parseTabSeparated("a\\nb\tc\\\\d\t\\N\n\n"))
        .containsExactly(Arrays.asList("a\nb", "c\\d", null));
  }
}
