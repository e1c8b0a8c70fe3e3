package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clickplane cost}, {@code clickplane invoice} and the cost line of a publish. */
class CostCommandTest {
  @TempDir Path project;
  private Path stack;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void copyStack() throws Exception {
    Files.createDirectories(project.resolve("stacks"));
    stack = project.resolve("stacks/Pulumi.dev.yaml");
    Files.copy(Repo.stackFile("dev"), stack);
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Clickplane.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void tableJsonAndCsvAgreeOnTheTotal() {
    assertThat(run("cost", "--config", stack.toString())).as(err.toString()).isZero();
    Matcher total = Pattern.compile("(?m)^total +([0-9.]+)$").matcher(out.toString());
    assertThat(total.find()).as(out.toString()).isTrue();
    BigDecimal table = new BigDecimal(total.group(1));

    assertThat(run("cost", "--config", stack.toString(), "--output", "json")).isZero();
    assertThat(out.toString()).contains("\"total\" : \"" + table.toPlainString() + "\"");

    assertThat(run("cost", "--config", stack.toString(), "--output", "csv")).isZero();
    BigDecimal sum =
        out.toString()
            .lines()
            .skip(1)
            .map(l -> new BigDecimal(l.substring(l.lastIndexOf(',') + 1)))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(sum).isEqualByComparingTo(table);
  }

  @Test
  void oneOrganisationAndBadOptionsAreRefusedClearly() {
    assertThat(run("cost", "--config", stack.toString(), "--org", "acme")).isZero();
    assertThat(out.toString()).contains("acme/events").doesNotContain("globex");
    assertThat(run("cost", "--config", stack.toString(), "--org", "nobody")).isEqualTo(2);
    assertThat(err.toString()).contains("--org nobody: no such organisation");
    assertThat(run("cost", "--config", stack.toString(), "--output", "xml")).isEqualTo(2);
    assertThat(err.toString()).contains("--output must be one of table, json, csv");
    assertThat(run("invoice", "--config", stack.toString(), "--month", "2026-13")).isEqualTo(2);
    assertThat(err.toString()).contains("--month must be YYYY-MM");
    assertThat(run("invoice", "--config", stack.toString(), "--month", "2999-01")).isEqualTo(2);
    assertThat(err.toString()).contains("is not over yet");
  }

  @Test
  void aPublishThatDoublesAServicesStorageShowsTheDifference() throws Exception {
    assertThat(run("publish", "--config", stack.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Monthly estimate", "total dev: none -> ");

    String text = Files.readString(stack);
    Files.writeString(stack, text.replace("size: 50Gi", "size: 100Gi"));
    assertThat(run("publish", "--config", stack.toString(), "--direct"))
        .as(err.toString())
        .isZero();
    // scratch (single, gp3 in eu-west-1): 50 GiB more data × 0.088 and 50 GiB more in the
    // backup estimate × 0.023 = 4.40 + 1.15
    assertThat(out.toString())
        .containsPattern("acme: [0-9.]+ -> [0-9.]+ \\(\\+5\\.55\\)")
        .containsPattern("total dev: [0-9.]+ -> [0-9.]+ \\(\\+5\\.55\\)")
        .doesNotContain("globex: ");
    try (Repository repo =
            new FileRepositoryBuilder()
                .setGitDir(project.resolve(".clickplane/flux.git").toFile())
                .build();
        RevWalk walk = new RevWalk(repo)) {
      String message = walk.parseCommit(repo.resolve("refs/heads/main")).getFullMessage();
      assertThat(message).contains("Monthly estimate").containsPattern("acme: .*\\(\\+5\\.55\\)");
    }

    // and the month's invoice reads that history back (nothing is over yet in it: no lines
    // before the first publish)
    assertThat(
            run(
                "invoice",
                "--config",
                stack.toString(),
                "--month",
                "2026-10",
                "--backups",
                "estimate"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("Invoice 2026-10 for dev").doesNotContain("acme/");
    assertThat(List.of(out.toString().split("\n"))).anyMatch(l -> l.startsWith("total"));
  }
}
