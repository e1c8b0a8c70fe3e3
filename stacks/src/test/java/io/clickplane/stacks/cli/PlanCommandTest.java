package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.core.testing.Golden;
import io.clickplane.core.testing.Repo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanCommandTest {
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void planMatchesGolden(String stack) {
    CliRun text = CliRun.of("plan", "--config", Repo.stackFile(stack).toString());
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("Every pod fits.");
    Golden.assertMatches("plan/" + stack + ".txt", text.out());
    CliRun json =
        CliRun.of("plan", "--config", Repo.stackFile(stack).toString(), "--output", "json");
    assertThat(json.exitCode()).isZero();
    Golden.assertMatches("plan/" + stack + ".json", json.out());
  }

  private static JsonNode group(JsonNode root, String name) {
    for (JsonNode g : root.path("nodeGroups")) {
      if (g.path("name").asText().equals(name)) {
        return g;
      }
    }
    throw new AssertionError("no group " + name);
  }

  @Test
  void devPlanPlacesEveryPod() throws Exception {
    CliRun json =
        CliRun.of("plan", "--config", Repo.stackFile("dev").toString(), "--output", "json");
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertThat(root.path("fits").asBoolean()).isTrue();
    JsonNode general8 = group(root, "clickhouse/general-8");
    JsonNode general4 = group(root, "clickhouse/general-4");
    // events 3 + clicks 6 on general-8, scratch 1 + reports 3 on general-4, one per node
    assertThat(general8.path("pool").asText()).isEqualTo("clickhouse");
    assertThat(general8.path("nodesAtRest").asInt()).isEqualTo(9);
    assertThat(general4.path("nodesAtRest").asInt()).isEqualTo(4);
    assertThat(general8.path("node").path("maxPods").asInt()).isEqualTo(16);
    assertThat(general8.path("node").path("allocatableCpuMillis").asInt()).isEqualTo(7910);
    // 7 ZooKeeper and 3 Keeper members plus the platform's controllers, on the managed group
    // and the platform pool
    int pods = 0;
    for (JsonNode g : List.of(group(root, "system"), group(root, "platform"))) {
      for (JsonNode node : g.path("nodes")) {
        pods += node.path("pods").size();
        assertThat(node.path("freeCpuMillis").asLong()).isNotNegative();
        assertThat(node.path("freeMemoryMib").asLong()).isNotNegative();
      }
    }
    assertThat(pods)
        .isEqualTo(
            10
                + io.clickplane.core.capacity.Overheads.SYSTEM.stream()
                    .mapToInt(io.clickplane.core.capacity.Overheads.SystemPod::replicas)
                    .sum());
    JsonNode u = root.path("utilisation");
    assertThat(u.path("provisionedCpuMillis").asLong()).isEqualTo(9 * 8000 + 4 * 4000);
    assertThat(u.path("requestedCpuMillis").asDouble() / u.path("provisionedCpuMillis").asDouble())
        .isGreaterThanOrEqualTo(0.80);
    assertThat(u.path("requestedMemoryMib").asDouble() / u.path("provisionedMemoryMib").asDouble())
        .isGreaterThanOrEqualTo(0.80);
    assertThat(root.path("services"))
        .extracting(s -> s.path("service").asText() + " " + s.path("plan").asText())
        .containsExactly(
            "acme/events general-8",
            "acme/scratch general-4",
            "globex/clicks general-8",
            "initech/reports general-4");
  }

  @Test
  void aFleetThatDoesNotFitIsShownWithTheKeysToChange() {
    String fixture =
        Repo.root()
            .resolve("modules/core/src/test/resources/stacks/dev-clicks-no-plan.yaml")
            .toString();
    CliRun run = CliRun.of("plan", "--config", fixture);
    assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(run.hasStackTrace()).isFalse();
    assertThat(run.out())
        .contains("Karpenter pool clickhouse/general-8 (m6i.2xlarge; one node per ClickHouse pod)")
        .contains("Does not fit (1):")
        .contains(
            fixture + ":69: clickplane:organisations[1].services[0].resources: no plan gives");
    CliRun validate = CliRun.of("validate", "--config", fixture);
    assertThat(validate.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(validate.err()).contains("no plan gives a ClickHouse pod 40 CPU and 160Gi memory");
  }

  @Test
  void anUnknownOutputFormatIsInvalidInput() {
    CliRun run =
        CliRun.of("plan", "--config", Repo.stackFile("dev").toString(), "--output", "yaml");
    assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err()).contains("--output must be text or json");
  }
}
