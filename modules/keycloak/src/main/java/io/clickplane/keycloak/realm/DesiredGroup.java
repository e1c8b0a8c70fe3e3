package io.clickplane.keycloak.realm;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A realm group the platform owns.
 *
 * @param path full path, e.g. {@code /acme/services/analytics/viewers}
 * @param attributes single-valued attributes, the ownership marker included
 * @param role the realm role its members hold, if any
 */
public record DesiredGroup(
    String path, Map<String, String> attributes, Optional<PlatformRole> role) {
  public DesiredGroup {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("not a group path: " + path);
    }
    attributes = new TreeMap<>(attributes);
    Objects.requireNonNull(role, "role");
  }

  /** The last element of the path. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The parent group's path, or empty for a top-level group. */
  public Optional<String> parent() {
    int slash = path.lastIndexOf('/');
    return slash == 0 ? Optional.empty() : Optional.of(path.substring(0, slash));
  }
}
