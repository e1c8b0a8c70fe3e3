package io.clickplane.billing;

import io.clickplane.billing.CostLine.Component;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The monthly cost of a fleet as its stack file declares it: every service running a whole month of
 * {@link PriceBook#hoursPerMonth} hours. A pure function of the spec, the price book and the
 * measured backup sizes it is given.
 *
 * @param currency the currency of every amount
 * @param priceBook the price book's version
 * @param lines every priced line, organisations and services in stack order
 */
public record CostEstimate(String currency, String priceBook, List<CostLine> lines) {
  public CostEstimate {
    lines = List.copyOf(lines);
  }

  /**
   * Estimates {@code spec}.
   *
   * @param measuredBytes backup bytes of {@code (organisation, service)} when measured; empty to
   *     estimate them from the spec
   */
  public static CostEstimate of(
      PlatformSpec spec, PriceBook book, BiFunction<String, String, Optional<Long>> measuredBytes) {
    Pricer pricer = new Pricer(book, spec.region(), spec.billing());
    BigDecimal hours = BigDecimal.valueOf(book.hoursPerMonth());
    List<CostLine> lines = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        ObjectStorage backups =
            measuredBytes
                .apply(org.name(), service.name())
                .map(ObjectStorage::measuredBytes)
                .orElseGet(() -> ObjectStorage.estimatedGib(ServiceUsage.fullBackupGib(service)));
        List<CostLine> serviceLines =
            new ArrayList<>(
                pricer.price(
                    ServiceUsage.of(spec, org, service), hours, hours, Optional.of(backups)));
        pricer.markup(org.name(), service.name(), serviceLines).ifPresent(serviceLines::add);
        lines.addAll(serviceLines);
      }
    }
    return new CostEstimate(spec.billing().currency(), book.version(), lines);
  }

  /** Only the lines of one organisation. */
  public CostEstimate organisation(String name) {
    return new CostEstimate(
        currency, priceBook, lines.stream().filter(l -> l.organisation().equals(name)).toList());
  }

  public BigDecimal total() {
    return Money.sum(lines);
  }

  /** Totals per organisation, in stack order. */
  public Map<String, BigDecimal> byOrganisation() {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    for (CostLine l : lines) {
      out.merge(l.organisation(), l.amount(), BigDecimal::add);
    }
    return out;
  }

  /** Totals per {@code org/service}, in stack order. */
  public Map<String, BigDecimal> byService() {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    for (CostLine l : lines) {
      out.merge(l.organisation() + "/" + l.service(), l.amount(), BigDecimal::add);
    }
    return out;
  }

  /** Totals per {@code org/service} and component. */
  public Map<String, Map<Component, BigDecimal>> byServiceAndComponent() {
    Map<String, Map<Component, BigDecimal>> out = new LinkedHashMap<>();
    for (CostLine l : lines) {
      out.computeIfAbsent(l.organisation() + "/" + l.service(), k -> new LinkedHashMap<>())
          .merge(l.component(), l.amount(), BigDecimal::add);
    }
    return out;
  }
}
