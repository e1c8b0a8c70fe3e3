package io.clickplane.billing;

/** EBS facts that decide what is billed above a volume's baseline. */
final class PriceBookRules {
  /** gp3 includes 3,000 IOPS at no charge. */
  static final int GP3_BASE_IOPS = 3000;

  /** gp3 includes 125 MiB/s at no charge. */
  static final int GP3_BASE_THROUGHPUT = 125;

  private PriceBookRules() {}
}
