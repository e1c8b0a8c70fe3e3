package io.clickplane.eks;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.PlatformSpec;
import java.util.Map;
import java.util.TreeMap;

/** Tags put on every AWS resource of the environment: environment and managed-by, plus a Name. */
public final class AwsTags {
  private AwsTags() {}

  /** The environment's tags. */
  public static Map<String, String> of(PlatformSpec spec) {
    Map<String, String> tags = new TreeMap<>();
    tags.put(Naming.LABEL_ENVIRONMENT, spec.environment());
    tags.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
    return tags;
  }

  /**
   * The environment's tags with {@code Name} set to {@code <clusterPrefix>-<suffix>}: for what
   * belongs to one cluster (see {@link Naming#clusterPrefix}).
   */
  public static Map<String, String> named(PlatformSpec spec, String suffix) {
    return with(of(spec), Map.of("Name", Naming.clusterPrefix(spec) + "-" + suffix));
  }

  /**
   * The environment's tags with {@code Name} set to {@code <resourcePrefix>-<suffix>}: for what the
   * whole environment shares (the same as {@link #named} without cells).
   */
  public static Map<String, String> environmentNamed(PlatformSpec spec, String suffix) {
    return with(of(spec), Map.of("Name", Naming.resourcePrefix(spec) + "-" + suffix));
  }

  /** {@code base} with {@code extra} added (extra wins). */
  public static Map<String, String> with(Map<String, String> base, Map<String, String> extra) {
    Map<String, String> tags = new TreeMap<>(base);
    tags.putAll(extra);
    return tags;
  }
}
