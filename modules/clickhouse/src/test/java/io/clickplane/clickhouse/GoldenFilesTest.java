package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rendered files of the four service shapes, compared byte for byte with {@code
 * src/test/resources/golden/<variant>/}. The dev stack holds one of each: {@code acme/scratch}
 * (single), {@code acme/events} (1 shard × 3 replicas), {@code globex/clicks} (2 × 3, two io2
 * disks) and {@code initech/reports} (ClickHouse Keeper).
 *
 * <p>After an intended change, regenerate with {@code -Dclickplane.updateGolden=true} and review
 * the diff like code: {@code ./mvnw -q -B -o -pl modules/clickhouse -am test -Dtest=GoldenFilesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dclickplane.updateGolden=true}.
 */
class GoldenFilesTest {
  private static final boolean UPDATE = Boolean.getBoolean("clickplane.updateGolden");
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "single, acme/scratch",
    "replicated-1x3, acme/events",
    "sharded-2x3, globex/clicks",
    "keeper, initech/reports",
    "storageclasses, ''",
  })
  void matchesGoldenFiles(String variant, String service) throws IOException {
    PlatformSpec dev = Stacks.load("dev");
    String dir =
        service.isEmpty()
            ? ClickHouseRenderer.storageClassDirectory("dev")
            : "tenants/dev/" + service;
    ManifestSet rendered = ClickHouseRenderer.render(dev).under(dir);
    assertThat(rendered.size()).isPositive();
    Path golden = GOLDEN.resolve(variant);
    if (UPDATE) {
      if (Files.isDirectory(golden)) {
        try (Stream<Path> old = Files.list(golden)) {
          for (Path p : old.toList()) {
            Files.delete(p);
          }
        }
      }
      Files.createDirectories(golden);
      for (String path : rendered.paths()) {
        Files.write(golden.resolve(path.substring(dir.length() + 1)), rendered.bytes(path));
      }
      return;
    }
    SortedSet<String> expected = new TreeSet<>();
    try (Stream<Path> files = Files.list(golden)) {
      files.forEach(p -> expected.add(p.getFileName().toString()));
    }
    SortedSet<String> actual = new TreeSet<>();
    rendered.paths().forEach(p -> actual.add(p.substring(dir.length() + 1)));
    assertThat(actual).as("files rendered for " + variant).isEqualTo(expected);
    List<String> diffs = new ArrayList<>();
    for (String name : actual) {
      String want = Files.readString(golden.resolve(name), StandardCharsets.UTF_8);
      String got = rendered.text(dir + "/" + name);
      if (!want.equals(got)) {
        diffs.add(diff(variant + "/" + name, want, got));
      }
    }
    assertThat(diffs)
        .as("golden files differ (regenerate with -Dclickplane.updateGolden=true if intended)")
        .isEmpty();
  }

  /** The first differing lines, with line numbers, readable in a test report. */
  static String diff(String name, String want, String got) {
    String[] a = want.split("\n", -1);
    String[] b = got.split("\n", -1);
    StringBuilder out = new StringBuilder(name).append(":\n");
    int shown = 0;
    for (int i = 0; i < Math.max(a.length, b.length) && shown < 12; i++) {
      String x = i < a.length ? a[i] : "<missing>";
      String y = i < b.length ? b[i] : "<missing>";
      if (!x.equals(y)) {
        out.append("  line ")
            .append(i + 1)
            .append("\n    - ")
            .append(x)
            .append("\n    + ")
            .append(y)
            .append('\n');
        shown++;
      }
    }
    return out.toString();
  }
}
