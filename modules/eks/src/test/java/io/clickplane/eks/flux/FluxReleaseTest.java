package io.clickplane.eks.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.flux.FluxRelease;
import io.clickplane.core.testing.FluxCrdBundle;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Flux that {@code pulumi up} installs serves the API our Flux objects are validated against:
 * the {@code flux2} chart's Flux line is the line of {@code ../shared/crds/flux}.
 */
class FluxReleaseTest {
  /**
   * What each {@code flux2} chart version ships ({@code appVersion}), from fluxcd-community/
   * helm-charts: tags {@code flux2-2.14.1} and {@code flux2-2.18.3}, {@code
   * charts/flux2/Chart.yaml}; 2.19.1 from pull request 293 ("upgrade charts to Flux v2.9.5": flux2
   * 2.19.1).
   */
  private static final Map<String, String> CHART_SHIPS =
      Map.of("2.14.1", "2.4.0", "2.18.3", "2.8.5", "2.19.1", "2.9.5");

  /**
   * Fields our rendered Flux objects use that a Flux release added, with the release: {@code
   * Kustomization.spec.healthCheckExprs} came with kustomize-controller v1.5.0 in Flux v2.5.0; an
   * older API server schema refuses or prunes it ("field not declared in schema", sylva-core issue
   * 2375 on a Flux 2.4 cluster).
   */
  private static final Map<String, String> FIELDS_SINCE =
      Map.of("kustomize.toolkit.fluxcd.io/v1 Kustomization spec.healthCheckExprs", "2.5");

  @Test
  void theInstalledChartShipsTheFluxLineOfTheCrdBundle() {
    String ships = CHART_SHIPS.get(FluxBootstrap.CHART_VERSION);
    assertThat(ships).as("Flux shipped by flux2 chart " + FluxBootstrap.CHART_VERSION).isNotNull();
    assertThat(FluxRelease.line(ships))
        .as(
            "chart %s ships Flux %s; ../shared/crds/flux comes from Flux %s",
            FluxBootstrap.CHART_VERSION, ships, FluxCrdBundle.fluxVersion())
        .isEqualTo(FluxRelease.line(FluxCrdBundle.fluxVersion()));
    assertThat(ships).isEqualTo(FluxRelease.FLUX_VERSION);
  }

  @Test
  void everyVersionedFieldWeUseIsServedByTheInstalledControllers() {
    String installed = FluxRelease.line(CHART_SHIPS.get(FluxBootstrap.CHART_VERSION));
    FIELDS_SINCE.forEach(
        (field, since) ->
            assertThat(compare(installed, since))
                .as(
                    "%s needs Flux %s; chart %s installs Flux %s",
                    field, since, FluxBootstrap.CHART_VERSION, installed)
                .isGreaterThanOrEqualTo(0));
  }

  @Test
  void versionLinesCompareNumerically() {
    assertThat(compare("2.10", "2.9")).isPositive();
    assertThat(compare("2.4", "2.5")).isNegative();
    assertThat(FluxRelease.line("v2.9.4")).isEqualTo("2.9");
  }

  private static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    int major = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
    return major != 0 ? major : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
  }
}
