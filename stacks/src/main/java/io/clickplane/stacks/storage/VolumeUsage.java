package io.clickplane.stacks.storage;

/**
 * What kubelet reports for one PersistentVolumeClaim: bytes used and the filesystem's capacity.
 *
 * @param namespace the claim's namespace (the organisation)
 * @param claim the claim's name, as the operator derives it
 * @param usedBytes {@code kubelet_volume_stats_used_bytes}, the highest over the look-back window
 * @param capacityBytes {@code kubelet_volume_stats_capacity_bytes}, the latest value
 */
public record VolumeUsage(String namespace, String claim, long usedBytes, long capacityBytes) {
  /** Used bytes as a share of capacity, 0 to 1 (0 when the capacity is unknown). */
  public double usedFraction() {
    return capacityBytes <= 0 ? 0 : (double) usedBytes / capacityBytes;
  }
}
