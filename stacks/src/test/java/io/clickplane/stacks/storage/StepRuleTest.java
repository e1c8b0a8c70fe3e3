package io.clickplane.stacks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepRuleTest {
  private static final long GIB = 1L << 30;

  @Test
  void growsByTheStepOrToTheTargetUsageRoundedUpAndCapped() {
    // 25% step wins: 400Gi used of 500Gi wants 571.4Gi by target, 625Gi by step -> 630Gi
    assertThat(StepRule.grow(500 * GIB, 400 * GIB, 16L << 40)).isEqualTo(630 * GIB);
    // the target wins: 490Gi used wants 700Gi
    assertThat(StepRule.grow(500 * GIB, 490 * GIB, 16L << 40)).isEqualTo(700 * GIB);
    // capped by the limit, and never below the current size
    assertThat(StepRule.grow(500 * GIB, 490 * GIB, 600 * GIB)).isEqualTo(600 * GIB);
    assertThat(StepRule.grow(500 * GIB, 490 * GIB, 400 * GIB)).isEqualTo(500 * GIB);
    assertThat(StepRule.quantity(2048 * GIB)).isEqualTo("2Ti");
    assertThat(StepRule.quantity(1280 * GIB)).isEqualTo("1280Gi");
  }
}
