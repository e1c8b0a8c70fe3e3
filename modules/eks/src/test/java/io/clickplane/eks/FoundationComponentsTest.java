package io.clickplane.eks;

import static org.assertj.core.api.Assertions.assertThat;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.eks.cluster.EksCluster;
import io.clickplane.eks.flux.FluxBootstrap;
import io.clickplane.eks.karpenter.Karpenter;
import io.clickplane.eks.lbc.LoadBalancerController;
import io.clickplane.eks.network.Network;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The eks components wired together under Pulumi mocks (prod stack: NAT per zone, remote Flux
 * repository).
 */
class FoundationComponentsTest {
  private static PlatformSpec spec;
  private static MockedStack stack;

  @BeforeAll
  static void run() throws Exception {
    spec = StackConfig.load(Repo.stackFile("prod"));
    stack =
        MockedStack.run(
            ctx -> {
              var none = ComponentResourceOptions.Empty;
              Network network = new Network(spec, none);
              EksCluster cluster = new EksCluster(spec, network, none);
              LoadBalancerController lbc = new LoadBalancerController(spec, network, cluster, none);
              new Karpenter(spec, cluster, none);
              new FluxBootstrap(
                  spec,
                  cluster,
                  Optional.of(Output.ofSecret("token")),
                  List.of(lbc.release()),
                  none);
            });
  }

  @Test
  void everyResourceIsParentedToItsComponent() {
    Map<String, String> componentTypes =
        stack.all().stream()
            .filter(r -> r.type().startsWith("clickplane:eks:"))
            .collect(Collectors.toMap(Registration::urn, Registration::type));
    assertThat(componentTypes.values())
        .containsExactlyInAnyOrder(
            Network.TYPE,
            EksCluster.TYPE,
            LoadBalancerController.TYPE,
            Karpenter.TYPE,
            FluxBootstrap.TYPE);
    List<Registration> resources =
        stack.all().stream()
            .filter(
                r -> !r.type().startsWith("clickplane:") && !r.type().equals("pulumi:pulumi:Stack"))
            .toList();
    assertThat(resources)
        .hasSizeGreaterThan(50)
        .allSatisfy(
            r ->
                assertThat(componentTypes)
                    .as(r.type() + " " + r.name())
                    .containsKey(r.parentUrn()));
  }

  @Test
  void natGatewayPerZoneWhenConfigured() {
    assertThat(stack.ofType("aws:ec2/natGateway:NatGateway"))
        .hasSize(3)
        .extracting(r -> r.string("subnetId"))
        .containsExactly(
            "clickplane-prod-public-0-id",
            "clickplane-prod-public-1-id",
            "clickplane-prod-public-2-id");
  }

  @Test
  void clusterSitsInThePrivateSubnetsAndNodeGroupsTooAcrossAllZones() {
    Registration cluster = stack.ofType("aws:eks/cluster:Cluster").get(0);
    assertThat((List<?>) cluster.path("vpcConfig", "subnetIds"))
        .hasSize(3)
        .allSatisfy(id -> assertThat(id.toString()).contains("-private-"));
    assertThat(cluster.inputs().get("bootstrapSelfManagedAddons")).isEqualTo(false);
  }

  @Test
  void kubernetesResourcesWaitForTheClusterToRunWorkloads() {
    List<String> ready =
        stack.ofType("aws:eks/nodeGroup:NodeGroup").stream()
            .map(Registration::urn)
            .collect(Collectors.toList());
    stack.ofType("aws:eks/addon:Addon").stream()
        .filter(a -> "coredns".equals(a.string("addonName")))
        .forEach(a -> ready.add(a.urn()));
    assertThat(stack.ofType("kubernetes:helm.sh/v3:Release"))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.dependencies()).as(r.name()).containsAll(ready));
  }

  @Test
  void loadBalancerControllerRunsAsItsIrsaRoleInTheVpc() {
    Registration release =
        stack.named("kubernetes:helm.sh/v3:Release", LoadBalancerController.NAME);
    assertThat(
            release.path("values", "serviceAccount", "annotations", "eks.amazonaws.com/role-arn"))
        .isEqualTo("arn:aws:iam::123456789012:role/clickplane-prod-aws-load-balancer-controller");
    assertThat(release.path("values", "vpcId")).isEqualTo("clickplane-prod-vpc-id");
    assertThat(release.path("values", "clusterName")).isEqualTo("clickplane-prod");
    assertThat(release.string("version")).isEqualTo(LoadBalancerController.CHART_VERSION);
    assertThat(release.path("repositoryOpts", "repo"))
        .isEqualTo(LoadBalancerController.CHART_REPOSITORY);
  }
}
