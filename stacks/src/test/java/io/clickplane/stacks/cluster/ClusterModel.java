package io.clickplane.stacks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.naming.Namespaces;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.istio.testing.Reachability;
import io.clickplane.istio.testing.Reachability.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cluster reconciling a rendered tree would run: every object of the tree, the pods of the
 * workloads it writes, the pods the Altinity operator makes of its installations ({@link
 * OperatorModel}), and the platform pods the charts bring (the operator, the ingress gateway,
 * Prometheus, cert-manager), each with the addresses a VPC CNI would give it.
 *
 * <p>Built from the documents alone, so a test may change a document and build it again.
 */
public final class ClusterModel {
  /** The operator's chart (Altinity/clickhouse-operator release-0.25.6 deploy/helm/...). */
  static final Map<String, String> OPERATOR_LABELS =
      Map.of(
          "app.kubernetes.io/name", "altinity-clickhouse-operator",
          "app.kubernetes.io/instance", "clickhouse-operator");

  /** cert-manager's chart (cert-manager/cert-manager deploy/charts/cert-manager/templates). */
  static final Map<String, String> CERT_MANAGER_LABELS =
      Map.of("app.kubernetes.io/name", "cert-manager", "app.kubernetes.io/component", "controller");

  final List<JsonNode> documents;
  final Map<String, Map<String, String>> namespaces = new TreeMap<>();
  final List<ModelPod> pods = new ArrayList<>();

  /** Services the charts create (not in the tree), for ServiceMonitors. */
  final List<JsonNode> chartServices = new ArrayList<>();

  final Map<ModelPod, Workload> workloads = new LinkedHashMap<>();
  final ModelPod operator;
  final ModelPod gateway;
  final ModelPod prometheus;

  /** The VPC's range the pods' addresses come from. */
  final String podCidr;

  private final String ipPrefix;
  private int nextIp = 10;

  /**
   * @param tree the rendered tree
   * @param podCidr the VPC's range ({@code network.cidr}, a /16): the VPC CNI gives pods addresses
   *     from the VPC's subnets
   */
  public static ClusterModel of(ManifestSet tree, String podCidr) {
    List<JsonNode> documents = new ArrayList<>();
    for (String path : tree.paths()) {
      if (path.endsWith(".yaml") && !path.startsWith(".clickplane/")) {
        documents.addAll(CrdSchemas.documents(tree.text(path)));
      }
    }
    return new ClusterModel(documents, podCidr);
  }

  public ClusterModel(List<JsonNode> documents, String podCidr) {
    this.documents = List.copyOf(documents);
    this.podCidr = podCidr;
    String[] octets = podCidr.split("[./]");
    if (!podCidr.endsWith("/16")) {
      throw new AssertionError("a /16 VPC range is modelled: " + podCidr);
    }
    this.ipPrefix = octets[0] + "." + octets[1] + ".";
    for (JsonNode doc : documents) {
      if (doc.path("kind").asText().equals("Namespace")) {
        String name = doc.at("/metadata/name").asText();
        Map<String, String> labels = Pods.strings(doc.at("/metadata/labels"));
        // The API server labels every namespace with its name.
        labels.put("kubernetes.io/metadata.name", name);
        namespaces.put(name, labels);
      }
    }
    for (String name : List.of("kube-system", "default")) {
      namespaces.putIfAbsent(name, Map.of("kubernetes.io/metadata.name", name));
    }
    // The monitoring namespace is enrolled in ambient (docs/endpoints.md), where the tree does not
    // write it itself.
    Map<String, String> monitoring = new TreeMap<>(Mesh.ambient());
    monitoring.put("kubernetes.io/metadata.name", Namespaces.MONITORING);
    namespaces.putIfAbsent(Namespaces.MONITORING, monitoring);

    for (JsonNode doc : documents) {
      String kind = doc.path("kind").asText();
      switch (kind) {
        case "ClickHouseInstallation" -> pods.addAll(OperatorModel.installation(doc));
        case "ClickHouseKeeperInstallation" -> pods.addAll(OperatorModel.keeper(doc));
        default -> pods.addAll(Pods.of(doc));
      }
    }
    operator =
        platformPod(
            Namespaces.CLICKHOUSE_OPERATOR,
            "clickhouse-operator-0",
            OPERATOR_LABELS,
            "clickhouse-operator",
            Map.of(8888, "metrics", 9999, "op-metrics"),
            "the operator's chart (Deployment-clickhouse-operator.yaml)");
    gateway =
        platformPod(
            Namespaces.ISTIO_INGRESS,
            Mesh.GATEWAY_NAME + "-0",
            Map.of(
                Mesh.GATEWAY_APP_KEY,
                Mesh.GATEWAY_NAME,
                Mesh.GATEWAY_SELECTOR_KEY,
                Mesh.GATEWAY_SELECTOR_VALUE),
            Mesh.GATEWAY_NAME,
            Map.of(15021, "status-port"),
            "istio/istio 1.27.3 manifests/charts/gateway (release istio-ingressgateway)");
    prometheus =
        platformPod(
            Namespaces.MONITORING,
            "prometheus-kube-prometheus-stack-prometheus-0",
            Map.of("app.kubernetes.io/name", "prometheus"),
            "kube-prometheus-stack-prometheus",
            Map.of(9090, "http-web"),
            "prometheus-community/helm-charts kube-prometheus-stack (Prometheus CR)");
    platformPod(
        Namespaces.CERT_MANAGER,
        "cert-manager-0",
        CERT_MANAGER_LABELS,
        "cert-manager",
        Map.of(9402, "http-metrics"),
        "cert-manager/cert-manager deploy/charts/cert-manager templates/deployment.yaml");
    // Altinity/clickhouse-operator release-0.25.6 deploy/helm/clickhouse-operator/templates/
    // generated/Service-clickhouse-operator-metrics.yaml: ports ch-metrics 8888, op-metrics 9999.
    chartServices.add(
        service(
            Namespaces.CLICKHOUSE_OPERATOR,
            OPERATOR_LABELS,
            Map.of("ch-metrics", 8888, "op-metrics", 9999)));
    // cert-manager deploy/charts/cert-manager/templates/service.yaml: the controller's metrics
    // Service, port 9402 (named http-metrics since 1.21).
    chartServices.add(
        service(Namespaces.CERT_MANAGER, CERT_MANAGER_LABELS, Map.of("http-metrics", 9402)));

    for (ModelPod pod : pods) {
      workloads.put(pod, newWorkload(pod));
    }
  }

