package io.clickplane.istio.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.testing.CrdSchemas;
import io.clickplane.istio.testing.Reachability.Mesh;
import io.clickplane.istio.testing.Reachability.Workload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator on small hand-written cases, one semantic rule each. */
class ReachabilityTest {
  private static final Map<String, Map<String, String>> NAMESPACES =
      Map.of(
          "a", Map.of("kubernetes.io/metadata.name", "a"),
          "b", Map.of("kubernetes.io/metadata.name", "b", "team", "blue"),
          "ops", Map.of("kubernetes.io/metadata.name", "ops"),
          "istio-system", Map.of("kubernetes.io/metadata.name", "istio-system"),
          "istio-ingress", Map.of("kubernetes.io/metadata.name", "istio-ingress"));

  private static final Workload A_DB = pod("a", "db", Map.of("app", "db"), "10.0.0.1", Mesh.NONE);
  private static final Workload A_JOB =
      pod("a", "job", Map.of("app", "job"), "10.0.0.2", Mesh.NONE);
  private static final Workload B_WEB =
      pod("b", "web", Map.of("app", "web"), "10.0.1.1", Mesh.NONE);
  private static final Workload OPS = pod("ops", "tool", Map.of(), "10.0.2.1", Mesh.NONE);

  private static Workload pod(
      String ns, String name, Map<String, String> labels, String ip, Mesh mesh) {
    return new Workload(ns, name, labels, ip, "default", mesh);
  }

  private static Workload meshed(Workload w) {
    return new Workload(
        w.namespace(), w.name(), w.labels(), w.ip(), w.serviceAccount(), Mesh.AMBIENT);
  }

  private static Reachability of(String... yaml) {
    List<JsonNode> docs = new java.util.ArrayList<>();
    for (String y : yaml) {
      docs.addAll(CrdSchemas.documents(y));
    }
    return new Reachability(docs, NAMESPACES);
  }

