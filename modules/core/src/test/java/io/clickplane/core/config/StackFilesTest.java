package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.spec.Mode;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import org.junit.jupiter.api.Test;

class StackFilesTest {
  @Test
  void devStackLoads() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    assertThat(spec.environment()).isEqualTo("dev");
    assertThat(spec.organisations()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(spec.organisations().stream().flatMap(o -> o.services().stream()).map(s -> s.mode()))
        .contains(Mode.SINGLE, Mode.REPLICATED, Mode.SHARDED);
    assertThat(
            spec.organisations().stream()
                .flatMap(o -> o.services().stream())
                .filter(s -> s.mode() == Mode.SHARDED)
                .map(s -> s.shards()))
        .contains(2);
  }

  @Test
  void prodStackLoads() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("prod"));
    assertThat(spec.environment()).isEqualTo("prod");
  }

  @Test
  void canonicalTextReadsBackToTheSameSpec() throws Exception {
    for (String stack : new String[] {"dev", "prod"}) {
      PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
      String canonical = CanonicalSpec.write(spec);
      assertThat(StackConfig.parse("snapshot", canonical)).isEqualTo(spec);
      assertThat(CanonicalSpec.write(StackConfig.parse("snapshot", canonical)))
          .isEqualTo(canonical);
    }
  }
}
