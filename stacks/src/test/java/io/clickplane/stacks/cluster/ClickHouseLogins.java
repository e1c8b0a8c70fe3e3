package io.clickplane.stacks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.istio.testing.Reachability;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which ClickHouse users a connection may log in as, from the address ClickHouse sees.
 *
 * <ul>
 *   <li>Users are the installation's {@code configuration.users}, as the operator normalises them
 *       (Altinity/clickhouse-operator release-0.25.6 pkg/model/chi/normalizer/
 *       normalizer-configuration-user.go: {@code networks/ip} merged with the configured defaults
 *       {@code ::1}, {@code 127.0.0.1} (config/config.yaml {@code networksIP}); {@code
 *       networks/host_regexp} set to {@code hostRegexpTemplate} where the user has none), plus the
 *       operator's own {@code clickhouse_operator}, pinned to the operator pod's address.
 *   <li>ClickHouse admits an address in a {@code networks/ip} range, or whose reverse name matches
 *       a {@code networks/host_regexp} and resolves back to it (ClickHouse src/Access/Common/
 *       AllowedClientHosts.cpp).
 *   <li>Reverse names are cluster DNS's: a pod selected by a headless Service is {@code
 *       <a-b-c-d>.<service>.<ns>.svc.cluster.local}, or {@code <hostname>.<service>...} when the
 *       pod's hostname and subdomain name it (coredns/coredns plugin/kubernetes, endpoint
 *       hostnames); the operator's per-host Services are headless (pkg/model/chi/creator/
 *       service.go createServiceHost) and its pods' hostname is the pod name.
 *   <li>Through the ingress gateway the source ClickHouse sees is the gateway pod's address:
 *       ztunnel delivers inbound HBONE connections with the original source address (istio/ztunnel
 *       src/proxy/inbound.rs, Istio 1.27).
 * </ul>
 */
final class ClickHouseLogins {
  private static final String HOST_REGEXP_TEMPLATE =
      "(chi-{chi}-[^.]+\\d+-\\d+|clickhouse\\-{chi})\\.{namespace}\\.svc\\.cluster\\.local$";

  private ClickHouseLogins() {}

  /** user → its effective networks ({@code ip} and {@code host_regexp} lists). */
  static Map<String, Map<String, List<String>>> users(ClusterModel model, JsonNode chi) {
    Map<String, Map<String, List<String>>> users = new TreeMap<>();
    String name = chi.at("/metadata/name").asText();
    String ns = chi.at("/metadata/namespace").asText();
    chi.at("/spec/configuration/users")
        .fields()
        .forEachRemaining(
            e -> {
              String user = e.getKey().substring(0, e.getKey().indexOf('/'));
              String key = e.getKey().substring(user.length() + 1);
              Map<String, List<String>> networks =
                  users.computeIfAbsent(user, u -> new TreeMap<>());
              if (key.startsWith("networks/")) {
                String kind = key.substring("networks/".length());
                if (!kind.equals("ip") && !kind.equals("host_regexp")) {
                  throw new AssertionError("networks/" + kind + " is not modelled");
                }
                List<String> values = new ArrayList<>();
                if (e.getValue().isArray()) {
                  e.getValue().forEach(v -> values.add(v.asText()));
                } else {
                  values.add(e.getValue().asText());
                }
                networks.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(values);
              }
            });
    for (Map<String, List<String>> networks : users.values()) {
      networks.computeIfAbsent("ip", k -> new ArrayList<>()).addAll(List.of("::1", "127.0.0.1"));
      networks.computeIfAbsent(
          "host_regexp",
          k -> List.of(HOST_REGEXP_TEMPLATE.replace("{chi}", name).replace("{namespace}", ns)));
    }
    Map<String, List<String>> operator = new TreeMap<>();
    operator.put("ip", List.of(model.workload(model.operator).ip() + "/32"));
    users.put("clickhouse_operator", operator);
    return users;
  }

