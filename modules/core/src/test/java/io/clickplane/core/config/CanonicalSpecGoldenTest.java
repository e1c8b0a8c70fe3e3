package io.clickplane.core.config;

import io.clickplane.core.testing.Golden;
import io.clickplane.core.testing.Repo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spec parsed from each shipped stack, printed canonically, equals its checked-in golden file.
 */
class CanonicalSpecGoldenTest {
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void stackSpecMatchesGolden(String stack) throws Exception {
    Golden.assertMatches(
        "spec/" + stack + ".yaml", CanonicalSpec.write(StackConfig.load(Repo.stackFile(stack))));
  }
}
