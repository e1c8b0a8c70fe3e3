package io.clickplane.eks.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubnetPlanTest {
  @Test
  void sixteenBitVpcInThreeZones() {
    SubnetPlan plan = SubnetPlan.of(new NetworkSpec("10.40.0.0/16", 3, false));
    assertThat(plan.privateCidrs())
        .containsExactly("10.40.0.0/19", "10.40.32.0/19", "10.40.64.0/19");
    assertThat(plan.publicCidrs())
        .containsExactly("10.40.224.0/22", "10.40.228.0/22", "10.40.232.0/22");
  }

  @ParameterizedTest
  @CsvSource({"10.50.0.0/16,6", "172.16.0.0/20,6", "192.168.16.0/20,2", "10.0.0.0/18,4"})
  void subnetsLieInsideTheVpcAndNeverOverlap(String cidr, int zones) {
    SubnetPlan plan = SubnetPlan.of(new NetworkSpec(cidr, zones, true));
    List<String> all = new ArrayList<>(plan.privateCidrs());
    all.addAll(plan.publicCidrs());
    assertThat(all).hasSize(2 * zones);
    long[] vpc = range(cidr);
    for (int i = 0; i < all.size(); i++) {
      long[] a = range(all.get(i));
      assertThat(a[0]).as(all.get(i)).isGreaterThanOrEqualTo(vpc[0]);
      assertThat(a[1]).as(all.get(i)).isLessThanOrEqualTo(vpc[1]);
      for (int j = i + 1; j < all.size(); j++) {
        long[] b = range(all.get(j));
        assertThat(a[1] < b[0] || b[1] < a[0]).as(all.get(i) + " vs " + all.get(j)).isTrue();
      }
    }
  }

  @Test
  void refusesMoreZonesThanItCanPlace() {
    assertThatThrownBy(() -> SubnetPlan.of(new NetworkSpec("10.0.0.0/16", 7, true)))
        .hasMessageContaining("availabilityZones must be 1 to 6");
  }

  private static long[] range(String cidr) {
    String[] parts = cidr.split("/");
    long base = 0;
    for (String octet : parts[0].split("\\.")) {
      base = (base << 8) | Integer.parseInt(octet);
    }
    long size = 1L << (32 - Integer.parseInt(parts[1]));
    return new long[] {base, base + size - 1};
  }
}