  /** The users a connection from {@code ip} may log in as. */
  static Set<String> usersFrom(ClusterModel model, JsonNode chi, String ip) {
    Set<String> names = reverseNames(model, ip);
    Set<String> out = new TreeSet<>();
    users(model, chi)
        .forEach(
            (user, networks) -> {
              boolean ok = false;
              for (String cidr : networks.getOrDefault("ip", List.of())) {
                ok |= inRange(ip, cidr);
              }
              for (String regexp : networks.getOrDefault("host_regexp", List.of())) {
                for (String name : names) {
                  ok |= Pattern.compile(regexp).matcher(name).find();
                }
              }
              if (ok) {
                out.add(user);
              }
            });
    return out;
  }

  /** Cluster DNS's reverse names for a pod address. */
  static Set<String> reverseNames(ClusterModel model, String ip) {
    Set<String> out = new TreeSet<>();
    ModelPod pod = null;
    for (ModelPod p : model.pods) {
      if (model.workload(p).ip().equals(ip)) {
        pod = p;
      }
    }
    if (pod == null) {
      return out;
    }
    for (JsonNode svc : model.documents("Service")) {
      if (svc.at("/metadata/namespace").asText().equals(pod.namespace())
          && "None".equals(svc.at("/spec/clusterIP").asText())
          && svc.at("/spec/selector").size() > 0
          && pod.labels()
              .entrySet()
              .containsAll(Pods.strings(svc.at("/spec/selector")).entrySet())) {
        out.add(
            ip.replace('.', '-')
                + "."
                + svc.at("/metadata/name").asText()
                + "."
                + pod.namespace()
                + ".svc.cluster.local");
      }
    }
    if (pod.owner().startsWith("ClickHouseInstallation/")) {
      String host = pod.name().substring(0, pod.name().length() - 2);
      out.add(pod.name() + "." + host + "." + pod.namespace() + ".svc.cluster.local");
    }
    return out;
  }

  /**
   * Users of each installation a client on the internet reaches through the ingress gateway: on
   * every port and server name the gateway routes to the installation, as the gateway pod.
   */
  static Map<String, Set<String>> throughGateway(ClusterModel model, String clientIp) {
    Reachability reach = model.reachability();
    Map<String, Set<String>> out = new TreeMap<>();
    for (JsonNode vs : model.documents("VirtualService")) {
      String ns = vs.at("/metadata/namespace").asText();
      for (JsonNode route : vs.at("/spec/tls")) {
        for (JsonNode match : route.path("match")) {
          int port = match.path("port").asInt();
          for (JsonNode sni : match.path("sniHosts")) {
            if (!reach
                .fromInternet(clientIp, model.workload(model.gateway), port, sni.asText())
                .allowed()) {
              continue;
            }
            for (JsonNode r : route.path("route")) {
              for (ModelPod pod :
                  RequiredFlows.resolve(model, ns, r.at("/destination/host").asText())) {
                int to = r.at("/destination/port/number").asInt();
                if (!reach
                    .connect(model.workload(model.gateway), model.workload(pod), to)
                    .allowed()) {
                  continue;
                }
                JsonNode chi = installationOf(model, pod);
                out.computeIfAbsent(pod.origin(), k -> new TreeSet<>())
                    .addAll(usersFrom(model, chi, model.workload(model.gateway).ip()));
              }
            }
          }
        }
      }
    }
    return out;
  }

  static JsonNode installationOf(ClusterModel model, ModelPod pod) {
    for (JsonNode chi : model.documents("ClickHouseInstallation")) {
      String owner =
          "ClickHouseInstallation/"
              + chi.at("/metadata/namespace").asText()
              + "/"
              + chi.at("/metadata/name").asText();
      if (owner.equals(pod.owner())) {
        return chi;
      }
    }
    throw new AssertionError(pod + " belongs to no installation");
  }

  private static boolean inRange(String ip, String cidr) {
    if (cidr.equals("::/0")) {
      return true; // IPv4 clients arrive as IPv4-mapped IPv6 addresses
    }
    if (ip.contains(":") != cidr.contains(":")) {
      return false;
    }
    String[] parts = cidr.split("/");
    long bits = parts.length > 1 ? Long.parseLong(parts[1]) : 32;
    long a = v4(ip);
    long n = v4(parts[0]);
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    return (a & mask) == (n & mask);
  }

  private static long v4(String ip) {
    long out = 0;
    for (String octet : ip.split("\\.")) {
      out = out * 256 + Long.parseLong(octet);
    }
    return out;
  }
}
