package io.clickplane.stacks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of 1,000 services (100 organisations of 10 three-replica services, 3,000 data volumes)
 * read from a real Prometheus with one query per metric. Prints how long reading and deciding took
 * (not an assertion; the measured figures docs/storage.md quotes come from {@code
 * StorageProposeBenchmark} in module {@code bench}).
 */
class FleetVolumeMetricsTest {
  private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");
  private static final long GIB = 1L << 30;

  @TempDir Path dir;

  @Test
  void aThousandServicesAreReadWithTwoQueries() throws Exception {
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    ServiceSpec template = dev.organisation("acme").orElseThrow().service("events").orElseThrow();
    List<OrganisationSpec> orgs = new ArrayList<>();
    List<String> used = new ArrayList<>();
    List<String> capacity = new ArrayList<>();
    for (int o = 0; o < 100; o++) {
      String org = String.format("org%03d", o);
      List<ServiceSpec> services = new ArrayList<>();
      for (int s = 0; s < 10; s++) {
        String name = "svc" + s;
        services.add(template.withName(name));
        for (int r = 0; r < 3; r++) {
          String labels =
              "{namespace=\""
                  + org
                  + "\",persistentvolumeclaim=\"data-0-chi-"
                  + name
                  + "-main-0-"
                  + r
                  + "-0\"} ";
          long bytes = (s == 0 && r == 1 ? 460 : 200) * GIB;
          for (int m = 30; m >= 1; m -= 5) {
            long at = T.minus(Duration.ofMinutes(m)).getEpochSecond();
            used.add(labels + bytes + " " + at);
            capacity.add(labels + 500 * GIB + " " + at);
          }
        }
      }
      orgs.add(new OrganisationSpec(org, services));
    }
    PlatformSpec fleet = dev.withOrganisations(orgs);
    try (PrometheusServer prometheus =
        PrometheusServer.serving(dir, PrometheusServer.openMetrics(used, capacity))) {
      long start = System.nanoTime();
      Map<String, VolumeUsage> usage = VolumeMetrics.at(prometheus.url()).read(T);
      long read = System.nanoTime();
      List<StorageProposal> proposals = StorageProposer.propose(fleet, usage, Map.of(), 80, T);
      long decided = System.nanoTime();
      assertThat(usage).hasSize(3000);
      assertThat(proposals).hasSize(1000);
      assertThat(proposals.stream().filter(p -> p.status() == StorageProposal.Status.GROW))
          .hasSize(100)
          .allSatisfy(
              p -> {
                assertThat(p.service()).isEqualTo("svc0");
                assertThat(p.proposedSize()).contains("660Gi");
              });
      System.out.printf(
          "storage propose, 1,000 services / 3,000 volumes: Prometheus read %d ms, decision %d ms%n",
          (read - start) / 1_000_000, (decided - read) / 1_000_000);
    }
  }
}
