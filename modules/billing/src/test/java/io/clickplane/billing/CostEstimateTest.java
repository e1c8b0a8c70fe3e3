package io.clickplane.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.billing.CostLine.Component;
import io.clickplane.core.capacity.CapacityModel;
import io.clickplane.core.capacity.InstanceTypes;
import io.clickplane.core.capacity.NodeAllocatable;
import io.clickplane.core.capacity.PodDemand;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Golden;
import io.clickplane.core.testing.Repo;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostEstimateTest {
  private static final PriceBook BOOK = PriceBook.bundled();

  private static CostEstimate estimate(PlatformSpec spec) {
    return CostEstimate.of(spec, BOOK, (o, s) -> Optional.empty());
  }

  private static BigDecimal amount(CostEstimate e, Component c, String descriptionPart) {
    List<CostLine> lines =
        e.lines().stream()
            .filter(l -> l.component() == c && l.description().endsWith(descriptionPart))
            .toList();
    assertThat(lines).as("%s lines ending with %s", c, descriptionPart).hasSize(1);
    return lines.get(0).amount();
  }

  @Test
  void singleNodeOnGp3AboveTheBaseline() throws Exception {
    CostEstimate e = estimate(Fixtures.spec("", Fixtures.SINGLE_GP3));
    // m6i.2xlarge in us-east-1: 4 × 0.096 = 0.384 per hour, 730 hours.
    assertThat(amount(e, Component.COMPUTE, "m6i.2xlarge (clickhouse)"))
        .isEqualByComparingTo("280.32");
    // 100 GiB × 0.08; 3,000 IOPS above the baseline × 0.005; 125 MiB/s above × 0.04.
    assertThat(amount(e, Component.BLOCK_STORAGE, "GiB gp3 (data)")).isEqualByComparingTo("8.00");
    assertThat(amount(e, Component.BLOCK_STORAGE, "(data) IOPS above 3000"))
        .isEqualByComparingTo("15.00");
    assertThat(amount(e, Component.BLOCK_STORAGE, "(data) MiB/s above 125"))
        .isEqualByComparingTo("5.00");
    // logs: 10 GiB gp3 at baseline; the one ZooKeeper member's 10 GiB volume.
    assertThat(amount(e, Component.BLOCK_STORAGE, "10 GiB gp3 (logs)"))
        .isEqualByComparingTo("0.80");
    assertThat(amount(e, Component.BLOCK_STORAGE, "10 GiB gp3 (zookeeper)"))
        .isEqualByComparingTo("0.80");
    assertThat(e.lines()).noneMatch(l -> l.description().contains("(logs) IOPS"));
    // 100 GiB estimated in S3 × 0.023; one server × 730 h × 0.05.
    assertThat(amount(e, Component.OBJECT_STORAGE, "provisioned data)"))
        .isEqualByComparingTo("2.30");
    assertThat(amount(e, Component.SERVER_FEE, "1 active server")).isEqualByComparingTo("36.50");
  }

  @Test
  void theCoordinatorPaysItsShareOfASharedNode() throws Exception {
    PlatformSpec spec = Fixtures.spec("", Fixtures.SINGLE_GP3);
    var org = spec.organisations().get(0);
    PodDemand zk = CapacityModel.coordinatorPod(org, org.services().get(0), 0);
    NodeAllocatable node = NodeAllocatable.of(InstanceTypes.find("m6i.xlarge").orElseThrow());
    BigDecimal share =
        BigDecimal.valueOf(zk.cpuMillis())
            .divide(BigDecimal.valueOf(node.cpuMillis()), 6, RoundingMode.HALF_UP)
            .max(
                BigDecimal.valueOf(zk.memoryMib())
                    .divide(BigDecimal.valueOf(node.memoryMib()), 6, RoundingMode.HALF_UP));
    // m6i.xlarge: 0.192 per hour.
    BigDecimal expected =
        share
            .multiply(BigDecimal.valueOf(730))
            .multiply(new BigDecimal("0.192"))
            .setScale(2, RoundingMode.HALF_UP);
    assertThat(share).isBetween(new BigDecimal("0.01"), new BigDecimal("0.5"));
    assertThat(amount(estimate(spec), Component.COMPUTE, "m6i.xlarge (zookeeper)"))
        .isEqualByComparingTo(expected);
  }

  @Test
  void shardedServiceOnIo2PaysTieredIops() throws Exception {
    CostEstimate e = estimate(Fixtures.spec("", Fixtures.SHARDED_IO2));
    // 2 shards × 3 replicas: six dedicated nodes.
    assertThat(amount(e, Component.COMPUTE, "6 × m6i.2xlarge (clickhouse)"))
        .isEqualByComparingTo("1681.92");
    // six 1,024 GiB io2 volumes × 0.125.
    assertThat(amount(e, Component.BLOCK_STORAGE, "6 × 1024 GiB io2 (data)"))
        .isEqualByComparingTo("768.00");
    // 40,000 IOPS each: 32,000 × 0.065 + 8,000 × 0.0455, six volumes.
    assertThat(amount(e, Component.BLOCK_STORAGE, "IOPS 1–32000")).isEqualByComparingTo("12480.00");
    assertThat(amount(e, Component.BLOCK_STORAGE, "IOPS 32001–64000"))
        .isEqualByComparingTo("2184.00");
    assertThat(e.lines()).noneMatch(l -> l.description().contains("IOPS 64001+"));
    // a full backup holds one replica of each shard: 2 × 1,024 GiB × 0.023.
    assertThat(amount(e, Component.OBJECT_STORAGE, "provisioned data)"))
        .isEqualByComparingTo("47.10");
    assertThat(amount(e, Component.SERVER_FEE, "6 active servers")).isEqualByComparingTo("219.00");
    // three ZooKeeper members, each a 10 GiB gp3 volume.
    assertThat(amount(e, Component.BLOCK_STORAGE, "3 × 10 GiB gp3 (zookeeper)"))
        .isEqualByComparingTo("2.40");
  }

  @Test
  void io2TiersOfOneVolume() {
    var prices = BOOK.region("us-east-1").orElseThrow();
    assertThat(prices.io2IopsMonth(1000)).isEqualByComparingTo("65");
    assertThat(prices.io2IopsMonth(32000)).isEqualByComparingTo("2080");
    assertThat(prices.io2IopsMonth(70000))
        .isEqualByComparingTo(
            new BigDecimal("2080").add(new BigDecimal("1456")).add(new BigDecimal("191.1")));
  }

  @Test
  void markupIsAddedToCloudCostsOnlyAndTotalsAddUp() throws Exception {
    CostEstimate e =
        estimate(
            Fixtures.spec(
                "  clickplane:billing: {serverFeePerHour: \"0.10\", markupPercent: 10}\n",
                Fixtures.SINGLE_GP3 + Fixtures.SHARDED_IO2));
    for (String service : List.of("events", "clicks")) {
      List<CostLine> lines = e.lines().stream().filter(l -> l.service().equals(service)).toList();
      BigDecimal cloud =
          Money.sum(
              lines.stream()
                  .filter(
                      l ->
                          l.component() != Component.SERVER_FEE
                              && l.component() != Component.MARKUP)
                  .toList());
      CostLine markup =
          lines.stream().filter(l -> l.component() == Component.MARKUP).findFirst().orElseThrow();
      assertThat(markup.amount()).isEqualByComparingTo(Money.cents(cloud.movePointLeft(1)));
    }
    assertThat(amount(e, Component.SERVER_FEE, "1 active server")).isEqualByComparingTo("73.00");
    BigDecimal byOrg =
        e.byOrganisation().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal byService = e.byService().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(byOrg).isEqualByComparingTo(e.total());
    assertThat(byService).isEqualByComparingTo(e.total());
    assertThat(e.total().scale()).isEqualTo(2);
  }

  @Test
  void everyCatalogueInstanceTypeIsPricedInUsEast1AndSizesFollowTheSource() {
    var prices = BOOK.region("us-east-1").orElseThrow();
    for (String type : InstanceTypes.all().keySet()) {
      assertThat(prices.instanceHourly(type)).as(type).isPresent();
    }
    // figures listed per size in the source, checked against the large-size rule
    Map<String, String> listed =
        Map.of(
            "m6i.4xlarge", "0.768",
            "r6i.8xlarge", "2.016",
            "c7g.xlarge", "0.145",
            "r7g.4xlarge", "0.8568",
            "m7i.2xlarge", "0.4032",
            "c6i.8xlarge", "1.36");
    listed.forEach(
        (type, price) ->
            assertThat(prices.instanceHourly(type))
                .as(type)
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(price)));
  }

  @Test
  void aRegionOrTypeWithoutPricesIsRefusedByName() throws Exception {
    PlatformSpec spec =
        StackConfig.parse(
            "fixture.yaml",
            Fixtures.HEAD.replace("us-east-1", "ap-south-2")
                + "  clickplane:organisations:\n    - name: acme\n      services:\n"
                + Fixtures.SINGLE_GP3);
    assertThatThrownBy(() -> estimate(spec))
        .isInstanceOf(MissingPriceException.class)
        .hasMessageContaining("no prices for region ap-south-2");
  }

  @Test
  void aStoppedServiceCostsItsStorageAndNoCompute() throws Exception {
    CostEstimate running = estimate(Fixtures.spec("", Fixtures.SINGLE_GP3));
    CostEstimate stopped =
        estimate(Fixtures.spec("", Fixtures.SINGLE_GP3 + "          state: stopped\n"));
    assertThat(stopped.lines())
        .noneMatch(l -> l.component() == Component.COMPUTE)
        .noneMatch(l -> l.component() == Component.SERVER_FEE);
    // The volumes and the backups cost what they cost while running: 8.00 + 15.00 + 5.00 for
    // data, 0.80 each for logs and ZooKeeper, 2.30 in S3.
    for (Component kept : List.of(Component.BLOCK_STORAGE, Component.OBJECT_STORAGE)) {
      assertThat(Money.sum(stopped.lines().stream().filter(l -> l.component() == kept).toList()))
          .isEqualByComparingTo(
              Money.sum(running.lines().stream().filter(l -> l.component() == kept).toList()));
    }
    assertThat(amount(stopped, Component.BLOCK_STORAGE, "GiB gp3 (data)"))
        .isEqualByComparingTo("8.00");
    assertThat(amount(stopped, Component.BLOCK_STORAGE, "10 GiB gp3 (zookeeper)"))
        .isEqualByComparingTo("0.80");
    assertThat(Money.sum(running.lines()).subtract(Money.sum(stopped.lines())))
        .as("compute and the server fee: 280.32 + 36.50, with the markup on compute if any")
        .isGreaterThanOrEqualTo(new BigDecimal("316.82"));
  }

  @Test
  void measuredBackupsReplaceTheEstimate() throws Exception {
    CostEstimate e =
        CostEstimate.of(
            Fixtures.spec("", Fixtures.SINGLE_GP3), BOOK, (o, s) -> Optional.of(50L << 30));
    assertThat(amount(e, Component.OBJECT_STORAGE, "measured in the bucket)"))
        .isEqualByComparingTo("1.15");
  }

  @Test
  void goldenEstimatesForTheDevAndProdStacks() throws Exception {
    for (String stack : List.of("dev", "prod")) {
      PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
      CostEstimate e = estimate(spec);
      Golden.assertMatches(
          "cost/" + stack + ".txt",
          CostReport.table("monthly estimate, " + stack, e.currency(), e.lines())
              + "\n"
              + CostReport.csv(e.lines()));
    }
  }
}
