package io.clickplane.clickhouse.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.plans.NodePools;
import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.core.testing.Repo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A ClickHouse pool's budgets, evaluated the way Karpenter v1.14.1 evaluates them ({@link
 * KarpenterDisruptionModel}), hold drifted and underutilised nodes at every minute outside the
 * pool's window and allow one at a time inside it; the pool is strictly valid against the CRD.
 */
class WindowBudgetsTest {
  /** A Monday; the week from here covers every weekday once. */
  private static final Instant MONDAY = Instant.parse("2026-12-07T00:00:00Z");

  private static PlatformSpec dev;

  @BeforeAll
  static void load() throws Exception {
    dev = StackConfig.load(Repo.stackFile("dev"));
  }

  private static JsonNode pool(String window) {
    MaintenanceWindow w = MaintenanceWindow.parse(window);
    String yaml =
        Yaml.write(
            KarpenterNodePools.clickhousePool(
                dev, KarpenterNodePools.clickhouseInstanceTypes(dev), w));
    assertThat(CrdSchemas.shared().problems(yaml)).as(window).isEmpty();
    List<JsonNode> docs = CrdSchemas.documents(yaml);
    assertThat(docs).hasSize(1);
    return docs.get(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sun 02:00-06:00",
        "sat 22:00-02:00",
        "mon-fri 01:00-03:00",
        "fri-mon 23:00-01:30",
        "tue,thu 00:00-23:59",
        "daily 22:00-02:00",
        "daily 00:00-00:01",
        "daily 01:00-00:00",
        "sun 23:45-00:15",
        "wed 03:00-04:00",
        "mon,wed,fri,sat 12:30-13:15",
      })
  void driftAndConsolidationOnlyInsideTheWindowEmptyNodesAlways(String window) {
    JsonNode pool = pool(window);
    MaintenanceWindow w = MaintenanceWindow.parse(window);
    assertThat(pool.at("/metadata/name").asText()).isEqualTo(NodePools.clickhouse(w));
    assertThat(pool.at("/metadata/annotations/clickplane.io~1maintenance-window").asText())
        .isEqualTo(w.toString());
    for (JsonNode budget : pool.at("/spec/disruption/budgets")) {
      // the CRD's CEL rule, which the schema validator does not run
      assertThat(budget.has("schedule")).isEqualTo(budget.has("duration"));
    }
    int inside = 0;
    for (Instant t : KarpenterDisruptionModel.everyMinuteOfAWeek(MONDAY)) {
      int expected = w.contains(t) ? 1 : 0;
      inside += expected;
      for (String reason : List.of("Drifted", "Underutilized")) {
        assertThat(KarpenterDisruptionModel.allowed(pool, reason, t, 12))
            .as("%s at %s for %s", window, t, reason)
            .isEqualTo(expected);
      }
      assertThat(KarpenterDisruptionModel.allowed(pool, "Empty", t, 12)).isEqualTo(1);
    }
    // two samples a minute over the week: the window's minutes, as many times as it opens
    assertThat(inside).isEqualTo(2 * w.days().size() * (int) w.length().toMinutes());
  }

  @Test
  void windowsAcrossMidnightAndDayListsOpenAtTheRightInstants() {
    JsonNode saturdayNight = pool("sat 22:00-02:00");
    assertThat(allowsDrift(saturdayNight, "2026-12-12T21:59:59Z")).isFalse();
    assertThat(allowsDrift(saturdayNight, "2026-12-12T22:00:00Z")).isTrue();
    assertThat(allowsDrift(saturdayNight, "2026-12-13T01:59:59Z")).isTrue(); // Sunday
    assertThat(allowsDrift(saturdayNight, "2026-12-13T02:00:00Z")).isFalse();
    assertThat(allowsDrift(saturdayNight, "2026-12-13T22:00:00Z")).isFalse(); // Sunday night
    assertThat(allowsDrift(saturdayNight, "2026-12-19T23:00:00Z")).isTrue(); // next Saturday

    JsonNode weeknights = pool("fri-mon 23:00-01:30");
    // Friday, Saturday, Sunday and Monday nights, each into the next morning
    assertThat(allowsDrift(weeknights, "2026-12-11T23:30:00Z")).isTrue(); // Fri
    assertThat(allowsDrift(weeknights, "2026-12-15T01:29:00Z")).isTrue(); // Tue morning
    assertThat(allowsDrift(weeknights, "2026-12-15T01:30:00Z")).isFalse();
    assertThat(allowsDrift(weeknights, "2026-12-15T23:30:00Z")).isFalse(); // Tue night
    assertThat(allowsDrift(weeknights, "2026-12-11T01:00:00Z")).isFalse(); // Fri morning

    JsonNode list = pool("tue,thu 00:00-23:59");
    assertThat(allowsDrift(list, "2026-12-08T12:00:00Z")).isTrue(); // Tue
    assertThat(allowsDrift(list, "2026-12-08T23:59:00Z")).isFalse();
    assertThat(allowsDrift(list, "2026-12-09T12:00:00Z")).isFalse(); // Wed
    assertThat(allowsDrift(list, "2026-12-10T00:00:00Z")).isTrue(); // Thu
  }

