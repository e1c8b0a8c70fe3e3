package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.manifest.FastYaml;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.SyntheticFleet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The renderer's output does not depend on which YAML writer serialises it: every file of the dev
 * and prod fleets, and of a synthetic fleet of 1,000 services, is byte-identical whether written by
 * core's reference writer ({@link Yaml}, Jackson over SnakeYAML) or by {@link FastYaml}'s fast path
 * alone (no document falls back to the reference writer).
 */
class FastYamlFleetTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod", "synthetic-1000"})
  void fastWriterRendersTheSameBytes(String fleet) {
    PlatformSpec spec =
        fleet.startsWith("synthetic")
            ? SyntheticFleet.of(Stacks.load("dev"), 1000, 10)
            : Stacks.load(fleet);
    ManifestSet reference = ClickHouseRenderer.render(spec, Yaml::reference);
    ManifestSet fast = ClickHouseRenderer.render(spec, FastYaml::writeFastOnly);

    assertThat(fast.paths()).isEqualTo(reference.paths());
    for (String path : reference.paths()) {
      assertThat(fast.text(path)).as(path).isEqualTo(reference.text(path));
    }
    assertThat(fast).isEqualTo(reference).isEqualTo(ClickHouseRenderer.render(spec));
    assertThat(reference.size()).isGreaterThan(fleet.startsWith("synthetic") ? 6000 : 10);
  }
}
