package io.clickplane.backup.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.spec.BackupSpec;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
  @ParameterizedTest
  @CsvSource({
    "'0 2 * * *', PT24H",
    "'30 3 * * *', PT24H",
    "'0 */6 * * *', PT6H",
    "'15,45 * * * *', PT30M",
    "'0 0,20 * * *', PT20H",
    "'0 2 * * 1-5', PT72H",
    "'0 2 * * 0', PT168H",
    "'0 2 * * 7', PT168H",
    "'0 0 1 * *', PT744H",
    "'0 0 1,15 * 1', PT168H",
    "'@hourly', PT1H",
    "'@daily', PT24H",
    "'@weekly', PT168H",
    "'*/5 * * * *', PT5M"
  })
  void longestGapBetweenRuns(String cron, Duration expected) {
    assertThat(CronSchedule.parse(cron).maxInterval()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "'0 2 * * *', PT24H, PT1H, PT6H, PT31H",
    "'0 */6 * * *', PT6H, PT1H, PT6H, PT13H",
    "'*/30 * * * *', PT30M, PT30M, PT30M, PT1H30M"
  })
  void timingFollowsTheSchedule(
      String cron, Duration interval, Duration starting, Duration active, Duration fresh) {
    BackupTiming t = BackupTiming.of(new BackupSpec(cron, 7, true));
    assertThat(t.maxInterval()).isEqualTo(interval);
    assertThat(t.startingDeadline()).isEqualTo(starting);
    assertThat(t.activeDeadline()).isEqualTo(active);
    assertThat(t.freshnessLimit()).isEqualTo(fresh);
  }
}
