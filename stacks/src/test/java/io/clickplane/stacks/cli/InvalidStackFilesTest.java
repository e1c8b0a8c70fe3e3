package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code src/test/resources/invalid/} is a stack file with one mistake. Its first
 * line says what {@code clickplane validate} must report: {@code # expect: LINE KEY.PATH | message
 * fragment}.
 */
class InvalidStackFilesTest {
  private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+) (\\S+) \\| (.+)$");
  private static final Path DIR = Repo.root().resolve("stacks/src/test/resources/invalid");

  static Stream<Path> invalidFiles() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void thereAreAtLeastThirtyCases() throws IOException {
    assertThat(invalidFiles().count()).isGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void validateReportsTheMistake(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Matcher expect = EXPECT.matcher(lines.get(0));
    assertThat(expect.matches()).as("first line of %s is an expectation", file).isTrue();
    String line = expect.group(1);
    String keyPath = expect.group(2);
    String fragment = expect.group(3);
    String given = Repo.root().relativize(file).toString();

    CliRun run = CliRun.of("validate", "--config", given.startsWith("/") ? given : file.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.INVALID);
    String prefix = file + ":" + line + ": " + keyPath + ": ";
    assertThat(run.err().lines())
        .as("stderr of validate %s", file.getFileName())
        .anySatisfy(l -> assertThat(l).startsWith(prefix).contains(fragment));
    assertThat(run.out()).isEmpty();
    assertThat(run.hasStackTrace()).as(run.err()).isFalse();
  }

  @Test
  void everyProblemIsReportedAtOnceInLineOrder() throws IOException {
    Path file = Files.createTempFile("several", ".yaml");
    try {
      Files.writeString(
          file,
          String.join(
              "\n",
              "config:",
              "  aws:region: nowhere",
              "  clickplane:environment: Dev",
              "  clickplane:domain: example.com",
              "  clickplane:eks:",
              "    nodeGroups: [{name: system, instanceType: m6i.large}]",
              "  clickplane:organisations:",
              "    - name: acme",
              "      services:",
              "        - {name: a, mode: sharded, shards: 1}",
              "        - {name: b, mode: single, replicas: 2, colour: blue}",
              ""));
      CliRun run = CliRun.of("validate", "--config", file.toString());
      assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
      assertThat(run.err().lines().filter(l -> l.startsWith(file.toString())))
          .containsExactly(
              file + ":2: aws:region: must be an AWS region such as eu-west-1 (got \"nowhere\")",
              file
                  + ":3: clickplane:environment: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got \"Dev\")",
              file
                  + ":10: clickplane:organisations[0].services[0].shards: must be at least 2 for mode sharded (got 1)",
              file
                  + ":11: clickplane:organisations[0].services[1].colour: unknown key; allowed: name, mode, shards, replicas, version, resources, storage, backup, deletionProtection, coordinator, allow, databases, endpoint, access, upgrade, restoreFrom, maintenance, state",
              file
                  + ":11: clickplane:organisations[0].services[1].replicas: must be 1 for mode single (got 2); use mode replicated for more replicas");
      assertThat(run.err()).contains("5 problems; nothing was changed.");
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void aCredentialInTheRepositoryUrlIsNeverRepeated() {
    for (String[] c :
        new String[][] {
          {"gitops-repository-credential.yaml", "ghp_NotARealToken0123", "fleet-bot"},
          {"gitops-repository-ssh-password.yaml", "hunter2", "deploy:"}
        }) {
      CliRun run = CliRun.of("validate", "--config", DIR.resolve(c[0]).toString());
      assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
      assertThat(run.err()).contains("***@").doesNotContain(c[1]).doesNotContain(c[2]);
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void aMissingFileIsAnInputError() {
    CliRun run = CliRun.of("validate", "--config", "stacks/Pulumi.nope.yaml");
    assertThat(run.exitCode()).isEqualTo(Clickplane.INVALID);
    assertThat(run.err()).startsWith("stacks/Pulumi.nope.yaml: (file): no such file");
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  void theShippedStacksAreValid() {
    for (String stack : List.of("dev", "prod")) {
      Path file = Repo.stackFile(stack);
      CliRun run = CliRun.of("validate", "--config", file.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(Clickplane.OK);
      assertThat(run.out()).startsWith(file + ": valid (environment " + stack + ",");
    }
  }
}
