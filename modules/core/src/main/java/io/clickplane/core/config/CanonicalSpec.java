package io.clickplane.core.config;

import io.clickplane.core.config.section.Key;
import io.clickplane.core.config.section.Sections;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.PlatformSpec;
import java.util.Map;

/**
 * The canonical text of a {@link PlatformSpec}: a stack file with every default written out, keys
 * sorted. Reading it back with {@link StackConfig#parse} gives an equal spec, so it doubles as the
 * snapshot of what was published, which the change guards compare against.
 */
public final class CanonicalSpec {
  private CanonicalSpec() {}

  /** Path, inside a rendered tree, of the snapshot of the spec it was rendered from. */
  public static String snapshotPath(String environment) {
    return ".clickplane/" + environment + "/spec.yaml";
  }

  /**
   * The spec as a stack file: each section's keys write themselves ({@link Key#writes}), every
   * default included; Pulumi secrets are left out.
   */
  public static String write(PlatformSpec spec) {
    return "# Canonical clickplane spec: every default written out. Generated; do not edit.\n"
        + Yaml.write(Map.of("config", Sections.topLevel().write(spec)));
  }
}
