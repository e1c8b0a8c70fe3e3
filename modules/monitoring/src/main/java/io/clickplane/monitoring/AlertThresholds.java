package io.clickplane.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every number the alert rules compare against, in one place. {@code docs/runbooks.md} lists them
 * with these defaults (a test keeps the two in step).
 *
 * @param replicaDelaySeconds a replica this far behind the freshest replica of its table warns
 * @param partsPerPartitionWarning active parts in one partition that warn (ClickHouse delays
 *     inserts at 1000 by default, {@code parts_to_delay_insert})
 * @param partsPerPartitionCritical active parts in one partition that page
 * @param mutationsQueued unfinished mutations of one table that warn
 * @param mergesQueued merges waiting in a replica's replication queue that warn
 * @param diskUsageWarning used fraction of a ClickHouse disk (volume) that warns
 * @param diskUsageCritical used fraction of a ClickHouse disk (volume) that pages
 * @param memoryUsage fraction of the container's memory that ClickHouse tracks as used (the server
 *     refuses queries at 0.9 by default, {@code max_server_memory_usage_to_ram_ratio})
 * @param coordinatorOutstandingRequests requests queued in a ZooKeeper or Keeper node that warn
 * @param podRestartsPerHour container restarts of a service's pod within an hour that warn
 * @param installationNotCompletedMinutes how long a ClickHouseInstallation may stay other than
 *     {@code Completed}
 * @param backupGraceSeconds how long after the schedule's next run was due a backup may still be
 *     missing (the run's own duration)
 * @param drillGraceSeconds how long after the schedule's next run was due a restore drill may still
 *     be missing (the drill's start and run deadlines, 1 h + 6 h, as {@code backups verify})
 * @param certificateExpiryDays days before a certificate's expiry that warn
 */
public record AlertThresholds(
    int replicaDelaySeconds,
    int partsPerPartitionWarning,
    int partsPerPartitionCritical,
    int mutationsQueued,
    int mergesQueued,
    double diskUsageWarning,
    double diskUsageCritical,
    double memoryUsage,
    int coordinatorOutstandingRequests,
    int podRestartsPerHour,
    int installationNotCompletedMinutes,
    int backupGraceSeconds,
    int drillGraceSeconds,
    int certificateExpiryDays) {

  public static final AlertThresholds DEFAULT =
      new AlertThresholds(300, 300, 1000, 10, 100, 0.80, 0.90, 0.85, 10, 3, 30, 7200, 25200, 14);

  public AlertThresholds {
    if (!(diskUsageWarning < diskUsageCritical && diskUsageCritical < 1)) {
      throw new IllegalArgumentException("disk usage thresholds must rise and stay below 1");
    }
    if (partsPerPartitionWarning >= partsPerPartitionCritical) {
      throw new IllegalArgumentException("parts per partition thresholds must rise");
    }
  }

  /** Name → value, in declaration order, as the runbook's table shows them. */
  public Map<String, Number> asMap() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("replicaDelaySeconds", replicaDelaySeconds);
    m.put("partsPerPartitionWarning", partsPerPartitionWarning);
    m.put("partsPerPartitionCritical", partsPerPartitionCritical);
    m.put("mutationsQueued", mutationsQueued);
    m.put("mergesQueued", mergesQueued);
    m.put("diskUsageWarning", diskUsageWarning);
    m.put("diskUsageCritical", diskUsageCritical);
    m.put("memoryUsage", memoryUsage);
    m.put("coordinatorOutstandingRequests", coordinatorOutstandingRequests);
    m.put("podRestartsPerHour", podRestartsPerHour);
    m.put("installationNotCompletedMinutes", installationNotCompletedMinutes);
    m.put("backupGraceSeconds", backupGraceSeconds);
    m.put("drillGraceSeconds", drillGraceSeconds);
    m.put("certificateExpiryDays", certificateExpiryDays);
    return m;
  }
}
