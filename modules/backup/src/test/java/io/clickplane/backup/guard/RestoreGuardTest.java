package io.clickplane.backup.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.spec.Mode;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RestoreGuardTest {
  static PlatformSpec dev;

  @BeforeAll
  static void load() throws Exception {
    dev = StackConfig.load(Repo.stackFile("dev"));
  }

  static PlatformSpec change(PlatformSpec spec, String service, UnaryOperator<ServiceSpec> f) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : org.services()) {
        services.add(org.name().equals("acme") && s.name().equals(service) ? f.apply(s) : s);
      }
      orgs.add(org.withServices(services));
    }
    return spec.withOrganisations(orgs);
  }

  static PlatformSpec withCopy(PlatformSpec spec, String backup) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      if (org.name().equals("acme")) {
        List<ServiceSpec> services = new ArrayList<>(org.services());
        services.add(
            org.service("events")
                .orElseThrow()
                .withName("copy")
                .withRestoreFrom(Optional.of(new RestoreSpec("events", backup))));
        org = org.withServices(services);
      }
      orgs.add(org);
    }
    return spec.withOrganisations(orgs);
  }

  @Test
  void aNewServiceMayBeRestoredAndStayDeclaredSo() {
    PlatformSpec next = withCopy(dev, "latest");
    assertThat(new RestoreGuard().check(dev, next)).isEmpty();
    assertThat(new RestoreGuard().check(next, next)).isEmpty();
    // Dropping restoreFrom once restored changes nothing in the data.
    assertThat(new RestoreGuard().check(next, dev.withOrganisations(next.organisations())))
        .isEmpty();
  }

  @Test
  void restoringOverAnExistingServiceIsRefused() {
    PlatformSpec next =
        change(
            dev,
            "scratch",
            s -> s.withRestoreFrom(Optional.of(new RestoreSpec("events", "20261130T020000Z"))));
    List<Refusal> refusals = new RestoreGuard().check(dev, next);
    assertThat(refusals).hasSize(1);
    assertThat(refusals.get(0).toString())
        .isEqualTo(
            "organisation acme, service scratch: restoreFrom events/20261130T020000Z on a service"
                + " that already exists would restore over it (refused; to allow it, declare"
                + " restoreFrom on a new service name; a restore never writes over an existing"
                + " service)");
  }

  @Test
  void changingTheBackupOfARestoredServiceIsRefused() {
    PlatformSpec before = withCopy(dev, "latest");
    PlatformSpec after = withCopy(dev, "20261130T020000Z");
    assertThat(new RestoreGuard().check(before, after))
        .singleElement()
        .satisfies(r -> assertThat(r.toString()).contains("(created from events/latest)"));
  }

  @Test
  void restoringIntoAnotherShardCountIsRefused() {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : dev.organisations()) {
      if (org.name().equals("acme")) {
        ServiceSpec e = org.service("events").orElseThrow();
        List<ServiceSpec> services = new ArrayList<>(org.services());
        services.add(
            new ServiceSpec(
                "copy",
                Mode.SHARDED,
                2,
                e.replicas(),
                e.version(),
                e.resources(),
                e.storage(),
                e.backup(),
                e.deletionProtection(),
                e.coordinator(),
                e.allow(),
                e.databases(),
                e.endpoint(),
                e.access(),
                e.upgrade(),
                Optional.of(new RestoreSpec("events", "latest")),
                e.state()));
        org = org.withServices(services);
      }
      orgs.add(org);
    }
    PlatformSpec next = dev.withOrganisations(orgs);
    assertThat(new RestoreGuard().check(dev, next))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.toString())
                    .startsWith(
                        "organisation acme, service copy: restoreFrom events restores a backup of"
                            + " 1 shard(s) into 2 shard(s)")
                    .contains("give the new service shards: 1"));
    // the same shard count restores
    assertThat(new RestoreGuard().check(dev, withCopy(dev, "latest"))).isEmpty();
  }
}
