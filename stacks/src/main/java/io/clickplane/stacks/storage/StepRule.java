package io.clickplane.stacks.storage;

/**
 * How much a full disk grows: to the larger of its size plus {@link #STEP_PERCENT}% and the size at
 * which the fullest volume would be {@link #TARGET_PERCENT}% used, rounded up to a whole {@link
 * #ROUND_GIB} GiB, and never past the service's limit ({@code storage.maxSize}, else EBS's largest
 * volume of its class). Disks only grow.
 */
public final class StepRule {
  /** The least growth, in percent of the current size. */
  public static final int STEP_PERCENT = 25;

  /** The usage a grown disk is sized for, in percent. */
  public static final int TARGET_PERCENT = 70;

  /** Sizes are rounded up to a multiple of this many GiB. */
  public static final long ROUND_GIB = 10;

  private static final long GIB = 1L << 30;

  private StepRule() {}

  /**
   * The proposed size in bytes of a disk of {@code currentBytes} whose fullest volume uses {@code
   * usedBytes}, capped at {@code maxBytes}; {@code currentBytes} when it cannot grow.
   */
  public static long grow(long currentBytes, long usedBytes, long maxBytes) {
    long byStep = currentBytes + currentBytes * STEP_PERCENT / 100;
    long byTarget = (long) Math.ceil(usedBytes * 100.0 / TARGET_PERCENT);
    long wanted = Math.max(byStep, byTarget);
    long round = ROUND_GIB * GIB;
    long rounded = (wanted + round - 1) / round * round;
    long capped = Math.min(rounded, maxBytes);
    return Math.max(capped, currentBytes);
  }

  /** A size as a stack-file quantity: whole TiB as {@code Ti}, else whole GiB as {@code Gi}. */
  public static String quantity(long bytes) {
    long tib = 1L << 40;
    if (bytes % tib == 0) {
      return bytes / tib + "Ti";
    }
    return (bytes + GIB - 1) / GIB + "Gi";
  }
}
