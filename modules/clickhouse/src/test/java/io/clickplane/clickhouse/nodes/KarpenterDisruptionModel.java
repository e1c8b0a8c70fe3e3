package io.clickplane.clickhouse.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Karpenter decides from a NodePool's disruption budgets and a node's pods, as a test model.
 *
 * <p>Upstream, kubernetes-sigs/karpenter tag v1.14.1 (the core of aws/karpenter-provider-aws
 * v1.14.1, whose CRDs the project validates against):
 *
 * <ul>
 *   <li>{@code pkg/apis/v1/nodepool.go} {@code GetAllowedDisruptionsByReason}: the smallest {@code
 *       nodes} over the budgets whose {@code reasons} are unset or contain the reason; {@code
 *       Budget.GetAllowedDisruptions}: an inactive budget allows any number, a misconfigured one
 *       none, a percentage rounds up; {@code Budget.IsActive}: without schedule and duration always
 *       active, else the schedule is parsed as {@code "TZ=UTC " + schedule} by robfig/cron v3's
 *       {@code ParseStandard} and the budget is active when {@code schedule.Next(now - duration)}
 *       is not after {@code now}, i.e. some hit {@code h} has {@code now - duration < h <= now}.
 *   <li>{@code pkg/controllers/disruption/types.go} {@code NewCandidate} with {@code
 *       pkg/controllers/state/statenode.go} {@code ValidatePodsDisruptable}: a node with a pod
 *       annotated {@code karpenter.sh/do-not-disrupt: "true"} is never a candidate (no NodePool
 *       here sets {@code terminationGracePeriod}, the only exception, for drift).
 *   <li>{@code pkg/controllers/disruption/helpers.go} {@code BuildDisruptionBudgetMapping}: the
 *       allowance counts the pool's initialised nodes and subtracts those already disrupting.
 * </ul>
 *
 * The cron model covers the five-field form with {@code *}, numbers, lists and ranges in minute,
 * hour and day of week, and {@code *} in day of month and month (robfig/cron: when either day field
 * is {@code *}, both must match); anything else is refused rather than guessed.
 */
final class KarpenterDisruptionModel {
  private static final Pattern DURATION = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m)?(?:0s)?$");
  private static final int WEEK_MINUTES = 7 * 24 * 60;
  private static final Map<String, BitSet> HITS = new ConcurrentHashMap<>();

  private KarpenterDisruptionModel() {}

  /** How many nodes of {@code pool} (having {@code nodes} nodes) may be disrupted for a reason. */
  static int allowed(JsonNode pool, String reason, Instant now, int nodes) {
    int allowed = Integer.MAX_VALUE;
    for (JsonNode budget : pool.at("/spec/disruption/budgets")) {
      int value = budgetAllows(budget, now, nodes);
      JsonNode reasons = budget.get("reasons");
      boolean applies = reasons == null;
      if (reasons != null) {
        for (JsonNode r : reasons) {
          applies |= r.asText().equals(reason);
        }
      }
      if (applies) {
        allowed = Math.min(allowed, value);
      }
    }
    return allowed;
  }

  /**
   * Whether a node of {@code pool} holding pods with {@code podAnnotations} may start to be
   * disrupted for {@code reason} at {@code now}, no other node of the pool disrupting.
   */
  static boolean candidate(
      JsonNode pool, List<JsonNode> podAnnotations, String reason, Instant now, int nodes) {
    for (JsonNode annotations : podAnnotations) {
      if (annotations.path("karpenter.sh/do-not-disrupt").asText().equals("true")) {
        return false;
      }
    }
    return allowed(pool, reason, now, nodes) > 0;
  }

  private static int budgetAllows(JsonNode budget, Instant now, int nodes) {
    if (!isActive(budget, now)) {
      return Integer.MAX_VALUE;
    }
    String value = budget.path("nodes").asText();
    if (value.endsWith("%")) {
      int percent = Integer.parseInt(value.substring(0, value.length() - 1));
      return (int) Math.ceil(nodes * percent / 100.0);
    }
    return Integer.parseInt(value);
  }

  static boolean isActive(JsonNode budget, Instant now) {
    boolean hasSchedule = budget.has("schedule");
    if (hasSchedule != budget.has("duration")) {
      throw new IllegalArgumentException("'schedule' must be set with 'duration': " + budget);
    }
    if (!hasSchedule) {
      return true;
    }
    Duration duration = duration(budget.path("duration").asText());
    BitSet hits = HITS.computeIfAbsent(budget.path("schedule").asText(), c -> hitsOfWeek(c));
    // every hit h with now - duration < h <= now; hits fall on whole minutes
    Instant from = now.minus(duration);
    Instant weekStart = sundayMidnight(now);
    for (int week = -2; week <= 0; week++) {
      Instant base = weekStart.plus(Duration.ofDays(7L * week));
      for (int m = hits.nextSetBit(0); m >= 0; m = hits.nextSetBit(m + 1)) {
        Instant h = base.plus(Duration.ofMinutes(m));
        if (h.isAfter(from) && !h.isAfter(now)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Instant sundayMidnight(Instant now) {
    ZonedDateTime t = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
    return t.minusDays(t.getDayOfWeek().getValue() % 7).toInstant();
  }

  /** Go's {@code time.ParseDuration} for the CRD's pattern (hours and minutes, optional 0s). */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (text.isEmpty() || !m.matches() || (m.group(1) == null && m.group(2) == null)) {
      throw new IllegalArgumentException("not a budget duration: " + text);
    }
    long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long minutes = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    return Duration.ofHours(hours).plusMinutes(minutes);
  }

  /** The minutes of a week from Sunday 00:00 UTC at which {@code cron} fires. */
  static BitSet hitsOfWeek(String cron) {
    String[] f = cron.trim().split("\\s+");
    if (f.length != 5 || !f[2].equals("*") || !f[3].equals("*")) {
      throw new IllegalArgumentException("outside the modelled cron form: " + cron);
    }
    BitSet minutes = field(f[0], 0, 59);
    BitSet hours = field(f[1], 0, 23);
    BitSet days = field(f[4], 0, 6);
    BitSet hits = new BitSet(WEEK_MINUTES);
    for (int d = days.nextSetBit(0); d >= 0; d = days.nextSetBit(d + 1)) {
      for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
        for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
          hits.set(d * 1440 + h * 60 + m);
        }
      }
    }
    return hits;
  }

  private static BitSet field(String text, int min, int max) {
    BitSet out = new BitSet();
    if (text.equals("*")) {
      out.set(min, max + 1);
      return out;
    }
    for (String part : text.split(",", -1)) {
      String[] range = part.split("-", -1);
      if (range.length > 2) {
        throw new IllegalArgumentException("outside the modelled cron form: " + text);
      }
      int from = Integer.parseInt(range[0]);
      int to = Integer.parseInt(range[range.length - 1]);
      if (from < min || to > max || from > to) {
        throw new IllegalArgumentException(text + " is outside " + min + "-" + max);
      }
      out.set(from, to + 1);
    }
    return out;
  }

  /** Every whole minute of the week starting at {@code from}, and each half a minute later. */
  static List<Instant> everyMinuteOfAWeek(Instant from) {
    List<Instant> out = new ArrayList<>();
    for (int m = 0; m < WEEK_MINUTES; m++) {
      Instant t = from.plus(Duration.ofMinutes(m));
      out.add(t);
      out.add(t.plusSeconds(30));
    }
    return out;
  }
}
