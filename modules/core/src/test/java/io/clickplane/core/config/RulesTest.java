package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RulesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 2 * * *",
        "*/15 * * * *",
        "0 0-23/6 * * 1-5",
        "30 3 1,15 * 0",
        "0 0 * 12 7",
        "@daily",
        "@hourly"
      })
  void acceptsCronExpressions(String cron) {
    assertThat(Rules.cron(cron)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 2 * *",
        "60 * * * *",
        "0 24 * * *",
        "0 0 0 * *",
        "0 0 * 13 *",
        "0 0 * * 8",
        "*/0 * * * *",
        "5-1 * * * *",
        "a * * * *",
        "@fortnightly"
      })
  void rejectsBadCronExpressions(String cron) {
    assertThat(Rules.cron(cron)).isPresent();
  }

  @Test
  void cidrChecksSyntaxPrefixAndHostBits() {
    assertThat(Rules.cidr("10.40.0.0/16", 16, 20)).isEmpty();
    assertThat(Rules.cidr("0.0.0.0/0", 0, 32)).isEmpty();
    assertThat(Rules.cidr("198.51.100.17/32", 0, 32)).isEmpty();
    assertThat(Rules.cidr("10.40.0.0", 16, 20)).get().asString().contains("IPv4 CIDR");
    assertThat(Rules.cidr("10.040.0.0/16", 16, 20)).get().asString().contains("IPv4 CIDR");
    assertThat(Rules.cidr("10.40.0.0/33", 0, 32)).get().asString().contains("IPv4 CIDR");
    assertThat(Rules.cidr("10.40.0.0/8", 16, 20)).get().asString().contains("from /16 to /20");
    assertThat(Rules.cidr("10.40.3.0/16", 16, 20)).get().asString().contains("10.40.0.0/16");
  }

  @Test
  void dnsLabelsAndDomains() {
    assertThat(Rules.dnsLabel("acme-2")).isEmpty();
    assertThat(Rules.dnsLabel("-acme")).isPresent();
    assertThat(Rules.dnsLabel("acme-")).isPresent();
    assertThat(Rules.dnsLabel("Acme")).isPresent();
    assertThat(Rules.dnsLabel("a".repeat(64))).get().asString().contains("at most 63");
    assertThat(Rules.domain("ch.example.com")).isEmpty();
    assertThat(Rules.domain("example")).isPresent();
    assertThat(Rules.domain("ch..example.com")).isPresent();
    assertThat(Rules.domain("CH.example.com")).isPresent();
  }

  @Test
  void clickhouseVersions() {
    assertThat(Rules.clickhouseVersion("24.8")).isEmpty();
    assertThat(Rules.clickhouseVersion("25.3")).isEmpty();
    assertThat(Rules.clickhouseVersion("24.08"))
        .get()
        .asString()
        .contains("24.8, 25.3, 25.8 or 26.3")
        .contains("got \"24.08\"")
        .contains("write \"24.8\"");
    assertThat(Rules.clickhouseVersion("24.8.14.39"))
        .get()
        .asString()
        .contains("write \"24.8\" (the platform pins its patch release)");
    assertThat(Rules.clickhouseVersion("24.8.14")).isPresent();
    assertThat(Rules.clickhouseVersion("22.8")).get().asString().doesNotContain("write");
    assertThat(Rules.clickhouseVersion("24.9")).isPresent();
    assertThat(Rules.clickhouseVersion("latest")).isPresent();
  }

  @Test
  void s3BucketRules() {
    assertThat(Rules.s3Bucket("clickplane-dev-acme-backup")).isEmpty();
    assertThat(Rules.s3Bucket("ab")).get().asString().contains("3 to 63");
    assertThat(Rules.s3Bucket("a".repeat(64))).get().asString().contains("3 to 63");
    assertThat(Rules.s3Bucket("Upper-case")).isPresent();
    assertThat(Rules.s3Bucket("a..b")).get().asString().contains("adjacent periods");
    assertThat(Rules.s3Bucket("192.168.5.4")).get().asString().contains("IP address");
    assertThat(Rules.s3Bucket("xn--bucket")).get().asString().contains("xn--");
    assertThat(Rules.s3Bucket("bucket-s3alias")).get().asString().contains("-s3alias");
  }

  @Test
  void branchesAndRepositories() {
    assertThat(Rules.branch("main")).isEmpty();
    assertThat(Rules.branch("release/2026.1")).isEmpty();
    assertThat(Rules.branch("a..b")).isPresent();
    assertThat(Rules.branch("a b")).isPresent();
    assertThat(Rules.branch("x.lock")).isPresent();
    assertThat(Rules.gitRepository("")).isEmpty();
    assertThat(Rules.gitRepository("https://git.example.com/fleet.git")).isEmpty();
    assertThat(Rules.gitRepository("git@github.com:acme/fleet.git")).isEmpty();
    assertThat(Rules.gitRepository("../fleet.git")).isEmpty();
    assertThat(Rules.gitRepository("https://has space/x.git")).isPresent();
  }

  @Test
  void suggestionsFindCloseKeysOnly() {
    assertThat(Suggestions.didYouMean("shard", java.util.List.of("shards", "replicas")))
        .isEqualTo(" (did you mean \"shards\"?)");
    assertThat(Suggestions.didYouMean("colour", java.util.List.of("shards", "replicas"))).isEmpty();
  }
}
