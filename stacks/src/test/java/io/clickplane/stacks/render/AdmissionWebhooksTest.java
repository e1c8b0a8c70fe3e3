package io.clickplane.stacks.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.core.testing.Repo;
import io.clickplane.istio.testing.Reachability;
import io.clickplane.istio.testing.Reachability.Verdict;
import io.clickplane.istio.testing.Reachability.Workload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every admission webhook the platform installs is reachable from the API server through the
 * rendered mesh and network policies, and fails closed once installed.
 *
 * <p>The API server has no mesh identity: on EKS it calls a webhook from the control plane's
 * network interfaces in the VPC, in plaintext as far as the mesh is concerned (the webhook's own
 * TLS is not mesh mTLS). Mutual TLS is STRICT mesh-wide, so a webhook server in an ambient
 * namespace refuses it unless its port is excepted.
 */
class AdmissionWebhooksTest {
  /** An address of the EKS control plane's interfaces in the VPC (no pod, no mesh identity). */
  private static final String API_SERVER = "10.0.200.15";

  /** One server of admission webhooks: its pods and the container port the API server calls. */
  record WebhookServer(String namespace, Map<String, String> podLabels, int port, String source) {}

  /**
   * The webhook servers each release we install runs, by release name (an empty list: the release
   * registers no admission webhook). Every release of the rendered tree must be listed here.
   */
  static final Map<String, List<WebhookServer>> SERVERS =
      Map.ofEntries(
          Map.entry(
              "kube-prometheus-stack",
              List.of(
                  new WebhookServer(
                      "monitoring",
                      Map.of(
                          "app",
                          "kube-prometheus-stack-operator",
                          "release",
                          "kube-prometheus-stack"),
                      10250,
                      "prometheus-community/helm-charts kube-prometheus-stack-88.3.0: the operator"
                          + " serves the webhook (admissionWebhooks.deployment.enabled false) on"
                          + " prometheusOperator.tls.internalPort 10250, templates/prometheus-operator/"
                          + "deployment.yaml"))),
          Map.entry(
              "cert-manager",
              List.of(
                  new WebhookServer(
                      "cert-manager",
                      Map.of(
                          "app.kubernetes.io/name", "webhook",
                          "app.kubernetes.io/component", "webhook",
                          "app.kubernetes.io/instance", "cert-manager"),
                      10250,
                      "cert-manager/cert-manager deploy/charts/cert-manager: webhook.securePort"
                          + " 10250"))),
          Map.entry(
              "external-secrets",
              List.of(
                  new WebhookServer(
                      "external-secrets",
                      Map.of(
                          "app.kubernetes.io/name", "external-secrets-webhook",
                          "app.kubernetes.io/instance", "external-secrets"),
                      10250,
                      "external-secrets/external-secrets deploy/charts/external-secrets/values.yaml:"
                          + " webhook.port 10250, webhook.failurePolicy Fail"))),
          // istio/istio 1.27.3 manifests/charts: base registers the default validator and istiod
          // the sidecar injector and its validator, all served by istiod on 15017.
          Map.entry(
              "istio-base",
              List.of(
                  new WebhookServer(
                      "istio-system",
                      Map.of("app", "istiod", "istio", "pilot"),
                      15017,
                      "istio/istio 1.27.3 manifests/charts/base: istiod-default-validator"))),
          Map.entry(
              "istiod",
              List.of(
                  new WebhookServer(
                      "istio-system",
                      Map.of("app", "istiod", "istio", "pilot"),
                      15017,
                      "istio/istio 1.27.3 manifests/charts/istio-control/istio-discovery"))),
          Map.entry("istio-cni", List.of()),
          Map.entry("ztunnel", List.of()),
          Map.entry("istio-ingressgateway", List.of()),
          Map.entry("external-dns", List.of()),
          // Altinity/clickhouse-operator release-0.25.6: no WebhookConfiguration anywhere in the
          // repository (deploy/helm included).
          Map.entry("clickhouse-operator", List.of()),
          // keycloak/keycloak-k8s-resources kubernetes/kubernetes.yml: a Deployment serving HTTP
          // 8080 (health), no WebhookConfiguration.
          Map.entry("keycloak-operator", List.of()));

  /**
   * The Helm releases {@code pulumi up} installs (modules/eks), outside the Flux tree: their
   * namespaces ({@code kube-system}, {@code flux-system}) are never enrolled in the mesh.
   */
  static final Map<String, List<WebhookServer>> PULUMI_SERVERS =
      Map.of(
          "aws-load-balancer-controller",
          List.of(
              new WebhookServer(
                  "kube-system",
                  Map.of("app.kubernetes.io/name", "aws-load-balancer-controller"),
                  9443,
                  "eks-charts aws-load-balancer-controller 1.11.0: webhookConfig.webhookBindPort"
                      + " 9443 (pod mutator, Service and Ingress validators)")),
          "cluster-autoscaler",
          List.of(),
          "flux2",
          List.of());

