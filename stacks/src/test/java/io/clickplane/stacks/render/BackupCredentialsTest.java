package io.clickplane.stacks.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jna.Library;
import com.sun.jna.Native;
import io.clickplane.backup.testing.LocalS3;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.ClickHouseEngine;
import io.clickplane.core.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 settings file the rendered installation carries, loaded into a real ClickHouse engine: for
 * URLs under the organisation's bucket endpoint ClickHouse takes credentials from its environment
 * (in a pod: the web identity IRSA injects; here: a key in the process environment, the next
 * provider of the same chain), and for any other URL it takes none.
 */
class BackupCredentialsTest {
  interface LibC extends Library {
    int setenv(String name, String value, int overwrite);

    int unsetenv(String name);
  }

  static final String[] VARIABLES = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_EC2_METADATA_DISABLED"
  };

  @Test
  void environmentCredentialsServeTheOrganisationsBucketOnly(@TempDir Path dir) throws Exception {
    ClickHouseEngine.assumeAvailable();
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    String chi =
        new String(
            Fleet.render(spec).files().get("tenants/dev/acme/events/clickhouseinstallation.yaml"),
            StandardCharsets.UTF_8);
    JsonNode files = Yaml.mapper().readTree(chi).path("spec").path("configuration").path("files");
    String rendered = files.path("config.d/clickplane-backup-s3.xml").asText();
    String endpoint = Naming.backupEndpoint(spec, "acme");
    assertThat(rendered)
        .contains("<endpoint>" + endpoint + "</endpoint>")
        .contains("<use_environment_credentials>true</use_environment_credentials>");

    String acme = Naming.backupBucket(spec, "acme");
    String globex = Naming.backupBucket(spec, "globex");
    LibC libc = Native.load("c", LibC.class);
    try (LocalS3 s3 = LocalS3.start(acme, globex)) {
      Path conf = Files.createDirectories(dir.resolve("conf/config.d"));
      // The same file with the endpoint of the local store in place of AWS's.
      Files.writeString(
          conf.resolve("clickplane-backup-s3.xml"), rendered.replace(endpoint, s3.bucketUrl(acme)));
      Path config = dir.resolve("conf/config.xml");
      Files.writeString(
          config,
          "<clickhouse><user_directories><users_xml><path>users.xml</path></users_xml>"
              + "</user_directories></clickhouse>\n");
      Files.writeString(
          dir.resolve("conf/users.xml"),
          "<clickhouse><profiles><default/></profiles><users><default><password></password>"
              + "<profile>default</profile><quota>default</quota></default></users>"
              + "<quotas><default/></quotas></clickhouse>\n");
      libc.setenv("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY, 1);
      libc.setenv("AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY, 1);
      libc.setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
      try (ClickHouseEngine engine = ClickHouseEngine.start(config, dir.resolve("data"))) {
        engine.query("CREATE DATABASE shop").orThrow();
        engine.query("CREATE TABLE shop.t (x UInt8) ENGINE = MergeTree ORDER BY x").orThrow();
        engine.query("INSERT INTO shop.t VALUES (1), (2)").orThrow();
        // No key in the statement: the organisation's bucket is reached with the environment's.
        engine
            .query(
                "BACKUP TABLE shop.t TO S3('" + s3.bucketUrl(acme) + "events/20261130T020000Z/')")
            .orThrow();
        // Another bucket gets no credentials at all: the request goes unsigned and is refused.
        assertThat(
                engine
                    .query(
                        "BACKUP TABLE shop.t TO S3('"
                            + s3.bucketUrl(globex)
                            + "clicks/20261130T020000Z/')")
                    .error())
            .contains("AWS authentication requires a valid Date or x-amz-date header")
            .contains(globex);
      } finally {
        for (String v : VARIABLES) {
          libc.unsetenv(v);
        }
      }
      try (var client = s3.client()) {
        assertThat(
                client
                    .listObjectsV2(b -> b.bucket(acme).prefix("events/20261130T020000Z/.backup"))
                    .contents())
            .hasSize(1);
        assertThat(client.listObjectsV2(b -> b.bucket(globex)).contents()).isEmpty();
      }
    }
  }
}