  private static final String DENY_ALL_A =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny, namespace: a}
      spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
      """;

  @Test
  void withoutPoliciesEverythingPasses() {
    Reachability r = of();
    assertThat(r.connect(B_WEB, A_DB, 5432).allowed()).isTrue();
  }

  @Test
  void aSelectingPolicyIsolatesAndRulesAreUnited() {
    Reachability r =
        of(
            DENY_ALL_A,
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Ingress]
              ingress:
                - from: [{namespaceSelector: {matchLabels: {team: blue}}}]
                  ports: [{port: 5432}]
                - from: [{podSelector: {matchLabels: {app: job}}}]
                  ports: [{port: 9000, endPort: 9010}]
            """);
    assertThat(r.connect(B_WEB, A_DB, 5432).allowed()).as("namespace selector, port").isTrue();
    assertThat(r.connect(B_WEB, A_DB, 5433).allowed()).as("other port").isFalse();
    assertThat(r.connect(OPS, A_DB, 5432).allowed()).as("namespace not selected").isFalse();
    // Egress of a's pods is denied by the deny-all policy.
    assertThat(r.connect(A_JOB, A_DB, 9005).reason()).contains("egress of job");
    assertThat(r.connect(B_WEB, A_JOB, 80).reason()).contains("ingress of job");
  }

  @Test
  void podAndNamespaceSelectorsInOnePeerMustBothMatch() {
    Reachability r =
        of(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
                - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: b}}
                      podSelector: {matchLabels: {app: web}}
            """);
    assertThat(r.connect(B_WEB, A_DB, 1).allowed()).isTrue();
    Workload bOther = pod("b", "other", Map.of("app", "other"), "10.0.1.2", Mesh.NONE);
    assertThat(r.connect(bOther, A_DB, 1).allowed()).isFalse();
    // A podSelector alone means the policy's own namespace.
    Reachability own =
        of(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
            """);
    Workload aWeb = pod("a", "web", Map.of("app", "web"), "10.0.0.9", Mesh.NONE);
    assertThat(own.connect(aWeb, A_DB, 1).allowed()).isTrue();
    assertThat(own.connect(B_WEB, A_DB, 1).allowed()).isFalse();
  }

  @Test
  void ipBlocksHonourTheirExceptions() {
    Reachability r =
        of(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db, namespace: a}
            spec:
              podSelector: {}
              ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24]}}]}]
            """);
    assertThat(r.connect(OPS, A_DB, 1).allowed()).isTrue();
    assertThat(r.connect(B_WEB, A_DB, 1).allowed()).isFalse();
    Reachability egress =
        of(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: out, namespace: a}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 443}]}]
            """);
    assertThat(egress.toAddress(A_JOB, "52.1.2.3", 443).allowed()).isTrue();
    assertThat(egress.toAddress(A_JOB, "52.1.2.3", 80).allowed()).isFalse();
    assertThat(egress.toAddress(B_WEB, "52.1.2.3", 80).allowed()).as("b is not isolated").isTrue();
  }

  @Test
  void betweenAmbientPodsNetworkPolicySeesTheHbonePort() {
    String policy =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: db, namespace: a}
        spec:
          podSelector: {}
          ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 5432}]}]
        """;
    Reachability r = of(policy);
    assertThat(r.connect(B_WEB, A_DB, 5432).allowed()).as("plaintext on 5432").isTrue();
    assertThat(r.connect(meshed(B_WEB), meshed(A_DB), 5432).allowed())
        .as("HBONE on 15008 is not admitted")
        .isFalse();
    Reachability withHbone = of(policy.replace("[{port: 5432}]", "[{port: 5432}, {port: 15008}]"));
    assertThat(withHbone.connect(meshed(B_WEB), meshed(A_DB), 5432).allowed()).isTrue();
  }

  @Test
  void strictMutualTlsRefusesPlaintextIntoTheMesh() {
    Reachability r =
        of(
            """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: default, namespace: istio-system}
            spec: {mtls: {mode: STRICT}}
            """);
    assertThat(r.connect(B_WEB, meshed(A_DB), 5432).reason()).contains("STRICT");
    assertThat(r.connect(meshed(B_WEB), meshed(A_DB), 5432).allowed()).isTrue();
    assertThat(r.connect(B_WEB, A_DB, 5432).allowed()).as("destination outside the mesh").isTrue();
  }

  @Test
  void allowPoliciesAreUnitedAndAnEmptyOneAllowsNothing() {
    Reachability r =
        of(
            """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: allow-nothing, namespace: a}
            spec: {}
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: db, namespace: a}
            spec:
              selector: {matchLabels: {app: db}}
              action: ALLOW
              rules:
                - from: [{source: {namespaces: [b]}}]
                  to: [{operation: {ports: ["5432"]}}]
                - from: [{source: {principals: ["cluster.local/ns/ops/sa/*"]}}]
            """);
    Workload db = meshed(A_DB);
    assertThat(r.connect(meshed(B_WEB), db, 5432).allowed()).isTrue();
    assertThat(r.connect(meshed(B_WEB), db, 22).allowed()).isFalse();
    assertThat(r.connect(meshed(OPS), db, 22).allowed()).as("principal wildcard").isTrue();
    assertThat(r.connect(meshed(B_WEB), meshed(A_JOB), 80).reason())
        .contains("no ALLOW policy matches (allow-nothing)");
  }

  @Test
  void denyWinsAndMatchesTheClientAddressAndServerName() {
    Reachability r =
        of(
            """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: list, namespace: istio-ingress}
            spec:
              selector: {matchLabels: {istio: ingressgateway}}
              action: DENY
              rules:
                - from: [{source: {notRemoteIpBlocks: [203.0.113.0/24]}}]
                  when: [{key: connection.sni, values: [a.example.com]}]
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: everyone, namespace: istio-ingress}
            spec:
              selector: {matchLabels: {istio: ingressgateway}}
              rules: [{}]
            """);
    Workload gateway =
        new Workload(
            "istio-ingress",
            "gw",
            Map.of("istio", "ingressgateway"),
            "10.0.3.1",
            "gw",
            Mesh.GATEWAY);
    assertThat(r.fromInternet("203.0.113.7", gateway, 9440, "a.example.com").allowed()).isTrue();
    assertThat(r.fromInternet("198.51.100.7", gateway, 9440, "a.example.com").reason())
        .contains("istio-ingress/list denies");
    assertThat(r.fromInternet("198.51.100.7", gateway, 9440, "b.example.com").allowed()).isTrue();
  }

  @Test
  void rootNamespacePoliciesApplyEverywhere() {
    Reachability r =
        of(
            """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: no-ssh, namespace: istio-system}
            spec:
              action: DENY
              rules: [{to: [{operation: {ports: ["22"]}}]}]
            """);
    assertThat(r.connect(meshed(B_WEB), meshed(A_DB), 22).allowed()).isFalse();
    assertThat(r.connect(meshed(B_WEB), meshed(A_DB), 23).allowed()).isTrue();
  }

  @Test
  void whatItDoesNotModelFailsInsteadOfGuessing() {
    Reachability r =
        of(
            """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: l7, namespace: a}
            spec:
              rules: [{to: [{operation: {paths: ["/admin"]}}]}]
            """);
    assertThatThrownBy(() -> r.connect(meshed(B_WEB), meshed(A_DB), 80))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("paths");
    Reachability named =
        of(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db, namespace: a}
            spec:
              podSelector: {}
              ingress: [{ports: [{port: http}]}]
            """);
    assertThatThrownBy(() -> named.connect(B_WEB, A_DB, 80)).hasMessageContaining("named ports");
  }

  @Test
  void cidrArithmetic() {
    assertThat(Reachability.inCidr("10.1.2.3", "10.0.0.0/8")).isTrue();
    assertThat(Reachability.inCidr("11.1.2.3", "10.0.0.0/8")).isFalse();
    assertThat(Reachability.inCidr("192.168.1.129", "192.168.1.128/25")).isTrue();
    assertThat(Reachability.inCidr("192.168.1.127", "192.168.1.128/25")).isFalse();
    assertThat(Reachability.inCidr("1.2.3.4", "0.0.0.0/0")).isTrue();
    assertThat(Reachability.inCidr("169.254.7.127", "169.254.7.127/32")).isTrue();
  }
}
