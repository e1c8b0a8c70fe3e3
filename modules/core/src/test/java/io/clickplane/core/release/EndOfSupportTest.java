package io.clickplane.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.spec.ClickHouseReleases;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndOfSupportTest {
  static final LocalDate TODAY = LocalDate.parse("2026-12-07");

  static PlatformSpec withVersion(PlatformSpec spec, String org, String service, String version) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec o : spec.organisations()) {
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : o.services()) {
        services.add(o.name().equals(org) && s.name().equals(service) ? s.withVersion(version) : s);
      }
      orgs.add(o.withServices(services));
    }
    return spec.withOrganisations(orgs);
  }

  @Test
  void theTableOffersOnlyTheSupportedLtsLineTodayAndDefaultsToTheNewest() throws Exception {
    assertThat(ClickHouseReleases.supportedOn(TODAY))
        .extracting(ClickHouseReleases.Release::line)
        .containsExactly("26.3");
    assertThat(ClickHouseReleases.DEFAULT_LINE).isEqualTo("26.3");
    String dev = java.nio.file.Files.readString(Repo.stackFile("dev"));
    String scratch = "        - name: scratch\n          mode: single\n";
    assertThat(dev).contains(scratch + "          version: \"26.3\"\n");
    PlatformSpec unversioned =
        StackConfig.parse(
            "dev.yaml", dev.replace(scratch + "          version: \"26.3\"\n", scratch));
    assertThat(
            unversioned
                .organisation("acme")
                .orElseThrow()
                .service("scratch")
                .orElseThrow()
                .version())
        .as("a service that names no version")
        .isEqualTo("26.3");
    assertThat(ClickHouseReleases.of("26.3").version()).isEqualTo("26.3.1.896");
    // a year after each line's first release (version_date.tsv)
    assertThat(ClickHouseReleases.of("24.8").endOfSupport()).isEqualTo("2025-08-21");
    assertThat(ClickHouseReleases.of("25.3").endOfSupport()).isEqualTo("2026-03-20");
    assertThat(ClickHouseReleases.of("25.8").endOfSupport()).isEqualTo("2026-08-29");
    assertThat(ClickHouseReleases.of("26.3").endOfSupport()).isEqualTo("2027-03-27");
    assertThat(ClickHouseReleases.of("25.8").supportedOn(LocalDate.parse("2026-08-28"))).isTrue();
    assertThat(ClickHouseReleases.of("25.8").supportedOn(LocalDate.parse("2026-08-29"))).isFalse();
  }

  @Test
  void aNewServiceOnALinePastItsEndIsRefusedARunningOneIsWarnedAbout() throws Exception {
    PlatformSpec published = StackConfig.load(Repo.stackFile("dev"));
    PlatformSpec running = withVersion(published, "acme", "scratch", "25.3");
    // acme/scratch published on 25.3 stays; a new service on 25.8 is refused
    ServiceSpec extra = running.organisation("acme").orElseThrow().service("scratch").orElseThrow();
    List<OrganisationSpec> orgs = new ArrayList<>(running.organisations());
    OrganisationSpec acme = orgs.get(0);
    List<ServiceSpec> services = new ArrayList<>(acme.services());
    services.add(extra.withName("fresh").withVersion("25.8"));
    orgs.set(0, acme.withServices(services));
    PlatformSpec next = running.withOrganisations(orgs);

    List<Refusal> refusals = EndOfSupport.guard(() -> TODAY).check(running, next);
    assertThat(refusals).hasSize(1);
    Refusal r = refusals.get(0);
    assertThat(r.service()).isEqualTo("fresh");
    assertThat(EndOfSupport.isEndOfSupport(r)).isTrue();
    assertThat(r.change())
        .contains("ClickHouse 25.8 is past its end of support (ended 2026-08-29")
        .contains("supported: 26.3 until 2027-03-27")
        .contains("version: \"26.3\"");
    assertThat(r.howToAllow()).contains("clickplane:organisations[0].services[2].version");

    List<String> warnings = EndOfSupport.warnings(next, Optional.of(running), TODAY);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .startsWith("warning: organisation acme, service scratch: ClickHouse 25.3")
        .contains("ended 2026-03-20")
        .contains("upgrade: {canary: \"26.3\"}")
        .contains("then set version: \"26.3\"");

    // before the first publish every service is new
    assertThat(EndOfSupport.guard(() -> TODAY).check(next.withOrganisations(List.of()), next))
        .extracting(Refusal::service)
        .containsExactly("scratch", "fresh");
    // the day before 25.8 ended, it was still a line to start on
    assertThat(EndOfSupport.guard(() -> LocalDate.parse("2026-03-19")).check(running, next))
        .isEmpty();
  }

  @Test
  void theDevAndProdStacksRunOnlySupportedLines() throws Exception {
    for (String stack : new String[] {"dev", "prod"}) {
      PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
      assertThat(EndOfSupport.findings(spec, Optional.empty(), TODAY)).as(stack).isEmpty();
    }
  }
}
