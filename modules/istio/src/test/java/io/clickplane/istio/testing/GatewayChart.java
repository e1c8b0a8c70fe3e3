package io.clickplane.istio.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Istio's {@code gateway} Helm chart 1.27.3 does with the values we give it, as far as the
 * tests rely on it (istio/istio, tag 1.27.3, {@code manifests/charts/gateway/}):
 *
 * <ul>
 *   <li>{@code values.schema.json}: the top level of the values is closed ({@code
 *       additionalProperties: false}); {@link #TOP_LEVEL} are the keys it declares, {@link #NESTED}
 *       the declared fields of the objects we set that it types;
 *   <li>{@code templates/deployment.yaml}: {@code env} (a map) becomes the {@code istio-proxy}
 *       container's environment, one {@code name}/{@code value} per key, values quoted; {@code
 *       topologySpreadConstraints} is copied into the pod spec; {@code replicaCount} is used only
 *       when autoscaling is off; the pod labels are the selector labels {@code app: <name>} and
 *       {@code istio: <name without "istio-">} ({@code _helpers.tpl}, {@code
 *       gateway.selectorLabels});
 *   <li>{@code templates/hpa.yaml}: a HorizontalPodAutoscaler when {@code autoscaling.enabled} (the
 *       default, minimum 1, maximum 5: {@code values.yaml});
 *   <li>{@code templates/poddisruptionbudget.yaml}: a PodDisruptionBudget only when {@code
 *       podDisruptionBudget} is not empty (the default is {@code {}}), selecting the selector
 *       labels, with the value's fields copied into its spec.
 * </ul>
 */
public final class GatewayChart {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The top-level keys {@code values.schema.json} declares (anything else fails the install). */
  public static final Set<String> TOP_LEVEL =
      Set.of(
          "_internal_defaults_do_not_set",
          "global",
          "affinity",
          "securityContext",
          "containerSecurityContext",
          "kind",
          "annotations",
          "autoscaling",
          "env",
          "envVarFrom",
          "strategy",
          "minReadySeconds",
          "readinessProbe",
          "labels",
          "name",
          "nodeSelector",
          "podAnnotations",
          "replicaCount",
          "resources",
          "revision",
          "defaultRevision",
          "compatibilityVersion",
          "profile",
          "platform",
          "pilot",
          "runAsRoot",
          "unprivilegedPort",
          "service",
          "serviceAccount",
          "rbac",
          "tolerations",
          "topologySpreadConstraints",
          "networkGateway",
          "imagePullPolicy",
          "imagePullSecrets",
          "podDisruptionBudget",
          "terminationGracePeriodSeconds",
          "volumes",
          "volumeMounts",
          "initContainers",
          "additionalContainers",
          "priorityClassName",
          "lifecycle");

  /** Declared fields of the typed objects among the values we set. */
  public static final Map<String, Set<String>> NESTED =
      Map.of(
          "autoscaling",
          Set.of("enabled", "maxReplicas", "minReplicas", "targetCPUUtilizationPercentage"),
          "podDisruptionBudget",
          Set.of("minAvailable", "maxUnavailable", "unhealthyPodEvictionPolicy"),
          "service",
          Set.of(
              "annotations",
              "externalTrafficPolicy",
              "loadBalancerIP",
              "loadBalancerSourceRanges",
              "ipFamilies",
              "ipFamilyPolicy",
              "ports",
              "type"));

  private GatewayChart() {}

  /** Every value the chart's schema would refuse, as {@code path: message}. */
  public static List<String> problems(JsonNode values) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = values.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP_LEVEL.contains(key)) {
        out.add(key + ": not a value of the gateway chart");
      }
    }
    for (Map.Entry<String, Set<String>> e : NESTED.entrySet()) {
      JsonNode node = values.path(e.getKey());
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        // The schema leaves these objects open, but a field it does not type is never read by
        // a template either: it would be silently ignored.
        if (!e.getValue().contains(key)) {
          out.add(e.getKey() + "." + key + ": the chart has no such value");
        }
      }
    }
    if (values.has("env") && !values.get("env").isObject()) {
      out.add("env: must be a map of names to values");
    }
    if (values.has("topologySpreadConstraints")
        && !values.get("topologySpreadConstraints").isArray()) {
      out.add("topologySpreadConstraints: must be a list");
    }
    return out;
  }

  /** The pod labels the chart gives the gateway's pods and selects them by. */
  public static Map<String, String> selectorLabels(JsonNode values, String releaseName) {
    String name = values.path("name").asText("");
    if (name.isEmpty()) {
      name = releaseName;
    }
    return Map.of("app", name, "istio", name.startsWith("istio-") ? name.substring(6) : name);
  }

  /** The {@code istio-proxy} container's environment the Deployment template writes. */
  public static ArrayNode proxyEnv(JsonNode values) {
    ArrayNode env = JSON.createArrayNode();
    values
        .path("env")
        .fields()
        .forEachRemaining(
            e -> env.addObject().put("name", e.getKey()).put("value", e.getValue().asText()));
    return env;
  }

  /** The pod spec's spread constraints (copied as given). */
  public static JsonNode topologySpreadConstraints(JsonNode values) {
    return values.path("topologySpreadConstraints");
  }

  /** The HorizontalPodAutoscaler's minimum, or empty when the chart renders none. */
  public static java.util.OptionalInt autoscalerMinimum(JsonNode values) {
    JsonNode a = values.path("autoscaling");
    boolean enabled = a.path("enabled").asBoolean(true);
    if (!enabled) {
      return java.util.OptionalInt.empty();
    }
    return java.util.OptionalInt.of(a.path("minReplicas").asInt(1));
  }

  /** Replicas of the Deployment when no autoscaler manages it (Kubernetes' default: 1). */
  public static int fixedReplicas(JsonNode values) {
    return values.path("replicaCount").isInt() ? values.get("replicaCount").asInt() : 1;
  }

  /** The PodDisruptionBudget's spec, or null when the chart renders none. */
  public static ObjectNode podDisruptionBudget(JsonNode values, String releaseName) {
    JsonNode pdb = values.path("podDisruptionBudget");
    if (!pdb.isObject() || pdb.isEmpty()) {
      return null;
    }
    ObjectNode spec = JSON.createObjectNode();
    ObjectNode matchLabels = spec.putObject("selector").putObject("matchLabels");
    selectorLabels(values, releaseName).forEach(matchLabels::put);
    pdb.fields().forEachRemaining(e -> spec.set(e.getKey(), e.getValue()));
    return spec;
  }
}
