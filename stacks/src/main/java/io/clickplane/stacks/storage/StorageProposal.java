package io.clickplane.stacks.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * The verdict on one service's data disks.
 *
 * @param organisation the organisation
 * @param service the service
 * @param currentSize {@code storage.size} in the stack file
 * @param volumes data volumes the operator creates for the service
 * @param measured volumes Prometheus reported on
 * @param usedBytes bytes used on the fullest volume
 * @param capacityBytes capacity of the fullest volume
 * @param proposedSize the new {@code storage.size}; empty when it stays
 * @param status why: {@code grow}, {@code ok}, {@code no metrics}, {@code at limit}, {@code
 *     cooldown}
 * @param cooldownUntil with {@code cooldown}: when EBS accepts the next modification
 */
public record StorageProposal(
    String organisation,
    String service,
    String currentSize,
    int volumes,
    int measured,
    long usedBytes,
    long capacityBytes,
    Optional<String> proposedSize,
    Status status,
    Optional<Instant> cooldownUntil) {

  /** The verdict's kind. */
  public enum Status {
    GROW("grow"),
    OK("ok"),
    NO_METRICS("no metrics"),
    AT_LIMIT("at limit"),
    COOLDOWN("cooldown");

    private final String text;

    Status(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** Used bytes of the fullest volume in percent of its capacity (0 without metrics). */
  public double usedPercent() {
    return capacityBytes <= 0 ? 0 : usedBytes * 100.0 / capacityBytes;
  }
}
