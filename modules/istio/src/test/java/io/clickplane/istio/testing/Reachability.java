package io.clickplane.istio.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a TCP connection gets through the rendered policies, with the semantics of
 * Kubernetes NetworkPolicy (networking.k8s.io/v1) and of Istio's PeerAuthentication and
 * AuthorizationPolicy as ztunnel and the ingress gateway apply them. Written once, tested on its
 * own cases ({@code ReachabilityTest}), then run over rendered fleets.
 *
 * <p>What it models:
 *
 * <ul>
 *   <li>NetworkPolicy: a pod is isolated in a direction when a policy of its namespace selects it
 *       for that direction; then a connection passes when some selecting policy has a rule whose
 *       peers and ports match (rules and policies are OR-ed). Peers: podSelector (own namespace),
 *       namespaceSelector, both (AND), ipBlock with except. Ports: protocol, number, endPort.
 *   <li>Ambient transport: between two mesh workloads the packets NetworkPolicy sees go to the
 *       HBONE port ({@value #HBONE}), not the application port.
 *   <li>PeerAuthentication: the destination's mode (workload, namespace, then root namespace
 *       policy; port-level overrides); {@code STRICT} refuses a source without a mesh identity.
 *   <li>AuthorizationPolicy: DENY first, then ALLOW (any ALLOW policy on the workload means only
 *       matching requests pass; an empty policy allows nothing). Sources: principals, namespaces,
 *       ipBlocks, remoteIpBlocks and their negations; operations: ports and notPorts; conditions:
 *       {@code connection.sni}, {@code destination.port}, {@code source.namespace}, {@code
 *       source.principal}. Policies in the root namespace apply to every namespace.
 * </ul>
 *
 * Anything else it meets (named ports, L7 fields, CUSTOM actions, other condition keys) fails the
 * test instead of being guessed.
 */
public final class Reachability {
  /** Istio's HBONE port. */
  public static final int HBONE = 15008;

  /** Istio's root namespace: its mesh-wide policies. */
  public static final String ROOT_NAMESPACE = "istio-system";

  /** How a workload takes part in the mesh. */
  public enum Mesh {
    /** Enrolled in ambient: ztunnel carries its traffic over HBONE with its identity. */
    AMBIENT,
    /** An Envoy gateway: has a mesh identity, speaks HBONE to ambient workloads. */
    GATEWAY,
    /** Not in the mesh: plaintext, no identity. */
    NONE
  }

  /** A pod. */
  public record Workload(
      String namespace,
      String name,
      Map<String, String> labels,
      String ip,
      String serviceAccount,
      Mesh mesh) {
    public Workload {
      Objects.requireNonNull(namespace);
      labels = Map.copyOf(labels);
    }

    String principal() {
      return "cluster.local/ns/" + namespace + "/sa/" + serviceAccount;
    }
  }

  /** The outcome, with the layer that decided it. */
  public record Verdict(boolean allowed, String reason) {
    static Verdict allow(String reason) {
      return new Verdict(true, reason);
    }

    static Verdict deny(String reason) {
      return new Verdict(false, reason);
    }
  }

  private final List<JsonNode> networkPolicies = new ArrayList<>();
  private final List<JsonNode> peerAuthentications = new ArrayList<>();
  private final List<JsonNode> authorizationPolicies = new ArrayList<>();
  private final Map<String, Map<String, String>> namespaceLabels;

  /**
   * @param documents every rendered object (others are ignored)
   * @param namespaceLabels labels of every namespace a selector may look at
   */
  public Reachability(List<JsonNode> documents, Map<String, Map<String, String>> namespaceLabels) {
    this.namespaceLabels = Map.copyOf(namespaceLabels);
    for (JsonNode doc : documents) {
      String kind = doc.path("kind").asText();
      String api = doc.path("apiVersion").asText();
      if (kind.equals("NetworkPolicy") && api.equals("networking.k8s.io/v1")) {
        networkPolicies.add(doc);
      } else if (kind.equals("PeerAuthentication") && api.startsWith("security.istio.io/")) {
        peerAuthentications.add(doc);
      } else if (kind.equals("AuthorizationPolicy") && api.startsWith("security.istio.io/")) {
        authorizationPolicies.add(doc);
      }
    }
  }

  /** A connection from one pod to another pod's {@code port}. */
  public Verdict connect(Workload source, Workload destination, int port) {
    boolean hbone = source.mesh() != Mesh.NONE && destination.mesh() == Mesh.AMBIENT;
    int wirePort = hbone ? HBONE : port;
    String egress =
        networkPolicy(
            source,
            destination.namespace(),
            destination.labels(),
            destination.ip(),
            wirePort,
            false);
    if (egress != null) {
      return Verdict.deny("NetworkPolicy egress of " + source.name() + ": " + egress);
    }
    String ingress =
        networkPolicy(
            destination, source.namespace(), source.labels(), source.ip(), wirePort, true);
    if (ingress != null) {
      return Verdict.deny("NetworkPolicy ingress of " + destination.name() + ": " + ingress);
    }
    if (destination.mesh() != Mesh.AMBIENT) {
      return Verdict.allow("NetworkPolicy (destination outside the mesh)");
    }
    Request request =
        new Request(
            hbone ? source.principal() : null,
            hbone ? source.namespace() : null,
            source.ip(),
            source.ip(),
            port,
            null);
    return mesh(destination, request);
  }

  /** A connection from a pod to an address outside the cluster (NetworkPolicy egress only). */
  public Verdict toAddress(Workload source, String ip, int port) {
    String egress = networkPolicy(source, null, Map.of(), ip, port, false);
    return egress == null
        ? Verdict.allow("NetworkPolicy egress")
        : Verdict.deny("NetworkPolicy egress of " + source.name() + ": " + egress);
  }

  /**
   * A connection from an address in the VPC that is no pod and has no mesh identity (the EKS
   * control plane calling an admission webhook, a load balancer's health check) to a pod's {@code
   * port}: NetworkPolicy ingress by ipBlock only, then, into an ambient pod, the destination's
   * PeerAuthentication and AuthorizationPolicies for a plaintext source.
   */
  public Verdict fromOutsideTheMesh(String ip, Workload destination, int port) {
    String ingress = networkPolicy(destination, null, Map.of(), ip, port, true);
    if (ingress != null) {
      return Verdict.deny("NetworkPolicy ingress of " + destination.name() + ": " + ingress);
    }
    if (destination.mesh() != Mesh.AMBIENT) {
      return Verdict.allow("NetworkPolicy (destination outside the mesh)");
    }
    return mesh(destination, new Request(null, null, ip, ip, port, null));
  }

  /**
   * A client on the internet reaching the ingress gateway's {@code port} with TLS server name
   * {@code sni}; the gateway learns the client's address from the PROXY protocol header.
   */
  public Verdict fromInternet(String clientIp, Workload gateway, int port, String sni) {
    Request request = new Request(null, null, clientIp, clientIp, port, sni);
    String verdict = authorization(gateway, request);
    return verdict == null
        ? Verdict.allow("AuthorizationPolicy of " + gateway.name())
        : Verdict.deny(verdict);
  }

  private record Request(
      String principal, String namespace, String peerIp, String remoteIp, int port, String sni) {}

  private Verdict mesh(Workload destination, Request request) {
    String mode = peerAuthentication(destination, request.port());
    if (mode.equals("STRICT") && request.principal() == null) {
      return Verdict.deny("PeerAuthentication STRICT: plaintext from outside the mesh");
    }
    String verdict = authorization(destination, request);
    return verdict == null
        ? Verdict.allow("NetworkPolicy and AuthorizationPolicy")
        : Verdict.deny(verdict);
  }

  // ---- NetworkPolicy ----

  /** Null when allowed; otherwise why not. */
  private String networkPolicy(
      Workload pod,
      String peerNamespace,
      Map<String, String> peerLabels,
      String peerIp,
      int port,
      boolean ingress) {
    String direction = ingress ? "Ingress" : "Egress";
    boolean isolated = false;
    for (JsonNode np : networkPolicies) {
      if (!np.at("/metadata/namespace").asText().equals(pod.namespace())
          || !selects(np.at("/spec/podSelector"), pod.labels())
          || !policyTypes(np).contains(direction)) {
        continue;
      }
      isolated = true;
      for (JsonNode rule : np.at("/spec/" + (ingress ? "ingress" : "egress"))) {
        JsonNode peers = rule.path(ingress ? "from" : "to");
        boolean peerMatches = peers.isMissingNode() || peers.isEmpty();
        for (JsonNode peer : peers) {
          peerMatches |=
              peerMatches(
                  peer, np.at("/metadata/namespace").asText(), peerNamespace, peerLabels, peerIp);
        }
        if (peerMatches && portMatches(rule.path("ports"), port)) {
          return null;
        }
      }
    }
    return isolated ? "no rule admits port " + port : null;
  }

  private static List<String> policyTypes(JsonNode np) {
    List<String> types = new ArrayList<>();
    JsonNode declared = np.at("/spec/policyTypes");
    if (declared.isArray() && !declared.isEmpty()) {
      declared.forEach(t -> types.add(t.asText()));
      return types;
    }
    types.add("Ingress");
    if (np.at("/spec/egress").isArray() && !np.at("/spec/egress").isEmpty()) {
      types.add("Egress");
    }
    return types;
  }

  private boolean peerMatches(
      JsonNode peer,
      String policyNamespace,
      String peerNamespace,
      Map<String, String> peerLabels,
      String peerIp) {
    if (peer.has("ipBlock")) {
      if (peer.has("podSelector") || peer.has("namespaceSelector")) {
        throw new AssertionError("ipBlock combined with selectors is invalid: " + peer);
      }
      if (peerIp == null || !inCidr(peerIp, peer.at("/ipBlock/cidr").asText())) {
        return false;
      }
      for (JsonNode except : peer.at("/ipBlock/except")) {
        if (inCidr(peerIp, except.asText())) {
          return false;
        }
      }
      return true;
    }
    if (peerNamespace == null) {
      return false; // an address outside the cluster matches ipBlocks only
    }
    boolean namespaceOk;
    if (peer.has("namespaceSelector")) {
      Map<String, String> nsLabels = namespaceLabels.get(peerNamespace);
      if (nsLabels == null) {
        throw new AssertionError("labels of namespace " + peerNamespace + " are not known");
      }
      namespaceOk = selects(peer.get("namespaceSelector"), nsLabels);
    } else {
      namespaceOk = peerNamespace.equals(policyNamespace);
    }
    boolean podOk = !peer.has("podSelector") || selects(peer.get("podSelector"), peerLabels);
    if (!peer.has("podSelector") && !peer.has("namespaceSelector")) {
      throw new AssertionError("a peer needs a selector or an ipBlock: " + peer);
    }
    return namespaceOk && podOk;
  }

  private static boolean portMatches(JsonNode ports, int port) {
    if (ports.isMissingNode() || ports.isEmpty()) {
      return true;
    }
    for (JsonNode p : ports) {
      String protocol = p.path("protocol").asText("TCP");
      if (!protocol.equals("TCP")) {
        continue;
      }
      if (!p.has("port")) {
        return true;
      }
      if (!p.get("port").isInt()) {
        throw new AssertionError("named ports are not modelled: " + p);
      }
      int from = p.get("port").asInt();
      int to = p.has("endPort") ? p.get("endPort").asInt() : from;
      if (port >= from && port <= to) {
        return true;
      }
    }
    return false;
  }

  /** Kubernetes label selector semantics; an empty selector selects everything. */
  static boolean selects(JsonNode selector, Map<String, String> labels) {
    if (selector == null || selector.isMissingNode() || selector.isNull()) {
      return true;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = selector.path("matchLabels").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode expr : selector.path("matchExpressions")) {
      String key = expr.path("key").asText();
      List<String> values = new ArrayList<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      boolean ok =
          switch (expr.path("operator").asText()) {
            case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
            case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            default -> throw new AssertionError("unknown selector operator: " + expr);
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static boolean inCidr(String ip, String cidr) {
    try {
      String[] parts = cidr.split("/");
      byte[] network = InetAddress.getByName(parts[0]).getAddress();
      byte[] address = InetAddress.getByName(ip).getAddress();
      if (network.length != address.length) {
        return false;
      }
      int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new AssertionError("not an address: " + ip + " / " + cidr, e);
    }
  }

  // ---- Istio ----

  private String peerAuthentication(Workload destination, int port) {
    JsonNode workload = null;
    JsonNode namespace = null;
    JsonNode root = null;
    for (JsonNode pa : peerAuthentications) {
      String ns = pa.at("/metadata/namespace").asText();
      boolean hasSelector = pa.at("/spec/selector").isObject();
      if (ns.equals(destination.namespace())
          && hasSelector
          && selects(pa.at("/spec/selector"), destination.labels())) {
        workload = pa;
      } else if (ns.equals(destination.namespace()) && !hasSelector) {
        namespace = pa;
      } else if (ns.equals(ROOT_NAMESPACE) && !hasSelector) {
        root = pa;
      }
    }
    for (JsonNode pa : new JsonNode[] {workload, namespace, root}) {
      if (pa == null) {
        continue;
      }
      JsonNode portLevel = pa.at("/spec/portLevelMtls/" + port + "/mode");
      if (!portLevel.isMissingNode() && workload == pa) {
        return portLevel.asText();
      }
      String mode = pa.at("/spec/mtls/mode").asText("UNSET");
      if (!mode.equals("UNSET")) {
        return mode;
      }
    }
    return "PERMISSIVE";
  }

  /** Null when allowed, otherwise the policy that refuses. */
  private String authorization(Workload destination, Request request) {
    List<JsonNode> allow = new ArrayList<>();
    for (JsonNode ap : authorizationPolicies) {
      String ns = ap.at("/metadata/namespace").asText();
      if (!ns.equals(destination.namespace()) && !ns.equals(ROOT_NAMESPACE)) {
        continue;
      }
      JsonNode selector = ap.at("/spec/selector");
      if (!selector.isMissingNode() && !selects(selector, destination.labels())) {
        continue;
      }
      String action = ap.at("/spec/action").asText("ALLOW");
      switch (action) {
        case "DENY" -> {
          if (anyRule(ap, request)) {
            return "AuthorizationPolicy " + ns + "/" + ap.at("/metadata/name").asText() + " denies";
          }
        }
        case "ALLOW" -> allow.add(ap);
        default -> throw new AssertionError("action " + action + " is not modelled");
      }
    }
    if (allow.isEmpty()) {
      return null;
    }
    for (JsonNode ap : allow) {
      if (anyRule(ap, request)) {
        return null;
      }
    }
    List<String> names = allow.stream().map(a -> a.at("/metadata/name").asText()).toList();
    return "no ALLOW policy matches (" + String.join(", ", names) + ")";
  }

  private static boolean anyRule(JsonNode policy, Request request) {
    for (JsonNode rule : policy.at("/spec/rules")) {
      if (ruleMatches(rule, request)) {
        return true;
      }
    }
    return false;
  }

  private static boolean ruleMatches(JsonNode rule, Request request) {
    JsonNode from = rule.path("from");
    if (from.isArray() && !from.isEmpty()) {
      boolean any = false;
      for (JsonNode f : from) {
        any |= sourceMatches(f.path("source"), request);
      }
      if (!any) {
        return false;
      }
    }
    JsonNode to = rule.path("to");
    if (to.isArray() && !to.isEmpty()) {
      boolean any = false;
      for (JsonNode t : to) {
        any |= operationMatches(t.path("operation"), request);
      }
      if (!any) {
        return false;
      }
    }
    for (JsonNode condition : rule.path("when")) {
      if (!conditionMatches(condition, request)) {
        return false;
      }
    }
    return true;
  }

  private static boolean sourceMatches(JsonNode source, Request request) {
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      List<String> values = new ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asText()));
      boolean ok =
          switch (e.getKey()) {
            case "principals" -> anyString(values, request.principal());
            case "notPrincipals" -> !anyString(values, request.principal());
            case "namespaces" -> anyString(values, request.namespace());
            case "notNamespaces" -> !anyString(values, request.namespace());
            case "ipBlocks" -> anyCidr(values, request.peerIp());
            case "notIpBlocks" -> !anyCidr(values, request.peerIp());
            case "remoteIpBlocks" -> anyCidr(values, request.remoteIp());
            case "notRemoteIpBlocks" -> !anyCidr(values, request.remoteIp());
            default -> throw new AssertionError("source field " + e.getKey() + " is not modelled");
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean operationMatches(JsonNode operation, Request request) {
    Iterator<Map.Entry<String, JsonNode>> fields = operation.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      List<String> values = new ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asText()));
      boolean ok =
          switch (e.getKey()) {
            case "ports" -> values.contains(Integer.toString(request.port()));
            case "notPorts" -> !values.contains(Integer.toString(request.port()));
            default ->
                throw new AssertionError(
                    "operation field " + e.getKey() + " is not modelled (L7 at an L4 proxy)");
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean conditionMatches(JsonNode condition, Request request) {
    String key = condition.path("key").asText();
    String actual =
        switch (key) {
          case "connection.sni" -> request.sni();
          case "destination.port" -> Integer.toString(request.port());
          case "source.namespace" -> request.namespace();
          case "source.principal" -> request.principal();
          default -> throw new AssertionError("condition key " + key + " is not modelled");
        };
    List<String> values = new ArrayList<>();
    condition.path("values").forEach(v -> values.add(v.asText()));
    List<String> notValues = new ArrayList<>();
    condition.path("notValues").forEach(v -> notValues.add(v.asText()));
    boolean ok = values.isEmpty() || anyString(values, actual);
    return ok && (notValues.isEmpty() || !anyString(notValues, actual));
  }

  /** Istio string match: exact, {@code prefix*}, {@code *suffix} or {@code *}. */
  private static boolean anyString(List<String> patterns, String value) {
    if (value == null) {
      return false;
    }
    for (String p : patterns) {
      if (p.equals("*")
          || p.equals(value)
          || (p.endsWith("*") && value.startsWith(p.substring(0, p.length() - 1)))
          || (p.startsWith("*") && value.endsWith(p.substring(1)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyCidr(List<String> cidrs, String ip) {
    if (ip == null) {
      return false;
    }
    for (String c : cidrs) {
      if (inCidr(ip, c)) {
        return true;
      }
    }
    return false;
  }
}
