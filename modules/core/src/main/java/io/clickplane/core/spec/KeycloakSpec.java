package io.clickplane.core.spec;

import java.util.Objects;

/**
 * The environment's Keycloak and its database.
 *
 * @param instances Keycloak pods
 * @param version Keycloak server version
 * @param databaseInstanceClass RDS instance class of its PostgreSQL database
 * @param databaseStorageGib allocated storage of that database, in GiB
 * @param databaseMultiAz true for a Multi-AZ database
 */
public record KeycloakSpec(
    int instances,
    String version,
    String databaseInstanceClass,
    int databaseStorageGib,
    boolean databaseMultiAz) {
  public static final KeycloakSpec DEFAULT =
      new KeycloakSpec(2, "26.4.5", "db.t4g.medium", 20, true);

  public KeycloakSpec {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(databaseInstanceClass, "databaseInstanceClass");
  }
}
