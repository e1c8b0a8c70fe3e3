package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.spec.AddonVersions;
import io.clickplane.core.spec.EksAddons;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Add-on versions follow the cluster's Kubernetes version unless the stack file pins them. */
class AddonDefaultsTest {
  @ParameterizedTest
  @ValueSource(strings = {"1.29", "1.30", "1.31", "1.32", "1.33"})
  void everySupportedVersionDefaultsAKubeProxyOfItsOwnMinor(String version) throws Exception {
    PlatformSpec spec = withEks(version, "");
    assertThat(spec.eks().version()).isEqualTo(version);
    assertThat(spec.eks().addons().kubeProxy()).startsWith("v" + version + ".");
    assertThat(spec.eks().addons()).isEqualTo(EksAddons.defaultsFor(version));
    for (String v :
        new String[] {
          spec.eks().addons().vpcCni(),
          spec.eks().addons().ebsCsiDriver(),
          spec.eks().addons().coreDns(),
          spec.eks().addons().kubeProxy()
        }) {
      assertThat(Rules.addonVersion(v)).isEmpty();
    }
  }

  @Test
  void theTableCoversExactlyTheSupportedVersions() {
    for (int minor = Rules.MIN_EKS_MINOR; minor <= Rules.MAX_EKS_MINOR; minor++) {
      AddonVersions a = EksAddons.defaultsFor("1." + minor);
      assertThat(a.kubeProxy()).startsWith("v1." + minor + ".");
    }
    assertThat(EksAddons.supportedVersions())
        .hasSize(Rules.MAX_EKS_MINOR - Rules.MIN_EKS_MINOR + 1);
  }

  @Test
  void aPinnedAddonVersionIsKept() throws Exception {
    PlatformSpec spec = withEks("1.30", "    addons:\n      coreDns: v1.11.1-eksbuild.9\n");
    assertThat(spec.eks().addons().coreDns()).isEqualTo("v1.11.1-eksbuild.9");
    assertThat(spec.eks().addons().kubeProxy()).startsWith("v1.30.");
  }

  @Test
  void aKubeProxyOfAnotherMinorIsRefusedWithItsLine() {
    assertThatThrownBy(() -> withEks("1.30", "    addons:\n      kubeProxy: v1.31.7-eksbuild.7\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(
            "dev.yaml:14: clickplane:eks.addons.kubeProxy: must be a kube-proxy of the cluster's"
                + " Kubernetes minor version 1.30 (EKS refuses another), e.g. ");
  }

  /** The dev stack with {@code eks.version} replaced and {@code addons} lines after it. */
  private static PlatformSpec withEks(String version, String addons) throws Exception {
    String dev = Files.readString(Repo.stackFile("dev"));
    String text =
        dev.replace("    version: \"1.31\"\n", "    version: \"" + version + "\"\n" + addons);
    assertThat(dev).contains("    version: \"1.31\"\n");
    return StackConfig.parse("dev.yaml", text);
  }
}
