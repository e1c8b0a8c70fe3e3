package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.spec.ReleaseOrder;
import org.junit.jupiter.api.Test;

/** Values accepted only as their consumers (Prometheus, Go's netip, Git hosts) accept them. */
class ConsumerGrammarTest {
  @Test
  void prometheusDurationsFollowTheOperatorsPatternAndFitSixtyFourBits() {
    assertThat(PrometheusDuration.millis("15d")).contains(15L * 24 * 3600 * 1000);
    assertThat(PrometheusDuration.millis("1w2d")).contains(9L * 24 * 3600 * 1000);
    assertThat(PrometheusDuration.millis("1h30m")).contains(5_400_000L);
    assertThat(PrometheusDuration.millis("15d15d")).isEmpty();
    assertThat(PrometheusDuration.millis("1h1d")).isEmpty();
    assertThat(PrometheusDuration.millis("99999999999999999999y")).isEmpty();
    assertThat(PrometheusDuration.check("0")).hasValueSatisfying(m -> assertThat(m).contains("0"));
    assertThat(PrometheusDuration.check("30d")).isEmpty();
  }

  @Test
  void cidrPrefixesWithALeadingZeroAreRefused() {
    assertThat(Rules.cidr("10.0.0.0/8", 0, 32)).isEmpty();
    assertThat(Rules.cidr("10.0.0.0/08", 0, 32)).isPresent();
    assertThat(Rules.cidr("0.0.0.0/0", 0, 32)).isEmpty();
    assertThat(Rules.cidr("0.0.0.0/00", 0, 32)).isPresent();
  }

  @Test
  void secretKeysTheKubeletUsesAreRefused() {
    assertThat(Rules.secretKey("webhook-url")).isEmpty();
    assertThat(Rules.secretKey(".")).isPresent();
    assertThat(Rules.secretKey("..")).isPresent();
    assertThat(Rules.secretKey("..data")).isPresent();
  }

  @Test
  void aTokenInAUrlQueryIsACredentialAndIsRedacted() {
    String url = "https://gitlab.example.com/a/b.git?private_token=glpat-x1&ref=main";
    assertThat(GitUrls.credential(url)).contains("glpat-x1");
    assertThat(GitUrls.redact("cannot reach " + url))
        .isEqualTo("cannot reach https://gitlab.example.com/a/b.git?private_token=***&ref=main");
    assertThat(GitUrls.redact("s3 at https://b.s3.amazonaws.com/k?X-Amz-Signature=abc"))
        .doesNotContain("abc");
    assertThat(GitUrls.credential("https://github.com/acme/fleet.git")).isEmpty();
  }

  @Test
  void releaseLinesAreOrderedAsNumbers() {
    assertThat(ReleaseOrder.isDowngrade("25.3", "24.8")).isTrue();
    assertThat(ReleaseOrder.isDowngrade("25.8", "25.3")).isTrue();
    assertThat(ReleaseOrder.isDowngrade("26.3", "25.8")).isTrue();
    assertThat(ReleaseOrder.isDowngrade("24.8", "25.3")).isFalse();
    assertThat(ReleaseOrder.isDowngrade("24.8.6.70", "24.8")).isFalse();
    assertThat(ReleaseOrder.isDowngrade("9.12", "10.1")).isFalse();
  }

  @Test
  void impossibleBackupDatesAreRefused() {
    assertThat(Rules.backupId("20261130T020000Z")).isEmpty();
    assertThat(Rules.backupId("20261331T250000Z")).isPresent();
    assertThat(Rules.backupId("20260230T020000Z")).isPresent();
  }
}
