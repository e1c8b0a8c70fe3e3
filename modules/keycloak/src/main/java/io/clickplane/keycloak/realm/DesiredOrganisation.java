package io.clickplane.keycloak.realm;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A Keycloak Organization for one of the platform's organisations.
 *
 * @param name the organisation's name, also its alias
 * @param domain the organisation's internet domain in Keycloak ({@code <org>.<platform domain>})
 * @param description shown in the admin console
 * @param attributes single-valued attributes, the ownership marker included
 */
public record DesiredOrganisation(
    String name, String domain, String description, Map<String, String> attributes) {
  public DesiredOrganisation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(description, "description");
    attributes = new TreeMap<>(attributes);
  }
}
