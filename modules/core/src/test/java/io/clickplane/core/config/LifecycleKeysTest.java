package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.UpgradeChannel;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** {@code maintenance.window} at three levels, {@code upgrade.channel}, {@code storage.maxSize}. */
class LifecycleKeysTest {
  private static String stack(String environmentWindow, String acme, String events) {
    return String.join(
        "\n",
        "config:",
        "  aws:region: eu-west-1",
        "  clickplane:environment: dev",
        "  clickplane:domain: ch.dev.example.com",
        "  clickplane:eks:",
        "    nodeGroups:",
        "      - {name: system, instanceType: m6i.large, min: 2, max: 4}",
        "      - {name: clickhouse, instanceType: m6i.2xlarge, min: 3, max: 12, dedicated: true}",
        environmentWindow,
        "  clickplane:organisations:",
        "    - name: acme",
        acme,
        "      services:",
        "        - name: events",
        "          mode: replicated",
        events,
        "        - name: scratch",
        "          mode: single",
        "    - name: globex",
        "      services:",
        "        - name: clicks",
        "          mode: single",
        "");
  }

  private static ServiceSpec service(PlatformSpec spec, String org, String name) {
    return spec.organisations().stream()
        .filter(o -> o.name().equals(org))
        .findFirst()
        .orElseThrow()
        .service(name)
        .orElseThrow();
  }

  @Test
  void theWindowComesFromTheServiceElseItsOrganisationElseTheEnvironment() throws Exception {
    PlatformSpec spec =
        StackConfig.parse(
            "t.yaml",
            stack(
                "  clickplane:maintenance:\n    window: \"sat 22:00-02:00\"",
                "      maintenance: {window: \"mon-fri 01:00-03:00\"}",
                "          maintenance: {window: \"daily 04:30-05:00\"}\n"
                    + "          upgrade: {channel: fast}\n"
                    + "          storage: {size: 500Gi, maxSize: 2Ti}"));
    ServiceSpec events = service(spec, "acme", "events");
    assertThat(events.upgrade().window().toString()).isEqualTo("daily 04:30-05:00");
    assertThat(events.upgrade().channel()).isEqualTo(UpgradeChannel.FAST);
    assertThat(events.storage().maxSize()).contains("2Ti");
    assertThat(events.storage().maxBytes()).isEqualTo(2L << 40);
    assertThat(service(spec, "acme", "scratch").upgrade().window().toString())
        .isEqualTo("mon,tue,wed,thu,fri 01:00-03:00");
    assertThat(service(spec, "acme", "scratch").upgrade().channel())
        .isEqualTo(UpgradeChannel.REGULAR);
    assertThat(service(spec, "acme", "scratch").storage().maxBytes()).isEqualTo(16L << 40);
    MaintenanceWindow globex = service(spec, "globex", "clicks").upgrade().window();
    assertThat(globex)
        .isEqualTo(
            new MaintenanceWindow(
                EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(22, 0), Duration.ofHours(4)));
    assertThat(globex.cron()).isEqualTo("0 22 * * 6");
    assertThat(StackConfig.parse("canonical", CanonicalSpec.write(spec))).isEqualTo(spec);
  }

  @Test
  void withoutAnyWindowServicesGetTheDefault() throws Exception {
    PlatformSpec spec = StackConfig.parse("t.yaml", stack("", "", ""));
    assertThat(service(spec, "acme", "events").upgrade().window())
        .isEqualTo(MaintenanceWindow.DEFAULT);
    assertThat(MaintenanceWindow.DEFAULT.toString()).isEqualTo("sun 02:00-06:00");
    assertThat(CanonicalSpec.write(spec)).doesNotContain("maintenance").doesNotContain("channel");
  }

  @Test
  void aWindowKnowsItsOpeningsAcrossMidnight() {
    MaintenanceWindow w = MaintenanceWindow.parse("sat 22:00-02:00");
    assertThat(w.contains(Instant.parse("2026-12-06T01:59:00Z"))).isTrue(); // Sunday
    assertThat(w.contains(Instant.parse("2026-12-06T02:00:00Z"))).isFalse();
    assertThat(w.nextOpening(Instant.parse("2026-12-06T03:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-12T22:00:00Z"));
    assertThat(w.nextOpening(Instant.parse("2026-12-06T01:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-05T22:00:00Z"));
    assertThat(MaintenanceWindow.parse("fri-mon 10:00-11:00").toString())
        .isEqualTo("mon,fri,sat,sun 10:00-11:00");
  }

  @Test
  void theClosedTimeIsSpansAKarpenterBudgetCanHold() {
    assertThat(
            MaintenanceWindow.parse("sun 02:00-06:00").closedSpans().stream()
                .map(c -> c.cron() + " for " + c.duration())
                .toList())
        .containsExactly("0 6 * * 0 for 164h");
    assertThat(
            MaintenanceWindow.parse("mon-fri 01:00-03:30").closedSpans().stream()
                .map(c -> c.cron() + " for " + c.duration())
                .toList())
        .containsExactly(
            "30 3 * * 1 for 21h30m",
            "30 3 * * 2 for 21h30m",
            "30 3 * * 3 for 21h30m",
            "30 3 * * 4 for 21h30m",
            "30 3 * * 5 for 69h30m");
    // across midnight and the end of the week: Saturday 22:00 to Sunday 02:00
    assertThat(
            MaintenanceWindow.parse("sat 22:00-02:00").closedSpans().stream()
                .map(c -> c.cron() + " for " + c.duration())
                .toList())
        .containsExactly("0 2 * * 0 for 164h");
    assertThat(MaintenanceWindow.parse("daily 00:00-23:59").closedSpans()).hasSize(7);
  }

  @Test
  void badValuesNameTheLineTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(
            () ->
                StackConfig.parse(
                    "t.yaml",
                    stack(
                        "  clickplane:maintenance: {window: \"sunday 2am\"}",
                        "",
                        "          upgrade: {channel: rapid}\n"
                            + "          storage: {size: 500Gi, maxSize: 100Gi}")))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems().stream().map(ConfigProblem::toString))
                    .containsExactly(
                        "t.yaml:9: clickplane:maintenance.window: must be DAYS HH:MM-HH:MM in UTC,"
                            + " e.g. \"sun 02:00-06:00\", \"mon-fri 01:00-03:00\" or \"daily"
                            + " 22:00-02:00\" (got \"sunday 2am\")",
                        "t.yaml:16: clickplane:organisations[0].services[0].upgrade.channel: must"
                            + " be one of fast, regular, slow (got string \"rapid\")",
                        "t.yaml:17: clickplane:organisations[0].services[0].storage.maxSize: must"
                            + " be at least storage.size, 500Gi (got \"100Gi\")"));
  }
}
