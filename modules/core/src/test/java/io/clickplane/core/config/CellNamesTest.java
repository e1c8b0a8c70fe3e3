package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.naming.ClusterNames;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.SecretNames;
import io.clickplane.core.spec.PlatformSpec;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The AWS names of one cell's cluster: they carry the cell, fit AWS's limits, and a cell's network
 * leaves room for the shared stack's.
 */
class CellNamesTest {
  private static String stack(String environment, String cells) {
    return String.join(
        "\n",
        "config:",
        "  aws:region: eu-west-1",
        "  clickplane:environment: " + environment,
        "  clickplane:domain: ch.dev.example.com",
        "  clickplane:network: {cidr: 10.40.0.0/16}",
        "  clickplane:eks:",
        "    version: \"1.31\"",
        "    nodeGroups:",
        "      - {name: system, instanceType: m6i.large, min: 2, max: 4}",
        cells,
        "  clickplane:organisations:",
        "    - name: acme",
        "      cell: a",
        "      services:",
        "        - {name: events, mode: replicated}",
        "");
  }

  private static Map<String, String> problems(String text) {
    try {
      StackConfig.parse("t.yaml", text);
    } catch (InvalidConfigException e) {
      return e.problems().stream()
          .collect(
              Collectors.toMap(
                  ConfigProblem::path, ConfigProblem::message, (x, y) -> x + " | " + y));
    }
    throw new AssertionError("accepted");
  }

  @Test
  void perClusterNamesCarryTheCellAndOrganisationNamesDoNot() throws Exception {
    PlatformSpec plain =
        StackConfig.parse("t.yaml", stack("dev", "").replace("      cell: a\n", ""));
    assertThat(Naming.cluster(plain)).isEqualTo("clickplane-dev");
    assertThat(Naming.clusterPrefix(plain)).isEqualTo(Naming.resourcePrefix(plain));
    assertThat(Naming.karpenterNodeRole(plain)).isEqualTo("clickplane-dev-karpenter-nodes");
    assertThat(SecretNames.operator(plain))
        .isEqualTo("clickplane/dev/platform/clickhouse-operator");

    PlatformSpec env =
        StackConfig.parse(
            "t.yaml",
            stack(
                "dev",
                "  clickplane:cells: [{name: a}, {name: eu-b, network: {cidr: 10.41.0.0/16}}]"));
    PlatformSpec a = env.forCell("a");
    assertThat(Naming.cluster(a)).isEqualTo("clickplane-dev--a");
    assertThat(Naming.cluster(env.forCell("eu-b"))).isEqualTo("clickplane-dev--eu-b");
    assertThat(Naming.karpenterNodeRole(a)).isEqualTo("clickplane-dev--a-karpenter-nodes");
    assertThat(SecretNames.operator(a)).isEqualTo("clickplane/dev/platform/a/clickhouse-operator");
    assertThat(Naming.backupBucket(a, "acme")).isEqualTo(Naming.backupBucket(plain, "acme"));
    assertThat(Naming.backupRole(a, "acme")).isEqualTo(Naming.backupRole(plain, "acme"));
    // The whole environment is no cluster: its per-cluster names are the cells'.
    assertThatThrownBy(() -> Naming.clusterPrefix(env)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aCellWhoseNamesWouldOverflowAwsLimitsIsRefusedAtItsName() {
    // clickplane-prod--<cell>-aws-load-balancer-controller: 11 + 4 + 2 + 29 = 46 + the cell.
    String cell = "abcdefghij-klmnopqrs"; // 20 characters: 66 in all
    assertThat(
            problems(
                stack("prod", "  clickplane:cells: [{name: " + cell + "}]")
                    .replace("cell: a", "cell: " + cell)))
        .containsOnlyKeys("clickplane:cells[0].name")
        .extractingByKey("clickplane:cells[0].name")
        .asString()
        .contains("IAM role name \"clickplane-prod--" + cell + "-aws-load-balancer-controller\"")
        .contains("66 characters long; AWS allows 64");
    assertThat(ClusterNames.overflow(ClusterNames.prefix("prod", "abcdefghij-klmnop"))).isEmpty();
  }

  @Test
  void aCellOverlappingTheSharedNetworkIsRefused() {
    assertThat(
            problems(
                stack(
                    "dev",
                    "  clickplane:cells: [{name: a}, {name: b, network: {cidr: 100.64.0.0/16}}]")))
        .containsOnlyKeys("clickplane:cells[1].network.cidr")
        .extractingByKey("clickplane:cells[1].network.cidr")
        .asString()
        .contains("overlaps 100.64.0.0/24, the shared stack's network");
  }

  @Test
  void theFirstCellAdoptingTheEnvironmentsClusterKeepsItsNames() throws Exception {
    PlatformSpec plain =
        StackConfig.parse("t.yaml", stack("dev", "").replace("      cell: a\n", ""));
    PlatformSpec env =
        StackConfig.parse(
            "t.yaml",
            stack(
                "dev",
                "  clickplane:cells: [{name: a, adopted: true},"
                    + " {name: b, network: {cidr: 10.41.0.0/16}}]"));
    PlatformSpec a = env.forCell("a");
    assertThat(Naming.cluster(a)).isEqualTo(Naming.cluster(plain));
    assertThat(Naming.karpenterNodeRole(a)).isEqualTo(Naming.karpenterNodeRole(plain));
    assertThat(SecretNames.operator(a)).isEqualTo(SecretNames.operator(plain));
    assertThat(Naming.cluster(env.forCell("b"))).isEqualTo("clickplane-dev--b");
    assertThat(CanonicalSpec.write(env)).contains("adopted: true");
    assertThat(
            CanonicalSpec.write(
                StackConfig.parse("t.yaml", stack("dev", "  clickplane:cells: [{name: a}]"))))
        .doesNotContain("adopted");
    assertThat(
            problems(
                stack(
                    "dev",
                    "  clickplane:cells: [{name: a},"
                        + " {name: b, adopted: true, network: {cidr: 10.41.0.0/16}}]")))
        .containsOnlyKeys("clickplane:cells[1].adopted")
        .extractingByKey("clickplane:cells[1].adopted")
        .asString()
        .contains("only the first cell");
  }
}
