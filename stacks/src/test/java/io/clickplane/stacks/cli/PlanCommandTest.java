package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.core.testing.Golden;
import io.clickplane.core.testing.Repo;
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

  @Test
  void devPlanPlacesEveryPod() throws Exception {
    CliRun json =
        CliRun.of("plan", "--config", Repo.stackFile("dev").toString(), "--output", "json");
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertThat(root.path("fits").asBoolean()).isTrue();
    JsonNode system = root.path("nodeGroups").get(0);
    JsonNode clickhouse = root.path("nodeGroups").get(1);
    // 3 + 1 + 6 + 3 ClickHouse pods, one per node
    assertThat(clickhouse.path("nodesAtRest").asInt()).isEqualTo(13);
    assertThat(clickhouse.path("nodesAtPeak").asInt()).isEqualTo(14);
    assertThat(clickhouse.path("node").path("allocatableCpuMillis").asInt()).isEqualTo(7910);
    // 7 ZooKeeper and 3 Keeper members plus the platform's controllers
    int pods = 0;
    for (JsonNode node : system.path("nodes")) {
      pods += node.path("pods").size();
      assertThat(node.path("freeCpuMillis").asLong()).isNotNegative();
      assertThat(node.path("freeMemoryMib").asLong()).isNotNegative();
    }
    assertThat(pods)
        .isEqualTo(
            10
                + io.clickplane.core.capacity.Overheads.SYSTEM.stream()
                    .mapToInt(io.clickplane.core.capacity.Overheads.SystemPod::replicas)
                    .sum());
    assertThat(system.path("nodesAtRest").asInt()).isLessThanOrEqualTo(system.path("max").asInt());
  }

  @Test
  void aFleetThatDoesNotFitIsShownWithTheKeysToChange() {
    String fixture =
        Repo.root()
            .resolve("modules/core/src/test/resources/stacks/dev-clicks-whole-node.yaml")
            .toString();
    CliRun run = CliRun.of("plan", "--config", fixture);
    assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(run.hasStackTrace()).isFalse();
    assertThat(run.out())
        .contains("node group clickhouse (m6i.2xlarge, dedicated to ClickHouse)")
        .contains("allocatable 7910m CPU, 28745Mi memory")
        .contains("Does not fit (2):")
        .contains(fixture + ":70: clickplane:organisations[1].services[0].resources.cpu")
        .contains("clickplane:organisations[1].services[0].resources.memory");
    CliRun validate = CliRun.of("validate", "--config", fixture);
    assertThat(validate.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(validate.err()).contains("resources.cpu may be at most 7465m");
  }

  @Test
  void anUnknownOutputFormatIsInvalidInput() {
    CliRun run =
        CliRun.of("plan", "--config", Repo.stackFile("dev").toString(), "--output", "yaml");
    assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err()).contains("--output must be text or json");
  }
}
