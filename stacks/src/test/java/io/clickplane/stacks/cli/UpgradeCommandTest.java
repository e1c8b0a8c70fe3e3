package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.gitops.publish.LocalFluxRepository;
import io.clickplane.stacks.upgrade.UpgradePlanner;
import io.clickplane.stacks.upgrade.UpgradeWave;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clickplane upgrade plan} and {@code upgrade next} on a copy of the dev stack. */
class UpgradeCommandTest {
  /** A Wednesday. */
  private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");

  @TempDir Path project;
  private Path stack;
  private String original;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(project.resolve("stacks"));
    stack = project.resolve("stacks/Pulumi.dev.yaml");
    String dev = Files.readString(Repo.stackFile("dev"));
    original =
        dev.replace(
                "  clickplane:organisations:\n    - name: acme\n",
                "  clickplane:maintenance:\n"
                    + "    window: \"sun 02:00-06:00\"   # the environment's default\n"
                    + "  clickplane:organisations:\n"
                    + "    - name: acme\n"
                    + "      maintenance:\n"
                    + "        window: \"sat 22:00-02:00\"\n")
            .replace(
                "          deletionProtection: true\n          databases: [analytics, staging]\n",
                "          deletionProtection: true\n"
                    + "          databases: [analytics, staging]\n"
                    + "          upgrade:\n"
                    + "            channel: fast   # takes new lines first\n")
            .replace(
                "          endpoint:\n            dedicatedLoadBalancer: true\n",
                "          endpoint:\n"
                    + "            dedicatedLoadBalancer: true\n"
                    + "          upgrade: {channel: slow}\n"
                    + "          maintenance: {window: \"wed 03:00-04:00\"}\n");
    assertThat(original).isNotEqualTo(dev).contains("channel: fast").contains("channel: slow");
    Files.writeString(stack, original);
    UpgradeCommand.clock = Clock.fixed(NOW, ZoneOffset.UTC);
  }

  @AfterEach
  void tearDown() {
    UpgradeCommand.clock = Clock.systemUTC();
  }

  @Test
  void planListsCanariesFirstChannelByChannelOneWavePerWindow() {
    CliRun run = CliRun.of("upgrade", "plan", "--config", stack.toString(), "--to", "25.8");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            String.join(
                "\n",
                "Rollout of ClickHouse 25.8",
                "WAVE  STEP     CHANNEL  WINDOW (UTC)               OPENS                 SERVICES",
                "1     canary   fast     sat 22:00-02:00            2026-12-05T22:00:00Z  acme/events (24.8)",
                "2     promote  fast     sat 22:00-02:00            2026-12-12T22:00:00Z  acme/events (24.8)",
                "3     canary   regular  sun 02:00-06:00            2026-12-13T02:00:00Z  initech/reports (25.3)",
                "4     promote  regular  sat 22:00-02:00            2026-12-19T22:00:00Z  acme/scratch (25.3)",
                "5     promote  regular  sun 02:00-06:00            2026-12-20T02:00:00Z  initech/reports (25.3)",
                "6     canary   slow     wed 03:00-04:00            2026-12-23T03:00:00Z  globex/clicks (24.8)",
                "7     promote  slow     wed 03:00-04:00            2026-12-30T03:00:00Z  globex/clicks (24.8)",
                "7 waves; 'clickplane upgrade next' publishes wave 1",
                ""));
    CliRun json =
        CliRun.of(
            "upgrade", "plan", "--config", stack.toString(), "--to", "25.3", "--output", "json");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out())
        .contains("\"line\" : \"25.3\"")
        .contains("\"closes\" : \"2026-12-06T02:00:00Z\"")
        .contains("\"leftAlone\" : [ ]");
    CliRun bad = CliRun.of("upgrade", "plan", "--config", stack.toString(), "--to", "23.1");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--to must be a supported release line: 24.8, 25.3 or 25.8");
  }

  @Test
  void aServicePastEndOfSupportGoesFirstInItsChannel() throws Exception {
    // scratch on 24.8 (its window opens first); reports' 25.3 past end of support
    PlatformSpec parsed = StackConfig.parse("stack", original);
    PlatformSpec spec =
        parsed.withOrganisations(
            parsed.organisations().stream()
                .map(
                    o ->
                        o.withServices(
                            o.services().stream()
                                .map(s -> s.name().equals("scratch") ? s.withVersion("24.8") : s)
                                .toList()))
                .toList());
    List<UpgradeWave> waves = UpgradePlanner.plan(spec, "25.8", NOW, line -> line.equals("25.3"));
    assertThat(
            waves.stream()
                .map(
                    w ->
                        w.step().text()
                            + " "
                            + w.channel().configName()
                            + " "
                            + w.services().stream()
                                .map(UpgradeWave.Member::id)
                                .collect(Collectors.joining(",")))
                .toList())
        .containsExactly(
            "canary fast acme/events",
            "promote fast acme/events",
            "canary regular initech/reports",
            "promote regular initech/reports",
            "promote regular acme/scratch",
            "canary slow globex/clicks",
            "promote slow globex/clicks");
    assertThat(waves.get(3).services().get(0).pastEndOfSupport()).isTrue();
  }

  @Test
  void nextPublishesTheCanaryThenThePromotionEditingOnlyThoseLines() throws Exception {
    assertThat(CliRun.of("publish", "--config", stack.toString()).exitCode()).isZero();
    CliRun canary = CliRun.of("upgrade", "next", "--config", stack.toString(), "--to", "25.8");
    assertThat(canary.exitCode()).as(canary.err()).isZero();
    String afterCanary = Files.readString(stack);
    assertThat(afterCanary)
        .isEqualTo(
            original.replace(
                "            channel: fast   # takes new lines first\n",
                "            channel: fast   # takes new lines first\n"
                    + "            canary: \"25.8\"\n"));
    String message = changeBranchMessage();
    assertThat(message)
        .contains("Upgrade to ClickHouse 25.8, wave 1 of 7: canary, channel fast")
        .contains(
            "Maintenance window: sat 22:00-02:00 UTC. Merge inside it: next opening"
                + " 2026-12-05T22:00:00Z to 2026-12-06T02:00:00Z.")
        .contains("acme/events: 24.8 -> canary 25.8");

    // the canary branch is merged: the next wave promotes it
    assertThat(CliRun.of("publish", "--config", stack.toString(), "--direct").exitCode()).isZero();
    CliRun promote = CliRun.of("upgrade", "next", "--config", stack.toString(), "--to", "25.8");
    assertThat(promote.exitCode()).as(promote.err()).isZero();
    assertThat(promote.out()).contains("wave 1 of 6: promote, channel fast");
    assertThat(Files.readString(stack))
        .isEqualTo(
            original.replaceFirst(
                "\n          version: \"24.8\"\n", "\n          version: \"25.8\"\n"));
  }

  private String changeBranchMessage() throws Exception {
    try (LocalFluxRepository repo =
            LocalFluxRepository.open(project.resolve(".clickplane/flux.git"));
        RevWalk walk = new RevWalk(repo.objects())) {
      List<Ref> branches =
          repo.objects().getRefDatabase().getRefsByPrefix(Constants.R_HEADS + "clickplane/dev/");
      assertThat(branches).hasSize(1);
      return walk.parseCommit(branches.get(0).getObjectId()).getFullMessage();
    }
  }
}
