package io.clickplane.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import org.junit.jupiter.api.Test;

/** The strict CRD validator itself: valid resources pass, and each kind of mistake is caught. */
class CrdSchemasTest {
  private static final CrdSchemas CRDS = CrdSchemas.shared();

  private static final String CHI =
      """
      apiVersion: clickhouse.altinity.com/v1
      kind: ClickHouseInstallation
      metadata:
        name: events
        namespace: acme
        labels:
          clickplane.io/service: events
      spec:
        stop: "no"
        configuration:
          settings:
            any/free-form/setting: 1
          clusters:
            - name: main
              layout:
                shardsCount: 1
                replicasCount: 3
      """;

  @Test
  void findsTheCrdsOfAllThreeProjects() {
    assertThat(CRDS.knows("clickhouse.altinity.com/v1", "ClickHouseInstallation")).isTrue();
    assertThat(CRDS.knows("clickhouse-keeper.altinity.com/v1", "ClickHouseKeeperInstallation"))
        .isTrue();
    assertThat(CRDS.knows("kustomize.toolkit.fluxcd.io/v1", "Kustomization")).isTrue();
    assertThat(CRDS.knows("networking.istio.io/v1", "Gateway")).isTrue();
    assertThat(CRDS.knows("clickhouse.altinity.com/v2", "ClickHouseInstallation")).isFalse();
  }

  @Test
  void acceptsAValidResourceIncludingFreeFormSections() {
    assertThat(CRDS.problems(CHI)).isEmpty();
    CRDS.assertValid(CHI);
  }

  @Test
  void rejectsAnUnknownField() {
    String yaml = CHI.replace("  stop: \"no\"\n", "  stop: \"no\"\n  replicaCount: 3\n");
    assertThat(CRDS.problems(yaml))
        .singleElement(STRING)
        .contains("ClickHouseInstallation/events")
        .contains("replicaCount");
  }

  @Test
  void rejectsAnUnknownFieldDeepInside() {
    String yaml =
        CHI.replace("replicasCount: 3\n", "replicasCount: 3\n          replicaCount: 3\n");
    assertThat(CRDS.problems(yaml))
        .singleElement(STRING)
        .contains("$.spec.configuration.clusters[0].layout")
        .contains("replicaCount");
  }

  @Test
  void rejectsAValueOutsideAnEnum() {
    String yaml = CHI.replace("stop: \"no\"", "stop: maybe");
    assertThat(CRDS.problems(yaml)).singleElement(STRING).contains("$.spec.stop").contains("enum");
  }

  @Test
  void rejectsAWrongType() {
    String yaml = CHI.replace("shardsCount: 1", "shardsCount: one");
    assertThat(CRDS.problems(yaml))
        .singleElement(STRING)
        .contains("$.spec.configuration.clusters[0].layout.shardsCount")
        .contains("integer");
  }

  @Test
  void rejectsAValueNotMatchingAPattern() {
    String yaml = CHI.replace("- name: main", "- name: a-cluster-name-longer-than-fifteen");
    assertThat(CRDS.problems(yaml))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("$.spec.configuration.clusters[0].name")
                    .contains("pattern"));
  }

  @Test
  void rejectsBadMetadata() {
    String yaml =
        CHI.replace("name: events\n", "name: Events_1\n  uid: abc\n")
            .replace("namespace: acme", "namespace: acme.example")
            .replace("clickplane.io/service: events", "clickplane.io/service: \"no spaces\"");
    assertThat(CRDS.problems(yaml))
        .hasSize(4)
        .anySatisfy(p -> assertThat(p).contains("$.metadata.name").contains("DNS-1123 subdomain"))
        .anySatisfy(p -> assertThat(p).contains("$.metadata.uid"))
        .anySatisfy(p -> assertThat(p).contains("$.metadata.namespace").contains("DNS-1123 label"))
        .anySatisfy(p -> assertThat(p).contains("$.metadata.labels.clickplane.io/service"));
  }

  @Test
  void rejectsAKindNoCrdDefines() {
    assertThat(
            CRDS.problems(CHI.replace("clickhouse.altinity.com/v1", "clickhouse.altinity.com/v9")))
        .singleElement(STRING)
        .contains("no CRD defines apiVersion clickhouse.altinity.com/v9");
  }

  @Test
  void assertValidListsEveryProblem() {
    String yaml =
        CHI.replace("stop: \"no\"", "stop: maybe").replace("shardsCount: 1", "shardsCount: one");
    assertThatThrownBy(() -> CRDS.assertValid(yaml))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("2 schema problem(s)")
        .hasMessageContaining("$.spec.stop")
        .hasMessageContaining("shardsCount");
  }

  @Test
  void validatesFluxAndIstioResourcesToo() {
    String kustomization =
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: tenants
          namespace: flux-system
        spec:
          interval: 10m
          path: ./tenants/dev
          prune: true
          sourceRef:
            kind: GitRepository
            name: flux-system
        """;
    assertThat(CRDS.problems(kustomization)).isEmpty();
    assertThat(CRDS.problems(kustomization.replace("prune: true", "prune: true\n  prun: true")))
        .singleElement(STRING)
        .contains("prun");
    assertThat(CRDS.problems(kustomization.replace("kind: GitRepository", "kind: GitRepo")))
        .singleElement(STRING)
        .contains("$.spec.sourceRef.kind");

    String gateway =
        """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: events
          namespace: acme
        spec:
          selector:
            istio: ingressgateway
          servers:
            - hosts: ["events.acme.example.com"]
              port:
                number: 9440
                name: tls-native
                protocol: TLS
              tls:
                mode: PASSTHROUGH
        """;
    assertThat(CRDS.problems(gateway)).isEmpty();
    assertThat(CRDS.problems(gateway.replace("mode: PASSTHROUGH", "mode: PASSTHRU")))
        .singleElement(STRING)
        .contains("$.spec.servers[0].tls.mode");
  }
}
