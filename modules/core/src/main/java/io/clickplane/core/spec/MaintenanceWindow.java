package io.clickplane.core.spec;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * When disruptive changes (upgrades, node replacements) may happen to a service: on the given days,
 * from {@code start} for {@code length}, in UTC. A window that starts late in the day runs past
 * midnight into the next day ({@code sat 22:00-02:00} ends Sunday 02:00).
 *
 * <p>Written {@code DAYS HH:MM-HH:MM}: {@code DAYS} is {@code daily}, a day ({@code sun}), a list
 * ({@code tue,thu}) or a range ({@code mon-fri}).
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, Duration length) {
  private static final Pattern FORM =
      Pattern.compile("([a-z,-]+) ([0-2][0-9]):([0-5][0-9])-([0-2][0-9]):([0-5][0-9])");
  private static final List<String> NAMES =
      List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /** The window when neither the service, its organisation nor the environment names one. */
  public static final MaintenanceWindow DEFAULT = parse("sun 02:00-06:00");

  public MaintenanceWindow {
    days = Set.copyOf(EnumSet.copyOf(Objects.requireNonNull(days, "days")));
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(length, "length");
    if (days.isEmpty() || length.isNegative() || length.isZero() || length.toHours() >= 24) {
      throw new IllegalArgumentException("a window has days and lasts under 24 hours");
    }
  }

  /**
   * Reads {@code DAYS HH:MM-HH:MM}.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  public static MaintenanceWindow parse(String text) {
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be DAYS HH:MM-HH:MM in UTC, e.g. \"sun 02:00-06:00\", \"mon-fri 01:00-03:00\" or"
              + " \"daily 22:00-02:00\" (got \""
              + text
              + "\")");
    }
    Set<DayOfWeek> days = days(m.group(1), text);
    LocalTime from = time(m.group(2), m.group(3), text);
    LocalTime to = time(m.group(4), m.group(5), text);
    Duration length = Duration.between(from, to);
    if (length.isNegative()) {
      length = length.plusDays(1);
    }
    if (length.isZero()) {
      throw new IllegalArgumentException(
          "must end at another time than it starts (got \"" + text + "\")");
    }
    return new MaintenanceWindow(days, from, length);
  }

  private static Set<DayOfWeek> days(String spec, String text) {
    if (spec.equals("daily")) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (String part : spec.split(",", -1)) {
      String[] range = part.split("-", -1);
      if (range.length > 2
          || !NAMES.contains(range[0])
          || !NAMES.contains(range[range.length - 1])) {
        throw new IllegalArgumentException(
            "days are daily, or mon, tue, wed, thu, fri, sat, sun, as a list (tue,thu) or a range"
                + " (mon-fri) (got \""
                + text
                + "\")");
      }
      int from = NAMES.indexOf(range[0]);
      int to = NAMES.indexOf(range[range.length - 1]);
      for (int d = from; ; d = (d + 1) % 7) {
        out.add(DayOfWeek.of(d + 1));
        if (d == to) {
          break;
        }
      }
    }
    return out;
  }

  private static LocalTime time(String hours, String minutes, String text) {
    int h = Integer.parseInt(hours);
    if (h > 23) {
      throw new IllegalArgumentException(
          "hours run from 00 to 23 (got \"" + text + "\"); a window ending at midnight ends 00:00");
    }
    return LocalTime.of(h, Integer.parseInt(minutes));
  }

  /** The end of the window's span as a time of day. */
  public LocalTime end() {
    return start.plus(length);
  }

  /** True when {@code at} falls inside the window. */
  public boolean contains(Instant at) {
    ZonedDateTime t = at.atZone(ZoneOffset.UTC);
    for (int back = 0; back <= 1; back++) {
      LocalDate day = t.toLocalDate().minusDays(back);
      if (days.contains(day.getDayOfWeek())) {
        Instant open = day.atTime(start).toInstant(ZoneOffset.UTC);
        if (!at.isBefore(open) && at.isBefore(open.plus(length))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first opening at or after {@code from} (or the window {@code from} is in, its start). */
  public Instant nextOpening(Instant from) {
    LocalDate day = from.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    for (int i = 0; i < 9; i++, day = day.plusDays(1)) {
      if (days.contains(day.getDayOfWeek())) {
        Instant open = day.atTime(start).toInstant(ZoneOffset.UTC);
        if (open.plus(length).isAfter(from)) {
          return open;
        }
      }
    }
    throw new IllegalStateException("a window opens every week");
  }

  /**
   * The openings as a cron schedule ({@code minute hour * * days}, days 0 = Sunday), the form
   * Karpenter's disruption budgets take with {@link #length}.
   */
  public String cron() {
    String d =
        days.size() == 7
            ? "*"
            : days.stream()
                .sorted()
                .map(x -> Integer.toString(x.getValue() % 7))
                .sorted()
                .collect(Collectors.joining(","));
    return start.getMinute() + " " + start.getHour() + " * * " + d;
  }

  /**
   * The time outside the window, as spans that each start on a weekday at a time of day: the form
   * of a Karpenter disruption budget that holds nodes while the window is closed ({@code schedule}
   * from {@link Closed#cron}, {@code duration} from {@link Closed#duration}).
   */
  public List<Closed> closedSpans() {
    long week = Duration.ofDays(7).toMinutes();
    List<long[]> open = new java.util.ArrayList<>();
    for (DayOfWeek d : days) {
      long from = (d.getValue() % 7) * 1440L + start.getHour() * 60L + start.getMinute();
      open.add(new long[] {from, from + length.toMinutes()});
    }
    open.sort(java.util.Comparator.comparingLong(o -> o[0]));
    List<long[]> merged = new java.util.ArrayList<>();
    for (long[] o : open) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && o[0] <= last[1]) {
        last[1] = Math.max(last[1], o[1]);
      } else {
        merged.add(o.clone());
      }
    }
    List<Closed> out = new java.util.ArrayList<>();
    for (int i = 0; i < merged.size(); i++) {
      long end = merged.get(i)[1];
      long next = i + 1 < merged.size() ? merged.get(i + 1)[0] : merged.get(0)[0] + week;
      if (next > end) {
        long at = end % week;
        out.add(
            new Closed(
                (at % 60) + " " + ((at / 60) % 24) + " * * " + (at / 1440),
                Duration.ofMinutes(next - end)));
      }
    }
    return out;
  }

  /**
   * A span when the window is closed.
   *
   * @param cron when it starts: {@code minute hour * * day} (day 0 = Sunday), UTC
   * @param length how long it lasts
   */
  public record Closed(String cron, Duration length) {
    /** {@code 164h} or {@code 22h30m}: the duration form Karpenter's budgets take. */
    public String duration() {
      long minutes = length.toMinutes();
      return minutes % 60 == 0 ? (minutes / 60) + "h" : (minutes / 60) + "h" + (minutes % 60) + "m";
    }
  }

  /**
   * The window as a name part that Kubernetes names and label values accept, one for each window:
   * {@code sun-0200-0600}, {@code montuewedthufri-0100-0300}, {@code daily-2200-0200} (days in
   * order from Monday, each in its three letters, or {@code daily}; start and end in UTC).
   */
  public String slug() {
    String d =
        days.size() == 7
            ? "daily"
            : days.stream()
                .sorted()
                .map(x -> NAMES.get(x.getValue() - 1))
                .collect(Collectors.joining());
    return d + "-" + hhmm(start) + "-" + hhmm(end());
  }

  private static String hhmm(LocalTime t) {
    return String.format(Locale.ROOT, "%02d%02d", t.getHour(), t.getMinute());
  }

  /** {@code sun 02:00-06:00}: the canonical text, which {@link #parse} reads back. */
  @Override
  public String toString() {
    String d =
        days.size() == 7
            ? "daily"
            : days.stream()
                .sorted()
                .map(x -> NAMES.get(x.getValue() - 1))
                .collect(Collectors.joining(","));
    return d + " " + start + "-" + end();
  }
}
