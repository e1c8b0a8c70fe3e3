package io.clickplane.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cloud list prices of a price book file ({@code pricebook.yaml} beside this class): EC2
 * on-demand per instance-hour, EBS gp3 and io2, S3 Standard, per region, each block with its source
 * and date.
 *
 * @param version the book's version, e.g. {@code 2026-11}
 * @param currency the currency of every figure
 * @param hoursPerMonth the hours of a month in monthly estimates
 * @param regions prices per AWS region
 */
public record PriceBook(
    String version, String currency, int hoursPerMonth, Map<String, RegionPrices> regions) {

  /** vCPUs of each size the book prices; a size's price is the {@code large} price × vCPUs / 2. */
  public static final Map<String, Integer> SIZE_VCPUS =
      Map.of("large", 2, "xlarge", 4, "2xlarge", 8, "4xlarge", 16, "8xlarge", 32);

  public PriceBook {
    regions = Collections.unmodifiableMap(new TreeMap<>(regions));
  }

  /** Where a block of figures comes from. */
  public record Source(String text, String asOf, boolean verified) {}

  /**
   * One provisioned-IOPS tier: IOPS up to {@code upTo} (inclusive; 0 = no limit) cost {@code
   * price}.
   */
  public record IopsTier(long upTo, BigDecimal price) {}

  /**
   * The prices of one region.
   *
   * @param largeHourly per family, the on-demand price of its {@code large} size per hour
   * @param gp3GbMonth gp3 storage per GiB-month
   * @param gp3IopsMonth gp3 IOPS above the 3,000 baseline, per IOPS-month
   * @param gp3MibpsMonth gp3 throughput above the 125 MiB/s baseline, per MiB/s-month
   * @param io2GbMonth io2 storage per GiB-month
   * @param io2IopsTiers io2 provisioned IOPS per IOPS-month, tiered per volume
   * @param s3StandardGbMonth S3 Standard storage per GiB-month
   */
  public record RegionPrices(
      Map<String, BigDecimal> largeHourly,
      BigDecimal gp3GbMonth,
      BigDecimal gp3IopsMonth,
      BigDecimal gp3MibpsMonth,
      BigDecimal io2GbMonth,
      List<IopsTier> io2IopsTiers,
      BigDecimal s3StandardGbMonth,
      Source ec2Source,
      Source ebsSource,
      Source s3Source) {

    /** The on-demand price of an instance type per hour, if the book has its family and size. */
    public Optional<BigDecimal> instanceHourly(String instanceType) {
      int dot = instanceType.indexOf('.');
      if (dot < 0) {
        return Optional.empty();
      }
      BigDecimal large = largeHourly.get(instanceType.substring(0, dot));
      Integer vcpus = SIZE_VCPUS.get(instanceType.substring(dot + 1));
      if (large == null || vcpus == null) {
        return Optional.empty();
      }
      return Optional.of(large.multiply(BigDecimal.valueOf(vcpus)).divide(BigDecimal.valueOf(2)));
    }

    /** The io2 IOPS charge of one volume with {@code iops} provisioned, per month. */
    public BigDecimal io2IopsMonth(long iops) {
      BigDecimal total = BigDecimal.ZERO;
      long below = 0;
      for (IopsTier tier : io2IopsTiers) {
        long top = tier.upTo() == 0 ? Long.MAX_VALUE : tier.upTo();
        long inTier = Math.max(0, Math.min(iops, top) - below);
        total = total.add(tier.price().multiply(BigDecimal.valueOf(inTier)));
        below = top;
        if (iops <= top) {
          break;
        }
      }
      return total;
    }

    /** True when every figure of the region was verified against its source. */
    public boolean verified() {
      return ec2Source.verified() && ebsSource.verified() && s3Source.verified();
    }
  }

  /** The prices of a region, if the book has it. */
  public Optional<RegionPrices> region(String name) {
    return Optional.ofNullable(regions.get(name));
  }

  /** The price book that ships with clickplane. */
  public static PriceBook bundled() {
    try (InputStream in = PriceBook.class.getResourceAsStream("pricebook.yaml")) {
      if (in == null) {
        throw new IllegalStateException("pricebook.yaml is missing from the classpath");
      }
      return parse(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PriceBook parse(JsonNode root) {
    Map<String, RegionPrices> regions = new TreeMap<>();
    root.required("regions")
        .fields()
        .forEachRemaining(e -> regions.put(e.getKey(), region(e.getKey(), e.getValue())));
    return new PriceBook(
        root.required("version").asText(),
        root.required("currency").asText(),
        root.required("hoursPerMonth").asInt(),
        regions);
  }

  private static RegionPrices region(String name, JsonNode r) {
    JsonNode ec2 = r.required("ec2");
    JsonNode ebs = r.required("ebs");
    JsonNode s3 = r.required("s3");
    Map<String, BigDecimal> large = new TreeMap<>();
    ec2.required("large")
        .fields()
        .forEachRemaining(e -> large.put(e.getKey(), decimal(e.getValue())));
    List<IopsTier> tiers = new ArrayList<>();
    for (JsonNode t : ebs.required("io2").required("iopsTiers")) {
      tiers.add(new IopsTier(t.path("upTo").asLong(0), decimal(t.required("price"))));
    }
    JsonNode gp3 = ebs.required("gp3");
    return new RegionPrices(
        large,
        decimal(gp3.required("gbMonth")),
        decimal(gp3.required("iopsMonthAboveBaseline")),
        decimal(gp3.required("mibpsMonthAboveBaseline")),
        decimal(ebs.required("io2").required("gbMonth")),
        List.copyOf(tiers),
        decimal(s3.required("standardGbMonth")),
        source(ec2),
        source(ebs),
        source(s3));
  }

  private static Source source(JsonNode block) {
    return new Source(
        block.required("source").asText(),
        block.required("asOf").asText(),
        block.required("verified").asBoolean());
  }

  private static BigDecimal decimal(JsonNode n) {
    return new BigDecimal(n.asText());
  }
}
