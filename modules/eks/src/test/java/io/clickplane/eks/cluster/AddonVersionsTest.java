package io.clickplane.eks.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.pulumi.resources.ComponentResourceOptions;
import io.clickplane.backup.aws.testing.MockedStack;
import io.clickplane.backup.aws.testing.MockedStack.Registration;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.eks.network.Network;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A 1.30 cluster whose stack file pins no add-on versions gets add-ons built for 1.30. */
class AddonVersionsTest {
  @Test
  void addOnsOfAn130ClusterAreBuiltFor130() throws Exception {
    String dev = Files.readString(Repo.stackFile("dev"));
    PlatformSpec spec =
        StackConfig.parse("dev.yaml", dev.replace("version: \"1.31\"", "version: \"1.30\""));
    MockedStack stack =
        MockedStack.run(
            ctx -> {
              Network network = new Network(spec, ComponentResourceOptions.Empty);
              new EksCluster(spec, network, ComponentResourceOptions.Empty);
            });
    assertThat(stack.ofType("aws:eks/cluster:Cluster").get(0).string("version")).isEqualTo("1.30");
    Map<String, String> versions =
        stack.ofType("aws:eks/addon:Addon").stream()
            .collect(Collectors.toMap(a -> a.string("addonName"), a -> a.string("addonVersion")));
    assertThat(versions)
        .containsOnlyKeys("vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver")
        .containsEntry("kube-proxy", "v1.30.14-eksbuild.8")
        .containsEntry("coredns", "v1.11.4-eksbuild.24");
    for (Registration addon : stack.ofType("aws:eks/addon:Addon")) {
      assertThat(addon.string("addonVersion"))
          .matches("v[0-9]+\\.[0-9]+\\.[0-9]+-eksbuild\\.[0-9]+");
    }
  }
}
