package io.clickplane.stacks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the Altinity operator (Altinity/clickhouse-operator, tag {@code release-0.25.6}) turns a
 * {@code ClickHouseInstallation} or {@code ClickHouseKeeperInstallation} into pods. Each rule names
 * the upstream file it follows; anything the rules do not cover fails the test instead of being
 * guessed.
 */
final class OperatorModel {
  /** Source of every rule below. */
  static final String SOURCE = "Altinity/clickhouse-operator release-0.25.6";

  private static final ObjectMapper JSON = new ObjectMapper();

  private OperatorModel() {}

  // ---- ClickHouseInstallation ----

  /** Pods of one installation: one StatefulSet of one pod per host. */
  static List<ModelPod> installation(JsonNode chi) {
    String ns = chi.at("/metadata/namespace").asText();
    String name = chi.at("/metadata/name").asText();
    JsonNode spec = chi.path("spec");
    if (spec.at("/configuration/clusters").size() != 1) {
      throw new AssertionError("one cluster per installation is modelled: " + name);
    }
    JsonNode cluster = spec.at("/configuration/clusters/0");
    String clusterName = cluster.path("name").asText();
    int shards = cluster.at("/layout/shardsCount").asInt(1);
    int replicas = cluster.at("/layout/replicasCount").asInt(1);
    List<ModelPod> pods = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      for (int r = 0; r < replicas; r++) {
        String templateName = podTemplateName(spec, cluster, r);
        JsonNode template = named(spec.at("/templates/podTemplates"), templateName, name);
        // pkg/model/chi/namer/patterns.go: patternStatefulSetName "chi-{chi}-{cluster}-{host}"
        // with host "{shard}-{replica}", patternPodName "%s-0".
        String pod = "chi-" + name + "-" + clusterName + "-" + s + "-" + r + "-0";
        // pkg/model/chi/tags/labeler/list.go and pkg/model/common/tags/labeler/scope.go
        // GetHostScope: the operator's labels over the installation's own labels.
        Map<String, String> labels = new TreeMap<>(Pods.strings(chi.at("/metadata/labels")));
        labels.putAll(Pods.strings(template.at("/metadata/labels")));
        labels.put("clickhouse.altinity.com/app", "chop");
        labels.put("clickhouse.altinity.com/chi", name);
        labels.put("clickhouse.altinity.com/namespace", ns);
        labels.put("clickhouse.altinity.com/cluster", clusterName);
        labels.put("clickhouse.altinity.com/shard", Integer.toString(s));
        labels.put("clickhouse.altinity.com/replica", Integer.toString(r));
        ObjectNode podSpec = template.path("spec").deepCopy();
        ArrayNode containers = containers(podSpec);
        // pkg/model/chi/creator/container.go ensureContainerSpecifiedClickHouse: the container
        // named "clickhouse" (else the first) is the server; one is added if none.
        ObjectNode app = container(containers, "clickhouse", 0);
        // pkg/apis/clickhouse.altinity.com/v1/type_host.go: ChDefaultTCPPortNumber 9000,
        // ChDefaultHTTPPortNumber 8123, ChDefaultInterserverHTTPPortNumber 9009 (the TLS ports only
        // when the installation's settings name them); pkg/model/common/creator/
        // stateful-set-application.go stsEnsureAppContainerNamedPortsSpecified adds each by name.
        JsonNode settings = spec.at("/configuration/settings");
        ensurePort(app, "tcp", setting(settings, "tcp_port", 9000));
        ensurePort(app, "http", setting(settings, "http_port", 8123));
        ensurePort(app, "interserver", setting(settings, "interserver_http_port", 9009));
        if (settings.has("tcp_port_secure")) {
          ensurePort(app, "secureclient", settings.get("tcp_port_secure").asInt());
        }
        if (settings.has("https_port")) {
          ensurePort(app, "https", settings.get("https_port").asInt());
        }
        // stateful-set-application.go stsSetupLogContainer: with a logVolumeClaimTemplate the
        // operator adds container "clickhouse-log" unless the template declares one; its default
        // (pkg/model/chi/creator/container.go newDefaultContainerLog) has no securityContext.
        String logVolume = spec.at("/defaults/templates/logVolumeClaimTemplate").asText("");
        if (!logVolume.isEmpty() && find(containers, "clickhouse-log") == null) {
          ObjectNode log = containers.addObject();
          log.put("name", "clickhouse-log");
          log.put("image", "registry.access.redhat.com/ubi8/ubi-minimal:latest");
          log.putArray("command").add("/bin/sh").add("-c").add("--");
          log.putArray("args").add("while true; do sleep 30; done;");
        }
        String dataVolume = spec.at("/defaults/templates/dataVolumeClaimTemplate").asText("");
        addOperatorVolumes(podSpec, "chi-" + name, dataVolume, logVolume);
        SortedMap<Integer, String> ports = Pods.containerPorts(podSpec);
        // Ports the server opens from the installation's own configuration files.
        for (JsonNode file : iterable(spec.at("/configuration/files"))) {
          for (String tag : List.of("tcp_port_secure", "https_port", "port")) {
            Matcher m = Pattern.compile("<" + tag + ">(\\d+)</" + tag + ">").matcher(file.asText());
            while (m.find()) {
              ports.putIfAbsent(Integer.parseInt(m.group(1)), "");
            }
          }
        }
        pods.add(
            new ModelPod(
                ns,
                pod,
                labels,
                podSpec.path("serviceAccountName").asText("default"),
                podSpec,
                ports,
                "ClickHouseInstallation " + ns + "/" + name,
                "ClickHouseInstallation/" + ns + "/" + name));
      }
    }
    return pods;
  }

  /** The replica's own pod template (layout.replicas[].templates) or the default one. */
  private static String podTemplateName(JsonNode spec, JsonNode cluster, int replica) {
    for (JsonNode r : cluster.at("/layout/replicas")) {
      if (r.path("name").asText().equals(Integer.toString(replica))
          && r.at("/templates/podTemplate").isTextual()) {
        return r.at("/templates/podTemplate").asText();
      }
    }
    return spec.at("/defaults/templates/podTemplate").asText();
  }

  // ---- ClickHouseKeeperInstallation ----

  /** Pods of a Keeper installation: one per member. */
  static List<ModelPod> keeper(JsonNode chk) {
    String ns = chk.at("/metadata/namespace").asText();
    String name = chk.at("/metadata/name").asText();
    JsonNode spec = chk.path("spec");
    JsonNode cluster = spec.at("/configuration/clusters/0");
    String clusterName = cluster.path("name").asText();
    int members = cluster.at("/layout/replicasCount").asInt(1);
    if (!spec.at("/defaults/templates/logVolumeClaimTemplate").isMissingNode()) {
      throw new AssertionError("a Keeper log volume is not modelled: " + name);
    }
    JsonNode template =
        named(
            spec.at("/templates/podTemplates"),
            spec.at("/defaults/templates/podTemplate").asText(),
            name);
    JsonNode settings = spec.at("/configuration/settings");
    List<ModelPod> pods = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      // pkg/model/chk/namer/patterns.go: "chk-{chk}-{cluster}-{host}", pod "%s-0".
      String pod = "chk-" + name + "-" + clusterName + "-0-" + i + "-0";
      // pkg/model/chk/tags/labeler/list.go: the same labels under clickhouse-keeper.altinity.com.
      Map<String, String> labels = new TreeMap<>(Pods.strings(chk.at("/metadata/labels")));
      labels.putAll(Pods.strings(template.at("/metadata/labels")));
      labels.put("clickhouse-keeper.altinity.com/app", "chop");
      labels.put("clickhouse-keeper.altinity.com/chk", name);
      labels.put("clickhouse-keeper.altinity.com/namespace", ns);
      labels.put("clickhouse-keeper.altinity.com/cluster", clusterName);
      labels.put("clickhouse-keeper.altinity.com/shard", "0");
      labels.put("clickhouse-keeper.altinity.com/replica", Integer.toString(i));
      ObjectNode podSpec = template.path("spec").deepCopy();
      ArrayNode containers = containers(podSpec);
      // pkg/model/chk/creator/container.go getContainerKeeper: by name "clickhouse-keeper" only;
      // newDefaultContainerKeeper adds one if the template has none.
      ObjectNode app = find(containers, "clickhouse-keeper");
      if (app == null) {
        app = containers.addObject();
        app.put("name", "clickhouse-keeper");
        app.put("image", "clickhouse/clickhouse-keeper:latest");
      }
      // pkg/apis/clickhouse.altinity.com/v1/type_host.go KpDefaultZKPortNumber 2181 ("zk"),
      // KpDefaultRaftPortNumber 9444 ("raft"); pkg/model/chk/normalizer/normalizer-host.go
      // hostEnsurePortValuesFromSettings reads keeper_server/tcp_port and
      // keeper_server/raft_configuration/server/port first; pkg/model/chk/config/generator.go
      // getRaftConfig writes the raft port into every member's raft_configuration.
      ensurePort(app, "zk", setting(settings, "keeper_server/tcp_port", 2181));
      ensurePort(
          app, "raft", setting(settings, "keeper_server/raft_configuration/server/port", 9444));
      addOperatorVolumes(
          podSpec,
          "chk-" + name,
          spec.at("/defaults/templates/dataVolumeClaimTemplate").asText(""),
          "");
      SortedMap<Integer, String> ports = Pods.containerPorts(podSpec);
      if (settings.has("prometheus/port")) {
        ports.putIfAbsent(settings.get("prometheus/port").asInt(), "");
      }
      pods.add(
          new ModelPod(
              ns,
              pod,
              labels,
              podSpec.path("serviceAccountName").asText("default"),
              podSpec,
              ports,
              "ClickHouseKeeperInstallation " + ns + "/" + name,
              "ClickHouseKeeperInstallation/" + ns + "/" + name));
    }
    return pods;
  }

  /**
   * Host names the installation's pods answer to (pkg/model/chi/namer/patterns.go
   * patternCRServiceName "clickhouse-{chi}", chk "keeper-{chk}": the installation's Service
   * selecting all its pods).
   */
  static String crService(JsonNode installation) {
    String prefix =
        installation.path("kind").asText().equals("ClickHouseKeeperInstallation")
            ? "keeper-"
            : "clickhouse-";
    return prefix + installation.at("/metadata/name").asText();
  }

  // ---- shared rules ----

  /**
   * pkg/model/chi/volume/volume.go: the three ConfigMaps (common, common users, host) as volumes
   * mounted into every container; stsSetupVolumesUserDataWithFixedPaths mounts the data and log
   * claims into every container; the StatefulSet controller gives the pod a persistentVolumeClaim
   * volume per claim template.
   */
  private static void addOperatorVolumes(
      ObjectNode podSpec, String prefix, String dataVolume, String logVolume) {
    ArrayNode volumes =
        podSpec.has("volumes") ? (ArrayNode) podSpec.get("volumes") : podSpec.putArray("volumes");
    for (String suffix : List.of("common-configd", "common-usersd", "deploy-confd")) {
      ObjectNode v = volumes.addObject();
      v.put("name", prefix + "-" + suffix);
      v.putObject("configMap").put("name", prefix + "-" + suffix);
    }
    for (String claim : List.of(dataVolume, logVolume)) {
      if (!claim.isEmpty()) {
        ObjectNode v = volumes.addObject();
        v.put("name", claim);
        v.putObject("persistentVolumeClaim").put("claimName", claim);
      }
    }
  }

  private static int setting(JsonNode settings, String key, int fallback) {
    return settings.has(key) ? settings.get(key).asInt() : fallback;
  }

  /** pkg/model/k8s ContainerEnsurePortByName: the named port gets the number, or is appended. */
  private static void ensurePort(ObjectNode container, String name, int number) {
    ArrayNode ports =
        container.has("ports") ? (ArrayNode) container.get("ports") : container.putArray("ports");
    for (JsonNode p : ports) {
      if (p.path("name").asText().equals(name)) {
        ((ObjectNode) p).put("containerPort", number);
        return;
      }
    }
    ObjectNode port = ports.addObject();
    port.put("name", name);
    port.put("containerPort", number);
    port.put("protocol", "TCP");
  }

  private static ArrayNode containers(ObjectNode podSpec) {
    return podSpec.has("containers")
        ? (ArrayNode) podSpec.get("containers")
        : podSpec.putArray("containers");
  }

  private static ObjectNode container(ArrayNode containers, String name, int fallbackIndex) {
    ObjectNode found = find(containers, name);
    if (found != null) {
      return found;
    }
    if (containers.size() > fallbackIndex) {
      return (ObjectNode) containers.get(fallbackIndex);
    }
    ObjectNode added = containers.addObject();
    added.put("name", name);
    return added;
  }

  private static ObjectNode find(ArrayNode containers, String name) {
    for (JsonNode c : containers) {
      if (c.path("name").asText().equals(name)) {
        return (ObjectNode) c;
      }
    }
    return null;
  }

  private static JsonNode named(JsonNode list, String name, String owner) {
    for (JsonNode t : list) {
      if (t.path("name").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError(owner + ": no pod template named " + name);
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    node.elements().forEachRemaining(out::add);
    return out;
  }

  static ObjectMapper json() {
    return JSON;
  }
}
