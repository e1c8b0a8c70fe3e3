package io.clickplane.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantitiesTest {
  @Test
  void parsesBinaryDecimalAndMilliSuffixes() {
    assertThat(Quantities.bytes("500Gi")).isEqualTo(500L << 30);
    assertThat(Quantities.bytes("1Ti")).isEqualTo(1L << 40);
    assertThat(Quantities.bytes("2G")).isEqualTo(2_000_000_000L);
    assertThat(Quantities.value("3500m")).isEqualByComparingTo(new BigDecimal("3.5"));
    assertThat(Quantities.value("1.5")).isEqualByComparingTo(new BigDecimal("1.5"));
    assertThat(Quantities.gibibytesCeil("1500Mi")).isEqualTo(2);
  }

  @Test
  void rejectsWhatKubernetesRejects() {
    assertThat(Quantities.isQuantity("16GB")).isFalse();
    assertThat(Quantities.isQuantity("4 cores")).isFalse();
    assertThat(Quantities.isQuantity("-1Gi")).isFalse();
    assertThat(Quantities.isQuantity("")).isFalse();
    assertThatThrownBy(() -> Quantities.value("1GB")).isInstanceOf(IllegalArgumentException.class);
  }
}
