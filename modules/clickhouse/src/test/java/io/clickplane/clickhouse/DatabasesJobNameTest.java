package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes refuses any change to a Job's pod template and Flux does not force: the databases
 * Job's name follows its whole template, so a new version is a new Job, never a refused update; and
 * the name fits the 63 characters of the label Kubernetes copies it into.
 */
class DatabasesJobNameTest {
  private static Job databasesJob(UnaryOperator<ServiceSpec> change) throws Exception {
    PlatformSpec dev = Stacks.load("dev");
    OrganisationSpec acme = dev.organisation("acme").orElseThrow();
    ServiceSpec events = change.apply(acme.service("events").orElseThrow());
    PlatformSpec spec =
        dev.withOrganisations(
            dev.organisations().stream()
                .map(o -> o.name().equals("acme") ? o.withServices(List.of(events)) : o)
                .toList());
    String path = "tenants/dev/acme/" + events.name() + "/databases-job.yaml";
    byte[] yaml = ClickHouseRenderer.render(spec).bytes(path);
    assertThat(yaml).as(path).isNotNull();
    return Yaml.mapper().readValue(yaml, Job.class);
  }

  @Test
  void aNewVersionIsANewJob() throws Exception {
    Job before = databasesJob(s -> s);
    Job after = databasesJob(s -> s.withVersion("25.3"));
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isNotEqualTo(before.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertThat(after.getMetadata().getName())
        .isNotEqualTo(before.getMetadata().getName())
        .matches("clickhouse-events-db-[0-9a-f]{8}");
  }

  @Test
  void theSameTemplateKeepsItsName() throws Exception {
    assertThat(databasesJob(s -> s).getMetadata().getName())
        .isEqualTo(databasesJob(s -> s).getMetadata().getName());
  }

  @Test
  void theLongestServiceNameGivesAJobNameKubernetesAccepts() throws Exception {
    String name = "s".repeat(39);
    Job job = databasesJob(s -> s.withName(name));
    assertThat(job.getMetadata().getName()).hasSizeLessThanOrEqualTo(63);
  }
}
