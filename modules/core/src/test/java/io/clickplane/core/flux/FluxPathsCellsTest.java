package io.clickplane.core.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import org.junit.jupiter.api.Test;

/** The directories of one cell, and of an environment without cells (as before cells). */
class FluxPathsCellsTest {
  private static PlatformSpec stack(String cells) throws Exception {
    return StackConfig.parse(
        "t.yaml",
        String.join(
            "\n",
            "config:",
            "  aws:region: eu-west-1",
            "  clickplane:environment: dev",
            "  clickplane:domain: ch.dev.example.com",
            "  clickplane:network: {cidr: 10.40.0.0/16}",
            "  clickplane:eks:",
            "    version: \"1.31\"",
            "    nodeGroups:",
            "      - {name: system, instanceType: m6i.large, min: 2, max: 4}",
            cells + "  clickplane:organisations: []",
            ""));
  }

  @Test
  void withoutCellsThePathsAreTheEnvironments() throws Exception {
    PlatformSpec spec = stack("");
    assertThat(FluxPaths.clusters(spec)).isEqualTo("clusters/dev");
    assertThat(FluxPaths.controllers(spec)).isEqualTo("infrastructure/dev/controllers");
    assertThat(FluxPaths.configs(spec)).isEqualTo("infrastructure/dev/configs");
    assertThat(FluxPaths.keycloak(spec)).isEqualTo("infrastructure/dev/keycloak");
    assertThat(FluxPaths.cellTenants("dev", "")).isEqualTo("tenants/dev");
  }

  @Test
  void eachCellHasItsOwnEntryPointAndClusterWideDirectories() throws Exception {
    PlatformSpec spec =
        stack(
            "  clickplane:cells:\n"
                + "    - name: eu1\n"
                + "    - name: eu2\n"
                + "      network: {cidr: 10.41.0.0/16}\n");
    PlatformSpec eu2 = spec.forCell("eu2");
    assertThat(FluxPaths.clusters(eu2)).isEqualTo("clusters/dev/eu2");
    assertThat(FluxPaths.controllers(eu2)).isEqualTo("infrastructure/dev/eu2/controllers");
    assertThat(FluxPaths.configs(eu2)).isEqualTo("infrastructure/dev/eu2/configs");
    assertThat(FluxPaths.keycloak(eu2)).isEqualTo("infrastructure/dev/eu2/keycloak");
    assertThat(FluxPaths.cellTenants("dev", "eu2")).isEqualTo("infrastructure/dev/eu2/tenants");
    assertThat(FluxPaths.organisation("dev", "acme")).isEqualTo("tenants/dev/acme");
    // every cell's directories are under what an environment's publish owns
    assertThat(FluxPaths.owned("dev"))
        .anyMatch(o -> FluxPaths.controllers(eu2).startsWith(o + "/"))
        .anyMatch(o -> FluxPaths.clusters(eu2).startsWith(o + "/"));
    // the whole environment is no one cell: paths need a projection
    assertThatThrownBy(() -> FluxPaths.controllers(spec))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("forCell");
  }
}
