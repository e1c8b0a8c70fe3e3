package io.clickplane.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A service's backups in its organisation's bucket.
 *
 * @param gib GiB stored
 * @param measured true when read from the bucket, false when estimated from the spec
 */
public record ObjectStorage(BigDecimal gib, boolean measured) {
  private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

  /** How the figure was obtained, as printed on the line. */
  public String basis() {
    return measured ? "measured in the bucket" : "estimated: one full copy of provisioned data";
  }

  /** A measured size, from bytes. */
  public static ObjectStorage measuredBytes(long bytes) {
    return new ObjectStorage(
        BigDecimal.valueOf(bytes).divide(GIB, Money.QUANTITY_SCALE, RoundingMode.HALF_UP), true);
  }

  /** An estimate, in whole GiB. */
  public static ObjectStorage estimatedGib(long gib) {
    return new ObjectStorage(BigDecimal.valueOf(gib), false);
  }
}
