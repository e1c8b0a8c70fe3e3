package io.clickplane.backup.plan;

import java.time.Duration;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.Map;

/**
 * A five-field cron expression (UTC) as Kubernetes CronJobs read it: numbers, {@code *}, ranges,
 * steps, lists and the {@code @hourly}-style macros. Used for one question: the longest time
 * between two consecutive runs, which bounds how old a service's newest backup may be.
 */
public final class CronSchedule {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  /** Years scanned: long enough for a run on 29 February to repeat twice. */
  private static final int SCAN_YEARS = 9;

  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean daysRestricted;
  private final boolean weekdaysRestricted;

  private CronSchedule(String expression) {
    String[] f = MACROS.getOrDefault(expression.trim(), expression).trim().split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException("not a five-field cron expression: " + expression);
    }
    minutes = field(f[0], 0, 59);
    hours = field(f[1], 0, 23);
    days = field(f[2], 1, 31);
    months = field(f[3], 1, 12);
    weekdays = field(f[4], 0, 7);
    if (weekdays.get(7)) {
      weekdays.set(0);
    }
    daysRestricted = !f[2].startsWith("*");
    weekdaysRestricted = !f[4].startsWith("*");
  }

  /** Parses an expression that {@code Rules.cron} accepted. */
  public static CronSchedule parse(String expression) {
    return new CronSchedule(expression);
  }

  /** The longest time between two consecutive runs. */
  public Duration maxInterval() {
    LocalDate day = LocalDate.of(2001, 1, 1);
    LocalDate end = day.plusYears(SCAN_YEARS);
    long previous = Long.MIN_VALUE;
    long longest = 0;
    int[] times = timesOfDay();
    for (; day.isBefore(end); day = day.plusDays(1)) {
      if (!runsOn(day)) {
        continue;
      }
      long base = day.toEpochDay() * 1440;
      for (int t : times) {
        long run = base + t;
        if (previous != Long.MIN_VALUE) {
          longest = Math.max(longest, run - previous);
        }
        previous = run;
      }
    }
    if (longest == 0) {
      throw new IllegalArgumentException(
          "the schedule runs at most once in " + SCAN_YEARS + " years");
    }
    return Duration.ofMinutes(longest);
  }

  private int[] timesOfDay() {
    int[] out = new int[hours.cardinality() * minutes.cardinality()];
    int i = 0;
    for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
      for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
        out[i++] = h * 60 + m;
      }
    }
    return out;
  }

  private boolean runsOn(LocalDate day) {
    if (!months.get(day.getMonthValue())) {
      return false;
    }
    boolean dom = days.get(day.getDayOfMonth());
    boolean dow = weekdays.get(day.getDayOfWeek().getValue() % 7);
    if (daysRestricted && weekdaysRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  private static BitSet field(String text, int min, int max) {
    BitSet set = new BitSet(max + 1);
    for (String part : text.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = Integer.parseInt(part.substring(slash + 1));
        range = part.substring(0, slash);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        from = Integer.parseInt(range.substring(0, range.indexOf('-')));
        to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
      } else {
        from = Integer.parseInt(range);
        to = slash >= 0 ? max : from;
      }
      if (from < min || to > max || from > to || step < 1) {
        throw new IllegalArgumentException("cron field out of range: " + text);
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }
}