  @Test
  void theBudgetsAreTheWindowsClosedSpansAsCronAndDuration() {
    JsonNode budgets = pool("sat 22:00-02:00").at("/spec/disruption/budgets");
    assertThat(budgets).hasSize(2);
    assertThat(budgets.get(0).toString()).isEqualTo("{\"nodes\":\"1\"}");
    // closed from Sunday 02:00 for six days and 20 hours
    assertThat(budgets.get(1).toString())
        .isEqualTo(
            "{\"duration\":\"164h\",\"nodes\":\"0\","
                + "\"reasons\":[\"Drifted\",\"Underutilized\"],\"schedule\":\"0 2 * * 0\"}");
    JsonNode weekdays = pool("mon-fri 01:00-03:00").at("/spec/disruption/budgets");
    List<String> spans = new ArrayList<>();
    for (int i = 1; i < weekdays.size(); i++) {
      spans.add(
          weekdays.get(i).path("schedule").asText()
              + " for "
              + weekdays.get(i).path("duration").asText());
    }
    assertThat(spans)
        .containsExactly(
            "0 3 * * 1 for 22h",
            "0 3 * * 2 for 22h",
            "0 3 * * 3 for 22h",
            "0 3 * * 4 for 22h",
            "0 3 * * 5 for 70h");
    assertThat(pool("sun 23:45-00:15").at("/spec/disruption/budgets/1/duration").asText())
        .isEqualTo("167h30m");
  }

  @Test
  void aPodWithDoNotDisruptWouldBlockItsNodeEvenInsideTheWindow() throws Exception {
    JsonNode pool = pool("sun 02:00-06:00");
    Instant open = Instant.parse("2026-12-13T03:00:00Z");
    Instant closed = Instant.parse("2026-12-13T07:00:00Z");
    JsonNode plain = CrdSchemas.documents("{}").get(0);
    JsonNode annotated = CrdSchemas.documents("{karpenter.sh/do-not-disrupt: \"true\"}").get(0);
    assertThat(KarpenterDisruptionModel.candidate(pool, List.of(plain), "Drifted", open, 3))
        .isTrue();
    assertThat(KarpenterDisruptionModel.candidate(pool, List.of(plain), "Drifted", closed, 3))
        .isFalse();
    assertThat(KarpenterDisruptionModel.candidate(pool, List.of(annotated), "Drifted", open, 3))
        .isFalse();
  }

  @Test
  void poolNamesAreValidLabelValuesForEveryWindowForm() {
    String longest = NodePools.clickhouse(MaintenanceWindow.parse("mon-sat 23:59-23:58"));
    assertThat(longest).isEqualTo("clickhouse-montuewedthufrisat-2359-2358");
    assertThat(longest).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    assertThat(NodePools.clickhouse(MaintenanceWindow.parse("daily 22:00-02:00")))
        .isEqualTo("clickhouse-daily-2200-0200");
    // one name per window: the same window written differently, the same pool
    assertThat(NodePools.clickhouse(MaintenanceWindow.parse("fri-mon 01:00-02:00")))
        .isEqualTo(NodePools.clickhouse(MaintenanceWindow.parse("mon,fri,sat,sun 01:00-02:00")));
  }

  @Test
  void theModelRefusesCronItDoesNotModel() {
    assertThatThrownBy(() -> KarpenterDisruptionModel.hitsOfWeek("0 2 1 * *"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KarpenterDisruptionModel.hitsOfWeek("@weekly"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KarpenterDisruptionModel.duration("1d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean allowsDrift(JsonNode pool, String at) {
    return KarpenterDisruptionModel.allowed(pool, "Drifted", Instant.parse(at), 4) > 0;
  }
}
