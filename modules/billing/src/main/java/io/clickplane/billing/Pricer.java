package io.clickplane.billing;

import io.clickplane.billing.CostLine.Component;
import io.clickplane.billing.PriceBook.IopsTier;
import io.clickplane.billing.PriceBook.RegionPrices;
import io.clickplane.billing.ServiceUsage.NodeShare;
import io.clickplane.billing.ServiceUsage.Volume;
import io.clickplane.core.spec.BillingSpec;
import io.clickplane.core.spec.StorageClassName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prices a service's usage over a number of hours with one region's list prices and the platform's
 * terms. Storage is billed per GiB-month, prorated by the hours used over the hours of the month;
 * compute and the server fee per hour.
 */
public final class Pricer {
  private final RegionPrices prices;
  private final BillingSpec terms;
  private final String region;

  public Pricer(PriceBook book, String region, BillingSpec terms) {
    this.prices =
        book.region(region)
            .orElseThrow(
                () ->
                    new MissingPriceException(
                        "price book "
                            + book.version()
                            + " has no prices for region "
                            + region
                            + " (it has "
                            + String.join(", ", book.regions().keySet())
                            + ")"));
    this.terms = terms;
    this.region = region;
  }

  /**
   * The lines of {@code usage} running {@code hours} hours in a month of {@code monthHours} hours.
   *
   * @param backups the service's object storage, measured or estimated; empty for no line
   */
  public List<CostLine> price(
      ServiceUsage usage,
      BigDecimal hours,
      BigDecimal monthHours,
      Optional<ObjectStorage> backups) {
    String org = usage.organisation();
    String svc = usage.service();
    BigDecimal months = hours.divide(monthHours, 12, RoundingMode.HALF_UP);
    List<CostLine> lines = new ArrayList<>();
    for (NodeShare share : usage.nodes()) {
      if (share.nodes().signum() == 0) {
        continue;
      }
      BigDecimal hourly =
          prices
              .instanceHourly(share.instanceType())
              .orElseThrow(
                  () ->
                      new MissingPriceException(
                          "no on-demand price for "
                              + share.instanceType()
                              + " in "
                              + region
                              + "; add its family to the price book"));
      lines.add(
          CostLine.of(
              org,
              svc,
              Component.COMPUTE,
              share.nodes().stripTrailingZeros().toPlainString()
                  + " × "
                  + share.instanceType()
                  + " ("
                  + share.what()
                  + ")",
              Money.quantity(share.nodes().multiply(hours)),
              "instance-hours",
              hourly));
    }
    for (Volume v : usage.volumes()) {
      volume(lines, org, svc, v, months);
    }
    backups.ifPresent(b -> lines.add(objectStorage(org, svc, b, months)));
    if (usage.servers() == 0) {
      return lines; // stopped: no active server, no fee
    }
    lines.add(
        CostLine.of(
            org,
            svc,
            Component.SERVER_FEE,
            usage.servers() + (usage.servers() == 1 ? " active server" : " active servers"),
            Money.quantity(BigDecimal.valueOf(usage.servers()).multiply(hours)),
            "server-hours",
            terms.serverFeePerHour()));
    return lines;
  }

  /**
   * The platform's markup on the cloud costs (compute, block and object storage) among {@code
   * lines} of one service; empty when the terms have none.
   */
  public Optional<CostLine> markup(String org, String svc, List<CostLine> lines) {
    if (terms.markupPercent().signum() <= 0) {
      return Optional.empty();
    }
    BigDecimal cloud =
        Money.sum(
            lines.stream()
                .filter(
                    l -> l.component() != Component.SERVER_FEE && l.component() != Component.MARKUP)
                .toList());
    return Optional.of(
        CostLine.of(
            org,
            svc,
            Component.MARKUP,
            terms.markupPercent().toPlainString() + "% of cloud costs",
            cloud,
            terms.currency(),
            terms.markupPercent().movePointLeft(2)));
  }

  /** The S3 line of a service's backups stored for {@code months} months. */
  public CostLine objectStorage(String org, String svc, ObjectStorage backups, BigDecimal months) {
    return CostLine.of(
        org,
        svc,
        Component.OBJECT_STORAGE,
        "backups, S3 Standard (" + backups.basis() + ")",
        Money.quantity(backups.gib().multiply(months)),
        "GiB-months",
        prices.s3StandardGbMonth());
  }

  private void volume(List<CostLine> lines, String org, String svc, Volume v, BigDecimal months) {
    String what =
        v.count()
            + " × "
            + v.gib()
            + " GiB "
            + v.storageClass().configName()
            + " ("
            + v.what()
            + ")";
    BigDecimal volumeMonths = BigDecimal.valueOf(v.count()).multiply(months);
    boolean gp3 = v.storageClass() == StorageClassName.GP3;
    lines.add(
        CostLine.of(
            org,
            svc,
            Component.BLOCK_STORAGE,
            what,
            Money.quantity(BigDecimal.valueOf(v.gib()).multiply(volumeMonths)),
            "GiB-months",
            gp3 ? prices.gp3GbMonth() : prices.io2GbMonth()));
    if (gp3) {
      int iops = v.iops() - PriceBookRules.GP3_BASE_IOPS;
      if (iops > 0) {
        lines.add(
            CostLine.of(
                org,
                svc,
                Component.BLOCK_STORAGE,
                what + " IOPS above 3000",
                Money.quantity(BigDecimal.valueOf(iops).multiply(volumeMonths)),
                "IOPS-months",
                prices.gp3IopsMonth()));
      }
      int mibps = v.throughput() - PriceBookRules.GP3_BASE_THROUGHPUT;
      if (mibps > 0) {
        lines.add(
            CostLine.of(
                org,
                svc,
                Component.BLOCK_STORAGE,
                what + " MiB/s above 125",
                Money.quantity(BigDecimal.valueOf(mibps).multiply(volumeMonths)),
                "MiB/s-months",
                prices.gp3MibpsMonth()));
      }
      return;
    }
    long below = 0;
    for (IopsTier tier : prices.io2IopsTiers()) {
      long top = tier.upTo() == 0 ? Long.MAX_VALUE : tier.upTo();
      long inTier = Math.max(0, Math.min(v.iops(), top) - below);
      if (inTier > 0) {
        lines.add(
            CostLine.of(
                org,
                svc,
                Component.BLOCK_STORAGE,
                what + " IOPS " + (below + 1) + (tier.upTo() == 0 ? "+" : "–" + tier.upTo()),
                Money.quantity(BigDecimal.valueOf(inTier).multiply(volumeMonths)),
                "IOPS-months",
                tier.price()));
      }
      below = top;
      if (v.iops() <= top) {
        break;
      }
    }
  }
}
