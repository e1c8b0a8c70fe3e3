package io.clickplane.stacks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.naming.Mesh;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pod Security Standards as the admission plugin applies them (kubernetes/kubernetes
 * staging/src/k8s.io/pod-security-admission/policy, tag v1.33.0: one {@code check_*.go} per rule;
 * the rules are listed at kubernetes.io/docs/concepts/security/pod-security-standards). {@code
 * restricted} is {@code baseline} plus its own rules. Every container counts: init, ephemeral and
 * regular.
 */
final class PodSecurity {
  /** check_capabilities_baseline.go: capabilities a baseline pod may add. */
  private static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  /** check_restrictedVolumes.go: the volume sources a restricted pod may use. */
  private static final Set<String> RESTRICTED_VOLUMES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  /** check_sysctls.go: the safe sysctls. */
  private static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");

  /** check_seLinuxOptions.go: the SELinux types a baseline pod may set. */
  private static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  private PodSecurity() {}

  /**
   * Every pod of a namespace that enforces a level, with what the level refuses: "ns/pod: rule:
   * detail".
   */
  static List<String> violations(ClusterModel model) {
    List<String> out = new ArrayList<>();
    for (ModelPod pod : model.pods) {
      Map<String, String> ns = model.namespaces.getOrDefault(pod.namespace(), Map.of());
      String level = ns.getOrDefault(Mesh.POD_SECURITY_ENFORCE, "privileged");
      List<String> problems =
          switch (level) {
            case "restricted" -> restricted(pod.spec());
            case "baseline" -> baseline(pod.spec());
            default -> List.of();
          };
      for (String p : problems) {
        out.add(pod + " (" + pod.origin() + "): " + p);
      }
    }
    return out;
  }

  /** Namespaces that enforce {@code restricted}. */
  static List<String> restrictedNamespaces(ClusterModel model) {
    return model.namespaces.entrySet().stream()
        .filter(e -> "restricted".equals(e.getValue().get(Mesh.POD_SECURITY_ENFORCE)))
        .map(Map.Entry::getKey)
        .toList();
  }

