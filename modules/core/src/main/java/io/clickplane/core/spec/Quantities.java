package io.clickplane.core.spec;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 500Gi}, {@code 3500m}, {@code 4}): parsing and comparison.
 */
public final class Quantities {
  private static final Pattern QUANTITY =
      Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$");
  private static final Map<String, BigDecimal> FACTORS =
      Map.ofEntries(
          Map.entry("", BigDecimal.ONE),
          Map.entry("m", new BigDecimal("0.001")),
          Map.entry("k", BigDecimal.TEN.pow(3)),
          Map.entry("M", BigDecimal.TEN.pow(6)),
          Map.entry("G", BigDecimal.TEN.pow(9)),
          Map.entry("T", BigDecimal.TEN.pow(12)),
          Map.entry("P", BigDecimal.TEN.pow(15)),
          Map.entry("E", BigDecimal.TEN.pow(18)),
          Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
          Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
          Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
          Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
          Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
          Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

  private Quantities() {}

  /** True when {@code text} is a Kubernetes quantity this platform accepts. */
  public static boolean isQuantity(String text) {
    return text != null && QUANTITY.matcher(text).matches();
  }

  /** The quantity's value in base units (bytes for memory and storage, cores for CPU). */
  public static BigDecimal value(String text) {
    Matcher m = QUANTITY.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a quantity: " + text);
    }
    String suffix = m.group(2) == null ? "" : m.group(2);
    return new BigDecimal(m.group(1)).multiply(FACTORS.get(suffix));
  }

  /** The quantity in whole bytes, rounded down. */
  public static long bytes(String text) {
    return value(text).longValue();
  }

  /** The quantity in whole GiB, rounded up (EBS sizes volumes in GiB). */
  public static long gibibytesCeil(String text) {
    BigDecimal gib = BigDecimal.valueOf(2).pow(30);
    return value(text).divide(gib, 0, java.math.RoundingMode.CEILING).longValueExact();
  }

  /** A CPU quantity in millicores, rounded up. */
  public static long millicores(String text) {
    return value(text)
        .multiply(BigDecimal.valueOf(1000))
        .setScale(0, java.math.RoundingMode.CEILING)
        .longValueExact();
  }

  /** A memory quantity in whole MiB, rounded up. */
  public static long mebibytesCeil(String text) {
    BigDecimal mib = BigDecimal.valueOf(2).pow(20);
    return value(text).divide(mib, 0, java.math.RoundingMode.CEILING).longValueExact();
  }
}