  private static final Set<String> FAILS_OPEN = Set.of("Ignore", "");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void theApiServerReachesEveryWebhookWeInstall(String stack) throws Exception {
    Rendered tree = render(stack);
    Reachability reachability = new Reachability(tree.documents, tree.namespaces);
    assertThat(tree.releases).isNotEmpty();
    assertThat(SERVERS.keySet())
        .as("every release of the tree says which admission webhooks it serves")
        .containsAll(tree.releases);
    List<String> refused = new ArrayList<>();
    int ambient = 0;
    for (String release : tree.releases) {
      for (WebhookServer server : SERVERS.get(release)) {
        Workload pod = tree.pod(server);
        ambient += pod.mesh() == Reachability.Mesh.AMBIENT ? 1 : 0;
        Verdict verdict = reachability.fromOutsideTheMesh(API_SERVER, pod, server.port());
        if (!verdict.allowed()) {
          refused.add(release + " (" + server.source() + "): " + verdict.reason());
        }
      }
    }
    for (Map.Entry<String, List<WebhookServer>> e : PULUMI_SERVERS.entrySet()) {
      for (WebhookServer server : e.getValue()) {
        Verdict verdict =
            reachability.fromOutsideTheMesh(API_SERVER, tree.pod(server), server.port());
        if (!verdict.allowed()) {
          refused.add(e.getKey() + " (" + server.source() + "): " + verdict.reason());
        }
      }
    }
    assertThat(refused).isEmpty();
    assertThat(ambient).as("webhook servers in the ambient mesh").isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void onlyTheWebhookPortOfTheOperatorTakesPlaintext(String stack) throws Exception {
    Rendered tree = render(stack);
    Reachability reachability = new Reachability(tree.documents, tree.namespaces);
    WebhookServer operator = SERVERS.get("kube-prometheus-stack").get(0);
    Workload pod = tree.pod(operator);
    assertThat(pod.mesh()).isEqualTo(Reachability.Mesh.AMBIENT);
    // 8080: the operator's plain HTTP port (templates/prometheus-operator/deployment.yaml).
    assertThat(reachability.fromOutsideTheMesh(API_SERVER, pod, 8080).allowed()).isFalse();

    // Without the exception the mesh-wide STRICT mode refuses the API server.
    List<JsonNode> without = new ArrayList<>();
    for (JsonNode doc : tree.documents) {
      boolean exception =
          doc.path("kind").asText().equals("PeerAuthentication")
              && doc.at("/metadata/namespace").asText().equals(operator.namespace());
      if (!exception) {
        without.add(doc);
      }
    }
    Verdict refused =
        new Reachability(without, tree.namespaces)
            .fromOutsideTheMesh(API_SERVER, pod, operator.port());
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.reason()).contains("STRICT");
  }

  /**
   * The kube-prometheus-stack chart 88.3.0 decides the failure policy of its validating and
   * mutating webhooks from {@code prometheusOperator.admissionWebhooks.failurePolicy}: empty (the
   * default) with the certificate patch job (enabled by default) gives {@code Ignore}; {@code
   * IgnoreOnInstallOnly} gives {@code Ignore} on the first install only, {@code Fail} after ({@code
   * templates/prometheus-operator/admission-webhooks/validatingWebhookConfiguration.yaml}).
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void thePrometheusRuleWebhookFailsClosedAfterInstall(String stack) throws Exception {
    Rendered tree = render(stack);
    JsonNode values = tree.releaseValues.get("kube-prometheus-stack");
    assertThat(values).isNotNull();
    String policy = values.at("/prometheusOperator/admissionWebhooks/failurePolicy").asText("");
    String afterInstall = policy.equals("IgnoreOnInstallOnly") ? "Fail" : policy;
    assertThat(afterInstall).isNotIn(FAILS_OPEN);
    assertThat(values.at("/prometheusOperator/admissionWebhooks/enabled").asBoolean(true)).isTrue();
    int port = values.at("/prometheusOperator/tls/internalPort").asInt(10250);
    assertThat(port).isEqualTo(SERVERS.get("kube-prometheus-stack").get(0).port());
  }

  private record Rendered(
      List<JsonNode> documents,
      Map<String, Map<String, String>> namespaces,
      Set<String> releases,
      Map<String, JsonNode> releaseValues) {
    Workload pod(WebhookServer server) {
      Map<String, String> nsLabels = namespaces.getOrDefault(server.namespace(), Map.of());
      String mode =
          server
              .podLabels()
              .getOrDefault(Mesh.DATAPLANE_MODE_LABEL, nsLabels.get(Mesh.DATAPLANE_MODE_LABEL));
      return new Workload(
          server.namespace(),
          server.namespace() + "-webhook-0",
          server.podLabels(),
          "10.1.7.10",
          "webhook",
          Mesh.AMBIENT.equals(mode) ? Reachability.Mesh.AMBIENT : Reachability.Mesh.NONE);
    }
  }

  private static Rendered render(String stack) throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
    ManifestSet tree = Fleet.render(spec);
    List<JsonNode> documents = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
      if (e.getKey().endsWith(".yaml") && !e.getKey().startsWith(".clickplane/")) {
        documents.addAll(CrdSchemas.documents(new String(e.getValue(), StandardCharsets.UTF_8)));
      }
    }
    Map<String, Map<String, String>> namespaces = new HashMap<>();
    Set<String> releases = new TreeSet<>();
    Map<String, JsonNode> values = new TreeMap<>();
    for (JsonNode doc : documents) {
      String kind = doc.path("kind").asText();
      String name = doc.at("/metadata/name").asText();
      if (kind.equals("Namespace")) {
        Map<String, String> labels = new TreeMap<>();
        doc.at("/metadata/labels")
            .fields()
            .forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        labels.put("kubernetes.io/metadata.name", name);
        namespaces.put(name, labels);
      } else if (kind.equals("HelmRelease")) {
        releases.add(name);
        values.put(name, doc.at("/spec/values"));
      } else if (kind.equals("Kustomization")
          && doc.at("/metadata/namespace").asText().equals("flux-system")
          && doc.at("/spec/sourceRef/kind").asText().equals("GitRepository")
          && !doc.at("/spec/sourceRef/name").asText().equals("flux-system")) {
        // an upstream manifest set applied from its own repository (the Keycloak operator)
        releases.add(name);
      }
    }
    for (String name : List.of("kube-system", "default")) {
      namespaces.putIfAbsent(name, Map.of("kubernetes.io/metadata.name", name));
    }
    return new Rendered(documents, namespaces, releases, values);
  }
}
