package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.testing.Golden;
import io.clickplane.core.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code clickplane invoice} of the dev and prod stacks over a fixed history (published in October,
 * one service's data disk doubled mid-November), in every format, byte for byte.
 */
class InvoiceGoldenTest {
  @TempDir Path dir;

  @AfterEach
  void resetClock() {
    InvoiceCommand.clock = Clock.systemUTC();
  }

  @ParameterizedTest
  @CsvSource({
    "dev, table, txt",
    "dev, json, json",
    "dev, csv, csv",
    "prod, table, txt",
    "prod, json, json",
    "prod, csv, csv"
  })
  void invoiceMatchesGolden(String stack, String output, String extension) throws Exception {
    String text = Files.readString(Repo.stackFile(stack));
    String resized =
        Pattern.compile("size: (\\d+)(Gi|Ti)")
            .matcher(text)
            .replaceFirst(m -> "size: " + 2 * Integer.parseInt(m.group(1)) + m.group(2));
    assertThat(resized).isNotEqualTo(text);
    Path git =
        PublishedHistory.write(
            dir.resolve("flux.git"),
            Map.of(
                Instant.parse("2026-10-20T00:00:00Z"),
                StackConfig.parse("before.yaml", text),
                Instant.parse("2026-11-10T12:00:00Z"),
                StackConfig.parse("after.yaml", resized)));
    InvoiceCommand.clock = Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC);
    CliRun run =
        CliRun.of(
            "invoice",
            "--config",
            Repo.stackFile(stack).toString(),
            "--repo",
            git.toString(),
            "--month",
            "2026-11",
            "--output",
            output,
            "--backups",
            "estimate");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("acme").contains("2026-11-10 12:00");
    Golden.assertMatches("invoice/" + stack + "." + extension, run.out());
  }
}
