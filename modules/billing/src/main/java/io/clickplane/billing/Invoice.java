package io.clickplane.billing;

import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One month's usage, priced: what the Flux history declared running, hour by hour (to the second),
 * and what each organisation's bucket holds. A service created, resized or removed mid-month gets
 * one set of lines per period with the same usage, each naming its period.
 *
 * @param month the month billed (UTC)
 * @param currency the currency of every amount
 * @param priceBook the price book's version
 * @param lines every priced line, organisations and services in first-seen order
 */
public record Invoice(YearMonth month, String currency, String priceBook, List<CostLine> lines) {
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  public Invoice {
    lines = List.copyOf(lines);
  }

  /** A span of time during which a service's usage did not change. */
  private record Period(Instant from, Instant to, ServiceUsage usage) {
    BigDecimal hours() {
      return BigDecimal.valueOf(Duration.between(from, to).toSeconds())
          .divide(BigDecimal.valueOf(3600), Money.QUANTITY_SCALE, RoundingMode.HALF_UP);
    }
  }

  /**
   * Prices {@code month} from {@code history}.
   *
   * @param history the states of the target branch, in any order
   * @param organisation only this organisation, or null for all
   * @param measuredBytes backup bytes of {@code (organisation, service)} when measured
   */
  public static Invoice of(
      List<DeclaredState> history,
      YearMonth month,
      PriceBook book,
      String organisation,
      BiFunction<String, String, Optional<Long>> measuredBytes) {
    Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    BigDecimal monthHours = BigDecimal.valueOf(Duration.between(start, end).toHours());
    List<DeclaredState> states = new ArrayList<>(history);
    states.sort(Comparator.comparing(DeclaredState::from));
    Map<String, List<Period>> periods = new LinkedHashMap<>();
    Map<String, ServiceSpec> lastSpec = new LinkedHashMap<>();
    String region = null;
    io.clickplane.core.spec.BillingSpec terms = null;
    for (int i = 0; i < states.size(); i++) {
      DeclaredState state = states.get(i);
      Instant from = max(state.from(), start);
      Instant to = min(i + 1 < states.size() ? states.get(i + 1).from() : end, end);
      if (!from.isBefore(to)) {
        continue;
      }
      region = state.spec().region();
      terms = state.spec().billing();
      for (OrganisationSpec org : state.spec().organisations()) {
        if (organisation != null && !organisation.equals(org.name())) {
          continue;
        }
        for (ServiceSpec service : org.services()) {
          String key = org.name() + "/" + service.name();
          ServiceUsage usage = ServiceUsage.of(state.spec(), org, service);
          List<Period> list = periods.computeIfAbsent(key, k -> new ArrayList<>());
          Period last = list.isEmpty() ? null : list.get(list.size() - 1);
          if (last != null && last.to().equals(from) && last.usage().equals(usage)) {
            list.set(list.size() - 1, new Period(last.from(), to, usage));
          } else {
            list.add(new Period(from, to, usage));
          }
          lastSpec.put(key, service);
        }
      }
    }
    List<CostLine> lines = new ArrayList<>();
    if (region != null) {
      Pricer pricer = new Pricer(book, region, terms);
      for (var e : periods.entrySet()) {
        List<CostLine> serviceLines = new ArrayList<>();
        BigDecimal activeHours = BigDecimal.ZERO;
        String org = null;
        String svc = null;
        for (Period p : e.getValue()) {
          org = p.usage().organisation();
          svc = p.usage().service();
          activeHours = activeHours.add(p.hours());
          String label = AT.format(p.from()) + " → " + AT.format(p.to()) + ": ";
          for (CostLine l : pricer.price(p.usage(), p.hours(), monthHours, Optional.empty())) {
            serviceLines.add(
                new CostLine(
                    l.organisation(),
                    l.service(),
                    l.component(),
                    label + l.description(),
                    l.quantity(),
                    l.unit(),
                    l.unitPrice(),
                    l.amount()));
          }
        }
        ServiceSpec service = lastSpec.get(e.getKey());
        ObjectStorage backups =
            measuredBytes
                .apply(org, svc)
                .map(ObjectStorage::measuredBytes)
                .orElseGet(() -> ObjectStorage.estimatedGib(ServiceUsage.fullBackupGib(service)));
        BigDecimal months = activeHours.divide(monthHours, 12, RoundingMode.HALF_UP);
        serviceLines.add(pricer.objectStorage(org, svc, backups, months));
        pricer.markup(org, svc, serviceLines).ifPresent(serviceLines::add);
        lines.addAll(serviceLines);
      }
    }
    return new Invoice(month, book.currency(), book.version(), lines);
  }

  public BigDecimal total() {
    return Money.sum(lines);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