  static List<String> baseline(JsonNode spec) {
    List<String> out = new ArrayList<>();
    JsonNode podContext = spec.path("securityContext");
    // check_hostNamespaces.go
    for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (spec.path(field).asBoolean(false)) {
        out.add("host namespaces: " + field + " is true");
      }
    }
    // check_windowsHostProcess.go
    if (podContext.at("/windowsOptions/hostProcess").asBoolean(false)) {
      out.add("hostProcess: pod sets windowsOptions.hostProcess");
    }
    // check_hostPathVolumes.go
    for (JsonNode v : spec.path("volumes")) {
      if (v.has("hostPath")) {
        out.add("hostPath volumes: " + v.path("name").asText());
      }
    }
    // check_sysctls.go
    for (JsonNode s : podContext.path("sysctls")) {
      if (!SAFE_SYSCTLS.contains(s.path("name").asText())) {
        out.add("sysctls: " + s.path("name").asText() + " is not a safe sysctl");
      }
    }
    // check_seccompProfile_baseline.go, check_appArmorProfile.go, check_seLinuxOptions.go
    out.addAll(contextRules("pod", podContext));
    for (JsonNode c : containers(spec)) {
      String name = "container " + c.path("name").asText();
      JsonNode sc = c.path("securityContext");
      // check_privileged.go
      if (sc.path("privileged").asBoolean(false)) {
        out.add("privileged: " + name);
      }
      // check_windowsHostProcess.go
      if (sc.at("/windowsOptions/hostProcess").asBoolean(false)) {
        out.add("hostProcess: " + name);
      }
      // check_capabilities_baseline.go
      for (JsonNode cap : sc.at("/capabilities/add")) {
        if (!BASELINE_CAPABILITIES.contains(cap.asText())) {
          out.add("capabilities: " + name + " adds " + cap.asText());
        }
      }
      // check_hostPorts.go
      for (JsonNode p : c.path("ports")) {
        if (p.path("hostPort").asInt(0) != 0) {
          out.add("host ports: " + name + " uses hostPort " + p.path("hostPort").asInt());
        }
      }
      // check_procMount.go
      if (sc.has("procMount") && !sc.path("procMount").asText().equals("Default")) {
        out.add("procMount: " + name + " sets " + sc.path("procMount").asText());
      }
      out.addAll(contextRules(name, sc));
    }
    return out;
  }

  private static List<String> contextRules(String who, JsonNode sc) {
    List<String> out = new ArrayList<>();
    if (sc.at("/seccompProfile/type").asText().equals("Unconfined")) {
      out.add("seccomp: " + who + " sets Unconfined");
    }
    String appArmor = sc.at("/appArmorProfile/type").asText("");
    if (appArmor.equals("Unconfined")) {
      out.add("AppArmor: " + who + " sets Unconfined");
    }
    JsonNode se = sc.path("seLinuxOptions");
    if (!SELINUX_TYPES.contains(se.path("type").asText(""))) {
      out.add("SELinux: " + who + " sets type " + se.path("type").asText());
    }
    if (se.has("user") || se.has("role")) {
      out.add("SELinux: " + who + " sets user or role");
    }
    return out;
  }

  static List<String> restricted(JsonNode spec) {
    List<String> out = new ArrayList<>(baseline(spec));
    JsonNode pod = spec.path("securityContext");
    // check_restrictedVolumes.go
    for (JsonNode v : spec.path("volumes")) {
      List<String> sources = new ArrayList<>();
      v.fieldNames().forEachRemaining(sources::add);
      sources.remove("name");
      for (String source : sources) {
        if (!RESTRICTED_VOLUMES.contains(source)) {
          out.add("volume types: " + v.path("name").asText() + " is " + source);
        }
      }
    }
    boolean podNonRoot = pod.path("runAsNonRoot").asBoolean(false);
    String podSeccomp = pod.at("/seccompProfile/type").asText("");
    // check_runAsUser.go
    if (pod.has("runAsUser") && pod.path("runAsUser").asLong() == 0) {
      out.add("runAsUser: pod runs as uid 0");
    }
    for (JsonNode c : containers(spec)) {
      String name = "container " + c.path("name").asText();
      JsonNode sc = c.path("securityContext");
      // check_allowPrivilegeEscalation.go: must be set to false
      if (!sc.has("allowPrivilegeEscalation") || sc.path("allowPrivilegeEscalation").asBoolean()) {
        out.add("allowPrivilegeEscalation != false: " + name);
      }
      // check_runAsNonRoot.go: the container's own setting wins over the pod's
      boolean nonRoot = sc.has("runAsNonRoot") ? sc.path("runAsNonRoot").asBoolean() : podNonRoot;
      if (!nonRoot) {
        out.add("runAsNonRoot != true: " + name);
      }
      // check_runAsUser.go
      if (sc.has("runAsUser") && sc.path("runAsUser").asLong() == 0) {
        out.add("runAsUser: " + name + " runs as uid 0");
      }
      // check_seccompProfile_restricted.go: RuntimeDefault or Localhost, the pod's or its own
      String seccomp = sc.at("/seccompProfile/type").asText(podSeccomp);
      if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
        out.add("seccompProfile: " + name + " has no RuntimeDefault or Localhost profile");
      }
      // check_capabilities_restricted.go: drop ALL, add at most NET_BIND_SERVICE
      boolean dropsAll = false;
      for (JsonNode d : sc.at("/capabilities/drop")) {
        dropsAll |= d.asText().equals("ALL");
      }
      if (!dropsAll) {
        out.add("capabilities: " + name + " does not drop ALL");
      }
      for (JsonNode a : sc.at("/capabilities/add")) {
        if (!a.asText().equals("NET_BIND_SERVICE")) {
          out.add("capabilities: " + name + " adds " + a.asText());
        }
      }
    }
    return out;
  }

  private static List<JsonNode> containers(JsonNode spec) {
    List<JsonNode> out = new ArrayList<>();
    for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
      spec.path(field).forEach(out::add);
    }
    return out;
  }
}