  private ModelPod platformPod(
      String ns,
      String name,
      Map<String, String> labels,
      String account,
      Map<Integer, String> ports,
      String origin) {
    ObjectNode spec = OperatorModel.json().createObjectNode();
    ObjectNode container = spec.putArray("containers").addObject();
    container.put("name", name);
    ports.forEach(
        (number, portName) ->
            container
                .withArray("ports")
                .addObject()
                .put("name", portName)
                .put("containerPort", number));
    ModelPod pod =
        new ModelPod(
            ns,
            name,
            labels,
            account,
            spec,
            new TreeMap<>(ports),
            origin,
            "chart/" + ns + "/" + name);
    pods.add(pod);
    return pod;
  }

  private static JsonNode service(
      String ns, Map<String, String> labels, Map<String, Integer> ports) {
    ObjectNode svc = OperatorModel.json().createObjectNode();
    svc.put("kind", "Service");
    svc.putObject("metadata")
        .put("namespace", ns)
        .set("labels", OperatorModel.json().valueToTree(labels));
    ObjectNode spec = svc.putObject("spec");
    spec.set("selector", OperatorModel.json().valueToTree(labels));
    ports.forEach(
        (name, port) ->
            spec.withArray("ports")
                .addObject()
                .put("name", name)
                .put("port", port)
                .put("targetPort", port));
    return svc;
  }

  private Workload newWorkload(ModelPod pod) {
    Reachability.Mesh mesh;
    if (pod == gateway) {
      mesh = Reachability.Mesh.GATEWAY;
    } else {
      boolean ambient =
          Mesh.AMBIENT.equals(
              namespaces.getOrDefault(pod.namespace(), Map.of()).get(Mesh.DATAPLANE_MODE_LABEL));
      mesh = ambient ? Reachability.Mesh.AMBIENT : Reachability.Mesh.NONE;
    }
    int n = nextIp++;
    String ip = ipPrefix + (n / 250) + "." + (n % 250 + 1);
    return new Workload(pod.namespace(), pod.name(), pod.labels(), ip, pod.serviceAccount(), mesh);
  }

  /** The reachability evaluator over this model's policies. */
  public Reachability reachability() {
    return new Reachability(documents, namespaces);
  }

  /** The pod as the reachability evaluator sees it (namespace, labels, address, identity). */
  public Workload workload(ModelPod pod) {
    Workload w = workloads.get(pod);
    if (w == null) {
      throw new AssertionError("not a pod of this model: " + pod);
    }
    return w;
  }

  /** Pods of {@code namespace} whose labels hold {@code selector}'s. */
  List<ModelPod> select(String namespace, Map<String, String> selector) {
    List<ModelPod> out = new ArrayList<>();
    for (ModelPod pod : pods) {
      if (pod.namespace().equals(namespace)
          && pod.labels().entrySet().containsAll(selector.entrySet())) {
        out.add(pod);
      }
    }
    return out;
  }

  List<JsonNode> documents(String kind) {
    return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }

  public List<ModelPod> pods() {
    return List.copyOf(pods);
  }
}
