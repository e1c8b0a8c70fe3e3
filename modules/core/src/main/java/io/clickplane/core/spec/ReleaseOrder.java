package io.clickplane.core.spec;

import java.util.Comparator;

/**
 * The order of ClickHouse release lines ({@code major.minor}, e.g. {@code 24.8} before {@code 25.3}
 * before {@code 26.3}), compared as numbers whatever lines the platform supports. A service moved
 * to a lower line, or given a canary on a lower line, runs older servers against data written by
 * newer ones: a downgrade, allowed only with {@code allow.versionDowngrade}.
 */
public final class ReleaseOrder {
  /** Orders versions ({@code 24.8} or {@code 24.8.6.70}) by their release line only. */
  public static final Comparator<String> BY_LINE =
      Comparator.comparingInt((String v) -> part(v, 0)).thenComparingInt(v -> part(v, 1));

  private ReleaseOrder() {}

  /** True when {@code next} is on a lower release line than {@code current}. */
  public static boolean isDowngrade(String current, String next) {
    return BY_LINE.compare(next, current) < 0;
  }

  private static int part(String version, int index) {
    String[] parts = version.split("\\.");
    return index < parts.length ? Integer.parseInt(parts[index]) : 0;
  }
}
