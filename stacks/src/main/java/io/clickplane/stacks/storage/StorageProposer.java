package io.clickplane.stacks.storage;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.ServiceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, for every service of a fleet, whether its data disks grow and to what: a pure function
 * of the spec, the measured volumes, the last disk modifications and the time.
 *
 * <p>A service's data disks share one size, so the fullest of its volumes (every data disk of every
 * replica) decides. A disk grows once that volume is at least the threshold used, following {@link
 * StepRule}, unless EBS's modification cooldown ({@link #EBS_COOLDOWN} after the last modification
 * of the volume) has not passed or the disk is at its limit.
 */
public final class StorageProposer {
  /**
   * EBS accepts one modification of a volume per six hours (Amazon EBS User Guide, "Requirements
   * for EBS volume modifications"): a resize proposed sooner would fail in the CSI driver.
   */
  public static final Duration EBS_COOLDOWN = Duration.ofHours(6);

  /** Default threshold, in percent used. */
  public static final int DEFAULT_THRESHOLD = 80;

  private StorageProposer() {}

  /**
   * The verdict per service, in stack-file order.
   *
   * @param usage namespace + "/" + claim → usage, as {@link VolumeMetrics#read} returns it
   * @param lastModified organisation + "/" + service → when its disk size last changed
   * @param thresholdPercent usage from which a disk grows
   */
  public static List<StorageProposal> propose(
      PlatformSpec spec,
      Map<String, VolumeUsage> usage,
      Map<String, Instant> lastModified,
      int thresholdPercent,
      Instant now) {
    List<StorageProposal> out = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec s : org.services()) {
        out.add(proposal(org.name(), s, usage, lastModified, thresholdPercent, now));
      }
    }
    return out;
  }

  private static StorageProposal proposal(
      String org,
      ServiceSpec s,
      Map<String, VolumeUsage> usage,
      Map<String, Instant> lastModified,
      int thresholdPercent,
      Instant now) {
    String namespace = Naming.namespace(org);
    int volumes = 0;
    int measured = 0;
    VolumeUsage fullest = null;
    for (int shard = 0; shard < s.shards(); shard++) {
      for (int replica = 0; replica < s.replicas(); replica++) {
        for (int disk = 0; disk < s.storage().disks(); disk++) {
          volumes++;
          String claim =
              Naming.persistentVolumeClaim(Naming.dataVolume(disk), s.name(), shard, replica);
          VolumeUsage u = usage.get(namespace + "/" + claim);
          if (u != null) {
            measured++;
            if (fullest == null || u.usedFraction() > fullest.usedFraction()) {
              fullest = u;
            }
          }
        }
      }
    }
    String size = s.storage().size();
    if (fullest == null) {
      return new StorageProposal(
          org,
          s.name(),
          size,
          volumes,
          0,
          0,
          0,
          Optional.empty(),
          StorageProposal.Status.NO_METRICS,
          Optional.empty());
    }
    long used = fullest.usedBytes();
    long capacity = fullest.capacityBytes();
    if (fullest.usedFraction() * 100 < thresholdPercent) {
      return verdict(org, s, volumes, measured, fullest, StorageProposal.Status.OK, null, null);
    }
    long current = Quantities.bytes(size);
    // the filesystem is a little smaller than the volume: size for the bytes used on the volume
    long usedOnVolume = capacity > 0 ? (long) Math.ceil((double) used * current / capacity) : used;
    long grown = StepRule.grow(current, usedOnVolume, s.storage().maxBytes());
    if (grown <= current) {
      return verdict(
          org, s, volumes, measured, fullest, StorageProposal.Status.AT_LIMIT, null, null);
    }
    Instant last = lastModified.get(org + "/" + s.name());
    if (last != null && last.plus(EBS_COOLDOWN).isAfter(now)) {
      return verdict(
          org,
          s,
          volumes,
          measured,
          fullest,
          StorageProposal.Status.COOLDOWN,
          null,
          last.plus(EBS_COOLDOWN));
    }
    return verdict(
        org,
        s,
        volumes,
        measured,
        fullest,
        StorageProposal.Status.GROW,
        StepRule.quantity(grown),
        null);
  }

  private static StorageProposal verdict(
      String org,
      ServiceSpec s,
      int volumes,
      int measured,
      VolumeUsage fullest,
      StorageProposal.Status status,
      String proposed,
      Instant cooldownUntil) {
    return new StorageProposal(
        org,
        s.name(),
        s.storage().size(),
        volumes,
        measured,
        fullest.usedBytes(),
        fullest.capacityBytes(),
        Optional.ofNullable(proposed),
        status,
        Optional.ofNullable(cooldownUntil));
  }
}
