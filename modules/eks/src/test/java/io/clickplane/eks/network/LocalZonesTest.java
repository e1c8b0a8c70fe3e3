package io.clickplane.eks.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.backup.aws.testing.MockedStack.Zone;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.eks.cluster.EksCluster;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An account in us-west-2 with Local Zones and a Wavelength Zone opted in: EC2 lists them with the
 * region's own zones, and their names sort first. The network, and so the control plane and the
 * node groups, must use the region's availability zones only.
 */
class LocalZonesTest {
  static final List<Zone> US_WEST_2_WITH_LOCAL_ZONES =
      List.of(
          Zone.regional("us-west-2a", "usw2-az2"),
          Zone.regional("us-west-2b", "usw2-az1"),
          Zone.regional("us-west-2c", "usw2-az3"),
          Zone.regional("us-west-2d", "usw2-az4"),
          new Zone("us-west-2-lax-1a", "usw2-lax1-az1", "available", "opted-in", "local-zone"),
          new Zone("us-west-2-lax-1b", "usw2-lax1-az2", "available", "opted-in", "local-zone"),
          new Zone("us-west-2-den-1a", "usw2-den1-az1", "available", "not-opted-in", "local-zone"),
          new Zone(
              "us-west-2-wl1-las-wlz-1",
              "usw2-wl1-las-wlz1",
              "available",
              "opted-in",
              "wavelength-zone"));

  private static PlatformSpec spec;
  private static MockedStack stack;

  @BeforeAll
  static void run() throws Exception {
    spec = StackConfig.load(Repo.stackFile("prod"));
    stack =
        MockedStack.run(
            Map.of(),
            Set.of(),
            US_WEST_2_WITH_LOCAL_ZONES,
            ctx -> {
              Network network = new Network(spec, ComponentResourceOptions.Empty);
              new EksCluster(spec, network, ComponentResourceOptions.Empty);
            });
  }

  @Test
  void subnetsAreOnlyInTheRegionsOwnAvailabilityZones() {
    assertThat(spec.network().availabilityZones()).isEqualTo(3);
    assertThat(stack.ofType("aws:ec2/subnet:Subnet"))
        .hasSize(6)
        .extracting(r -> r.name() + " " + r.string("availabilityZone"))
        .containsExactly(
            "clickplane-prod-private-0 us-west-2a",
            "clickplane-prod-private-1 us-west-2b",
            "clickplane-prod-private-2 us-west-2c",
            "clickplane-prod-public-0 us-west-2a",
            "clickplane-prod-public-1 us-west-2b",
            "clickplane-prod-public-2 us-west-2c");
  }

  @Test
  void natGatewaysControlPlaneAndNodeGroupsFollowTheSubnets() {
    List<String> regional =
        stack.ofType("aws:ec2/subnet:Subnet").stream()
            .filter(r -> r.string("availabilityZone").matches("us-west-2[a-d]"))
            .map(r -> r.name() + "-id")
            .toList();
    assertThat(stack.ofType("aws:ec2/natGateway:NatGateway"))
        .isNotEmpty()
        .allSatisfy(n -> assertThat(regional).contains(n.string("subnetId")));
    Registration cluster = stack.ofType("aws:eks/cluster:Cluster").get(0);
    assertThat((List<?>) cluster.path("vpcConfig", "subnetIds"))
        .isNotEmpty()
        .allSatisfy(id -> assertThat(regional).contains(id.toString()));
    assertThat(stack.ofType("aws:eks/nodeGroup:NodeGroup"))
        .isNotEmpty()
        .allSatisfy(
            g ->
                assertThat((List<?>) g.inputs().get("subnetIds"))
                    .allSatisfy(id -> assertThat(regional).contains(id.toString())));
  }
}
