package io.clickplane.istio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.istio.testing.GatewayChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ingress gateway's HelmRelease read through a model of the Istio gateway chart 1.27.3 ({@link
 * GatewayChart}): what the NLB's health checks reach, and how many gateway pods survive a zone or a
 * node drain.
 */
class GatewayReleaseTest {
  private static final String LB = "service.beta.kubernetes.io/aws-load-balancer-";

  private static JsonNode release(String stack) throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
    ManifestSet tree = IstioRenderer.render(spec);
    String path = FluxPaths.controllers(spec.environment()) + "/istio/helmrelease-gateway.yaml";
    assertThat(tree.paths()).contains(path);
    return Yaml.mapper().readTree(tree.text(path));
  }

  /** Flux's Helm release name: {@code <targetNamespace>-<name>}. */
  private static String releaseName(JsonNode release) {
    return release.at("/spec/targetNamespace").asText()
        + "-"
        + release.at("/metadata/name").asText();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyValueIsOneTheChartDeclares(String stack) throws Exception {
    JsonNode values = release(stack).at("/spec/values");
    assertThat(GatewayChart.problems(values)).isEmpty();
    assertThat(release(stack).at("/spec/chart/spec/version").asText()).isEqualTo("1.27.3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void healthChecksWithAProxyHeaderReachAStatusPortThatReadsIt(String stack) throws Exception {
    JsonNode values = release(stack).at("/spec/values");
    JsonNode annotations = values.at("/service/annotations");
    // The NLB sends PROXY protocol v2 on every target group, health checks included (AWS NLB
    // documentation, "Proxy protocol": health checks carry the header when it is enabled).
    assertThat(annotations.path(LB + "proxy-protocol").asText()).isEqualTo("*");
    int checked = annotations.path(LB + "healthcheck-port").asInt();
    assertThat(checked).isEqualTo(Ports.ISTIO_GATEWAY_STATUS);
    Map<String, String> env = new TreeMap<>();
    for (JsonNode e : GatewayChart.proxyEnv(values)) {
      env.put(e.path("name").asText(), e.path("value").asText());
    }
    // istio/istio 1.27.3 pilot/pkg/features/experimental.go: off by default; read by the proxy
    // agent when it writes Envoy's bootstrap (pkg/bootstrap/config.go).
    assertThat(env).containsEntry("ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL", "true");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void atLeastTwoGatewayPodsSpreadOverZonesWithABudget(String stack) throws Exception {
    JsonNode release = release(stack);
    JsonNode values = release.at("/spec/values");
    String name = releaseName(release);
    assertThat(release.at("/spec/targetNamespace").asText()).isEqualTo(Namespaces.ISTIO_INGRESS);

    OptionalInt min = GatewayChart.autoscalerMinimum(values);
    int replicas = min.isPresent() ? min.getAsInt() : GatewayChart.fixedReplicas(values);
    assertThat(replicas).as("fewest gateway pods").isGreaterThanOrEqualTo(2);

    Map<String, String> podLabels = GatewayChart.selectorLabels(values, name);
    List<String> zoneSpread = new ArrayList<>();
    for (JsonNode c : GatewayChart.topologySpreadConstraints(values)) {
      if (c.path("topologyKey").asText().equals("topology.kubernetes.io/zone")
          && c.path("whenUnsatisfiable").asText().equals("DoNotSchedule")
          && c.path("maxSkew").asInt() == 1
          && selects(c.at("/labelSelector/matchLabels"), podLabels)) {
        zoneSpread.add(c.toString());
      }
    }
    assertThat(zoneSpread).as("a hard zone spread over the gateway's own pods").hasSize(1);

    JsonNode pdb = GatewayChart.podDisruptionBudget(values, name);
    assertThat(pdb).as("the chart renders a PodDisruptionBudget").isNotNull();
    assertThat(selects(pdb.at("/selector/matchLabels"), podLabels)).isTrue();
    // Evictions leave at least one pod serving at the autoscaler's minimum.
    int mayGo =
        pdb.has("maxUnavailable")
            ? pdb.get("maxUnavailable").asInt()
            : replicas - pdb.path("minAvailable").asInt(0);
    assertThat(mayGo).isBetween(1, replicas - 1);
  }

  @org.junit.jupiter.api.Test
  void theChartModelRefusesValuesTheChartDoesNotHave() throws Exception {
    JsonNode values =
        Yaml.mapper()
            .readTree(
                "{replicas: 3, podDisruptionBudget: {minimumAvailable: 1},"
                    + " autoscaling: {min: 2}, env: [ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL]}");
    assertThat(GatewayChart.problems(values))
        .containsExactlyInAnyOrder(
            "replicas: not a value of the gateway chart",
            "podDisruptionBudget.minimumAvailable: the chart has no such value",
            "autoscaling.min: the chart has no such value",
            "env: must be a map of names to values");
    // Without podDisruptionBudget the chart renders no budget; its autoscaler keeps one pod.
    JsonNode defaults = Yaml.mapper().readTree("{name: istio-ingressgateway}");
    assertThat(GatewayChart.podDisruptionBudget(defaults, "x")).isNull();
    assertThat(GatewayChart.autoscalerMinimum(defaults)).hasValue(1);
    assertThat(GatewayChart.selectorLabels(defaults, "x"))
        .containsEntry("app", "istio-ingressgateway")
        .containsEntry("istio", "ingressgateway");
  }

  private static boolean selects(JsonNode matchLabels, Map<String, String> labels) {
    if (!matchLabels.isObject() || matchLabels.isEmpty()) {
      return false;
    }
    boolean[] all = {true};
    matchLabels
        .fields()
        .forEachRemaining(e -> all[0] &= e.getValue().asText().equals(labels.get(e.getKey())));
    return all[0];
  }
}
