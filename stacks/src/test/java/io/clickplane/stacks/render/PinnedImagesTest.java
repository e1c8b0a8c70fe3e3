package io.clickplane.stacks.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.ClickHouseReleases;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Everything that runs a ClickHouse image (the servers, the databases Job, the backup CronJob, the
 * restore Job) runs the pinned patch release of its service's line, never a floating line tag.
 */
class PinnedImagesTest {
  private static final Pattern IMAGE =
      Pattern.compile("(?m)^[\\s-]*image: \"?(clickhouse/clickhouse-(?:server|keeper)[^\"\\s]*)");

  @Test
  void everyClickHouseImageInTheFleetIsAPinnedPatchRelease() throws Exception {
    List<String> pinned = new ArrayList<>();
    for (ClickHouseReleases.Release r : ClickHouseReleases.LINES) {
      pinned.add(r.serverImage());
      pinned.add(r.keeperImage());
    }
    for (String stack : new String[] {"dev", "prod"}) {
      PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
      ManifestSet tree = Fleet.render(spec);
      int seen = 0;
      for (String path : tree.paths()) {
        Matcher m = IMAGE.matcher(tree.text(path));
        while (m.find()) {
          seen++;
          assertThat(m.group(1)).as(path).isIn(pinned);
        }
      }
      // each service's servers and its backup CronJob at least
      assertThat(seen).as(stack).isGreaterThanOrEqualTo(2 * spec.serviceCount());
    }
  }

  @Test
  void theBackupCronJobRunsTheSameImageAsItsServer() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    ManifestSet tree = Fleet.render(spec);
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        String dir = "tenants/dev/" + org.name() + "/" + service.name() + "/";
        String server = ClickHouseReleases.of(service.version()).serverImage();
        assertThat(tree.text(dir + "backup-cronjob.yaml")).as(dir).contains("image: " + server);
        assertThat(tree.text(dir + "clickhouseinstallation.yaml")).as(dir).contains(server);
      }
    }
  }
}
