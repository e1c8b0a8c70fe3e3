package io.clickplane.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Allocatable figures against values computed by hand from the EKS AMI's formulas. */
class NodeAllocatableTest {
  private static NodeAllocatable of(String type) {
    return NodeAllocatable.of(InstanceTypes.find(type).orElseThrow());
  }

  @Test
  void m6iLarge() {
    NodeAllocatable a = of("m6i.large");
    // 6% of core 1 + 1% of core 2 = 60m + 10m
    assertThat(a.kubeReservedCpuMillis()).isEqualTo(70);
    assertThat(a.cpuMillis()).isEqualTo(1930);
    // 3 ENIs x ((10 - 1) x 16) + 2 = 434, capped at 110 (2 vCPU); classic 3 x 9 + 2 = 29
    assertThat(a.maxPods()).isEqualTo(110);
    assertThat(NodeAllocatable.classicMaxPods(a.instanceType())).isEqualTo(29);
    // 11 x 110 + 255
    assertThat(a.kubeReservedMemoryMib()).isEqualTo(1465);
    // 8192 - ceil(8192 x 7.5%) = 8192 - 615 = 7577; 7577 - 1465 - 100
    assertThat(a.capacityMemoryMib()).isEqualTo(7577);
    assertThat(a.memoryMib()).isEqualTo(6012);
  }

  @Test
  void m6i2xlargeIsLessThanEightCpuAnd32Gi() {
    NodeAllocatable a = of("m6i.2xlarge");
    // 60 + 10 + 2 x 5 + 4 x 2.5
    assertThat(a.kubeReservedCpuMillis()).isEqualTo(90);
    assertThat(a.cpuMillis()).isEqualTo(7910);
    assertThat(a.maxPods()).isEqualTo(110);
    // 32768 - 2458 - (11 x 110 + 255) - 100
    assertThat(a.memoryMib()).isEqualTo(28745);
  }

  @Test
  void r6i4xlargeReservesForTheClassicPodCountWhenItIsLarger() {
    NodeAllocatable a = of("r6i.4xlarge");
    // 60 + 10 + 10 + 12 x 2.5
    assertThat(a.kubeReservedCpuMillis()).isEqualTo(110);
    assertThat(a.cpuMillis()).isEqualTo(15890);
    // prefix delegation 8 x 29 x 16 + 2 = 3714 -> 110; classic 8 x 29 + 2 = 234 reserves more
    assertThat(a.maxPods()).isEqualTo(110);
    assertThat(a.kubeReservedMemoryMib()).isEqualTo(11 * 234 + 255);
    // 131072 - ceil(9830.4) - 2829 - 100
    assertThat(a.memoryMib()).isEqualTo(131072 - 9831 - 2829 - 100);
  }

  @Test
  void graviton8xlargeGetsTheHigherPodCeiling() {
    NodeAllocatable a = of("m6g.8xlarge");
    assertThat(a.instanceType().architecture()).isEqualTo("arm64");
    // 32 vCPU > 30: ceiling 250
    assertThat(a.maxPods()).isEqualTo(250);
    // 60 + 10 + 10 + 28 x 2.5
    assertThat(a.kubeReservedCpuMillis()).isEqualTo(150);
    assertThat(a.kubeReservedMemoryMib()).isEqualTo(11 * 250 + 255);
    assertThat(a.memoryMib()).isEqualTo(131072 - 9831 - 3005 - 100);
  }

  @Test
  void c6iXlarge() {
    NodeAllocatable a = of("c6i.xlarge");
    assertThat(a.instanceType().memoryMib()).isEqualTo(8192);
    assertThat(a.cpuMillis()).isEqualTo(4000 - 80);
    assertThat(a.memoryMib()).isEqualTo(6012);
  }

  @Test
  void catalogueCoversTheFamiliesFromLargeTo8xlarge() {
    for (String family :
        new String[] {"m6i", "m7i", "r6i", "r7i", "c6i", "c7i", "m6g", "m7g", "r6g", "r7g"}) {
      for (String size : new String[] {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge"}) {
        assertThat(InstanceTypes.find(family + "." + size)).as(family + "." + size).isPresent();
      }
    }
    assertThat(InstanceTypes.find("r7g.4xlarge").orElseThrow().memoryMib()).isEqualTo(128 * 1024);
    assertThat(InstanceTypes.find("m6i.16xlarge")).isEmpty();
  }
}
