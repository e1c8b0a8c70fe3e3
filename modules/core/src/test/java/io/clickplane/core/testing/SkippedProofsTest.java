package io.clickplane.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** A skipped proof is never silent: it is listed, with its reason, at the end of the run. */
class SkippedProofsTest {
  /** Tests of a module whose real counterparts are partly missing (run by the test below only). */
  static class Sample {
    @Test
    void runs() {}

    @Test
    void needsAnEngine() {
      Assumptions.assumeTrue(false, "libchdb.so is not installed; install it with: npm install x");
    }

    @Test
    @Disabled("promtool is not installed")
    void needsPromtool() {}
  }

  /** Tests where every proof runs. */
  static class AllRun {
    @Test
    void runs() {}
  }

  private static String run(Class<?> tests, Path file) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Launcher launcher =
        LauncherFactory.create(
            LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new SkippedProofs(file, out))
                .build());
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tests)).build());
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everySkippedOrAbortedTestIsListedWithItsReason(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("target/skipped-proofs/core.txt");
    String printed = run(Sample.class, file);
    assertThat(printed)
        .contains("clickplane: 2 proofs SKIPPED in ")
        .contains("Sample.needsAnEngine: Assumption failed: libchdb.so is not installed;")
        .contains("Sample.needsPromtool: promtool is not installed")
        .doesNotContain("Sample.runs");
    assertThat(Files.readString(file)).isEqualTo(printed);
  }

  @Test
  void aRunWhereEveryProofRanPrintsNothingAndForgetsTheLastList(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("target/skipped-proofs/core.txt");
    run(Sample.class, file);
    assertThat(file).exists();
    assertThat(run(AllRun.class, file)).isEmpty();
    assertThat(file).doesNotExist();
  }

  @Test
  void theBuildRegistersTheListener() throws Exception {
    String services =
        new String(
            SkippedProofsTest.class
                .getResourceAsStream(
                    "/META-INF/services/org.junit.platform.launcher.TestExecutionListener")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(services.strip()).isEqualTo(SkippedProofs.class.getName());
  }
}
