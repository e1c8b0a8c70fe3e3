package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.gitops.publish.LocalFluxRepository;
import io.clickplane.stacks.render.Fleet;
import io.clickplane.stacks.upgrade.UpgradePlanner;
import io.clickplane.stacks.upgrade.UpgradeWave;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
import picocli.CommandLine;

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
    String dev = onLines(Files.readString(Repo.stackFile("dev")), "24.8", "25.3", "24.8", "25.3");
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
    CliRun run = CliRun.of("upgrade", "plan", "--config", stack.toString(), "--to", "26.3");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            String.join(
                "\n",
                "Rollout of ClickHouse 26.3",
                "WAVE  STEP     CHANNEL  WINDOW (UTC)               OPENS                 SERVICES",
                "1     canary   fast     sat 22:00-02:00            2026-12-05T22:00:00Z  acme/events (24.8, past end of support)",
                "2     promote  fast     sat 22:00-02:00            2026-12-12T22:00:00Z  acme/events (24.8, past end of support)",
                "3     canary   regular  sun 02:00-06:00            2026-12-13T02:00:00Z  initech/reports (25.3, past end of support)",
                "4     promote  regular  sat 22:00-02:00            2026-12-19T22:00:00Z  acme/scratch (25.3, past end of support)",
                "5     promote  regular  sun 02:00-06:00            2026-12-20T02:00:00Z  initech/reports (25.3, past end of support)",
                "6     canary   slow     wed 03:00-04:00            2026-12-23T03:00:00Z  globex/clicks (24.8, past end of support)",
                "7     promote  slow     wed 03:00-04:00            2026-12-30T03:00:00Z  globex/clicks (24.8, past end of support)",
                "7 waves; 'clickplane upgrade next' publishes wave 1",
                ""));
    CliRun json =
        CliRun.of(
            "upgrade", "plan", "--config", stack.toString(), "--to", "26.3", "--output", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(json.out())
        .contains("\"line\" : \"26.3\"")
        .contains("\"closes\" : \"2026-12-06T02:00:00Z\"")
        .contains("\"leftAlone\" : [ ]");
    CliRun bad = CliRun.of("upgrade", "plan", "--config", stack.toString(), "--to", "23.1");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--to must be a supported release line: 26.3 (got '23.1')");
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
    List<UpgradeWave> waves = UpgradePlanner.plan(spec, "26.3", NOW, line -> line.equals("25.3"));
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
    // first published in April 2025, when 24.8 and 25.3 were supported
    CommandLine april =
        new CommandLine(new PublishCommand(Fleet.guards(() -> LocalDate.parse("2025-04-01"))));
    StringWriter aprilErr = new StringWriter();
    april.setErr(new PrintWriter(aprilErr, true));
    april.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(april.execute("--config", stack.toString())).as(aprilErr.toString()).isZero();
    CliRun canary = CliRun.of("upgrade", "next", "--config", stack.toString(), "--to", "26.3");
    assertThat(canary.exitCode()).as(canary.err()).isZero();
    String afterCanary = Files.readString(stack);
    assertThat(afterCanary)
        .isEqualTo(
            original.replace(
                "            channel: fast   # takes new lines first\n",
                "            channel: fast   # takes new lines first\n"
                    + "            canary: \"26.3\"\n"));
    String message = changeBranchMessage();
    assertThat(message)
        .contains("Upgrade to ClickHouse 26.3, wave 1 of 7: canary, channel fast")
        .contains(
            "Maintenance window: sat 22:00-02:00 UTC. Merge inside it: next opening"
                + " 2026-12-05T22:00:00Z to 2026-12-06T02:00:00Z.")
        .contains("acme/events: 24.8 -> canary 26.3");

    // the canary branch is merged: the next wave promotes it
    assertThat(CliRun.of("publish", "--config", stack.toString(), "--direct").exitCode()).isZero();
    CliRun promote = CliRun.of("upgrade", "next", "--config", stack.toString(), "--to", "26.3");
    assertThat(promote.exitCode()).as(promote.err()).isZero();
    assertThat(promote.out()).contains("wave 1 of 6: promote, channel fast");
    assertThat(Files.readString(stack))
        .isEqualTo(
            original.replaceFirst(
                "\n          version: \"24.8\"\n", "\n          version: \"26.3\"\n"));
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

  /** The stack with its services, in file order, on {@code lines} instead of the default line. */
  private static String onLines(String stack, String... lines) {
    String current = "          version: \"26.3\"\n";
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (String line : lines) {
      int at = stack.indexOf(current, from);
      assertThat(at).as("a service on 26.3 for " + line).isNotNegative();
      out.append(stack, from, at).append("          version: \"").append(line).append("\"\n");
      from = at + current.length();
    }
    assertThat(stack.indexOf(current, from)).isNegative();
    return out.append(stack.substring(from)).toString();
  }
}
