package io.clickplane.core.config;

import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.StorageClassName;
import io.clickplane.core.spec.StorageSpec;
import java.util.Optional;

/**
 * The rules of the day-2 keys: {@code maintenance.window} (environment, organisation, service),
 * {@code upgrade.channel} and {@code storage.maxSize}.
 */
final class LifecycleKeys {
  private LifecycleKeys() {}

  /** A window the way {@link MaintenanceWindow#parse} reads it. */
  static Optional<String> window(String value) {
    try {
      MaintenanceWindow.parse(value);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** {@code storage.maxSize}: a quantity from the disk's size up to the class's EBS limit. */
  static Optional<String> maxSize(String value, StorageClassName cls, String size) {
    if (!Quantities.isQuantity(value)) {
      return Optional.of("must be a storage quantity such as 2Ti (got \"" + value + "\")");
    }
    boolean io2 = cls == StorageClassName.IO2;
    long limit = io2 ? StorageSpec.IO2_MAX_BYTES : StorageSpec.GP3_MAX_BYTES;
    long bytes = Quantities.bytes(value);
    if (bytes > limit) {
      return Optional.of(
          "must be at most "
              + (io2 ? "64Ti" : "16Ti")
              + ", EBS's largest "
              + cls.configName()
              + " volume (got \""
              + value
              + "\")");
    }
    if (size != null && Quantities.isQuantity(size) && bytes < Quantities.bytes(size)) {
      return Optional.of("must be at least storage.size, " + size + " (got \"" + value + "\")");
    }
    return Optional.empty();
  }
}
