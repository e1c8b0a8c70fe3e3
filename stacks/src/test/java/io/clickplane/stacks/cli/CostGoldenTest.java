package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.testing.Golden;
import io.clickplane.core.testing.Repo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code clickplane cost} of the dev and prod stacks, in every format, byte for byte. */
class CostGoldenTest {
  @ParameterizedTest
  @CsvSource({
    "dev, table, txt",
    "dev, json, json",
    "dev, csv, csv",
    "prod, table, txt",
    "prod, json, json",
    "prod, csv, csv"
  })
  void costMatchesGolden(String stack, String output, String extension) {
    CliRun run =
        CliRun.of(
            "cost",
            "--config",
            Repo.stackFile(stack).toString(),
            "--output",
            output,
            "--backups",
            "estimate");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("acme");
    Golden.assertMatches("cost/" + stack + "." + extension, run.out());
  }
}
