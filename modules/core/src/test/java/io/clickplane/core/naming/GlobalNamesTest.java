package io.clickplane.core.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.Rules;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bucket and IAM role names are global in an AWS account (buckets: in all of AWS), and several
 * environments share an account: the name derived from (bucket prefix, environment, organisation)
 * must never be the same for two different triples.
 */
class GlobalNamesTest {
  @Test
  void theReportedCollisionIsGone() throws Exception {
    PlatformSpec dev = spec("clickplane", "dev");
    PlatformSpec devEu = spec("clickplane", "dev-eu");
    assertThat(Naming.backupBucket(dev, "eu-acme"))
        .isNotEqualTo(Naming.backupBucket(devEu, "acme"));
    assertThat(Naming.backupRole(dev, "eu-acme")).isNotEqualTo(Naming.backupRole(devEu, "acme"));
    PlatformSpec prefixed = spec("clickplane-dev", "eu");
    assertThat(Naming.backupBucket(prefixed, "acme"))
        .isNotEqualTo(Naming.backupBucket(devEu, "acme"));
  }

  @Test
  void namesWithoutAnAmbiguousPartKeepTheirForm() throws Exception {
    assertThat(Naming.backupBucket(spec("clickplane", "prod"), "acme"))
        .isEqualTo("clickplane-prod-acme-backup");
    assertThat(Naming.backupBucket(spec("clickplane", "prod"), "eu-acme"))
        .isEqualTo("clickplane-prod-eu-acme-backup");
    assertThat(Naming.backupBucket(spec("clickplane", "dev-eu"), "acme"))
        .isEqualTo("clickplane--dev-eu--acme--backup");
  }

  /**
   * Every triple of parts built from a small alphabet (all DNS labels of up to three characters
   * over {@code a}, {@code b} and {@code -} that validation accepts) gets its own bucket and role
   * name.
   */
  @Test
  void everyTripleOfValidPartsGetsItsOwnName() throws Exception {
    List<String> parts = new ArrayList<>();
    collect("", parts);
    parts.removeIf(p -> Rules.dnsLabel(p).isPresent() || Rules.namePart(p).isPresent());
    assertThat(parts).contains("a", "a-b", "ab", "bab").doesNotContain("a--", "a-");
    Map<String, String> seen = new HashMap<>();
    for (String prefix : parts) {
      for (String env : parts) {
        PlatformSpec spec = spec(prefix, env);
        for (String org : parts) {
          String triple = prefix + " / " + env + " / " + org;
          String bucket = Naming.backupBucket(spec, org);
          assertThat(Naming.backupRole(spec, org)).isEqualTo(bucket);
          String before = seen.putIfAbsent(bucket, triple);
          assertThat(before).as("%s and %s both give %s", before, triple, bucket).isNull();
        }
      }
    }
    assertThat(seen).hasSize(18 * 18 * 18);
  }

  @Test
  void aDoubleHyphenInAPartIsRefusedWithItsLine() throws Exception {
    String dev = Files.readString(Repo.stackFile("dev"));
    assertThatThrownBy(
            () ->
                StackConfig.parse(
                    "dev.yaml",
                    dev.replace("clickplane:environment: dev", "clickplane:environment: dev--eu")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(
            "dev.yaml:4: clickplane:environment: must not contain \"--\": it separates the parts of"
                + " bucket and IAM role names");
    assertThatThrownBy(
            () -> StackConfig.parse("dev.yaml", dev.replace("- name: globex", "- name: glo--bex")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("clickplane:organisations[1].name: must not contain \"--\"");
  }

  private static void collect(String prefix, List<String> out) {
    if (prefix.length() == 3) {
      return;
    }
    for (char c : new char[] {'a', 'b', '-'}) {
      String next = prefix + c;
      out.add(next);
      collect(next, out);
    }
  }

  private static PlatformSpec dev;

  private static PlatformSpec spec(String bucketPrefix, String environment) throws Exception {
    if (dev == null) {
      dev = StackConfig.load(Repo.stackFile("dev"));
    }
    return new PlatformSpec(
        environment,
        dev.region(),
        dev.domain(),
        bucketPrefix,
        dev.network(),
        dev.eks(),
        dev.gitops(),
        List.of());
  }
}
