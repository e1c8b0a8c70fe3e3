package io.clickplane.backup.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration the end-to-end tests start the engine with: users from {@code users.xml}, whose
 * {@code default} user may manage access (the jobs create and drop users and grants).
 */
public final class EngineConfig {
  private EngineConfig() {}

  /** Writes {@code dir/conf/config.xml} and its {@code users.xml}; returns the config's path. */
  public static Path write(Path dir) throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path config = conf.resolve("config.xml");
    Files.writeString(
        config,
        "<clickhouse><user_directories><users_xml><path>users.xml</path></users_xml>"
            + "</user_directories></clickhouse>\n");
    Files.writeString(
        conf.resolve("users.xml"),
        "<clickhouse><profiles><default/></profiles><users><default><password></password>"
            + "<profile>default</profile><quota>default</quota>"
            + "<access_management>1</access_management></default></users>"
            + "<quotas><default/></quotas></clickhouse>\n");
    return config;
  }
}
