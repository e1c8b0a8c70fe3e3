package io.clickplane.core.config.section;

import io.clickplane.core.config.Rules;
import io.clickplane.core.spec.KeycloakSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.List;

/** {@code clickplane:keycloak}: the identity provider and its database. */
public final class KeycloakBinder implements SectionBinder<KeycloakSpec> {
  public static final KeycloakBinder BINDER = new KeycloakBinder();

  private static final KeycloakSpec D = KeycloakSpec.DEFAULT;

  static final Key<Integer> INSTANCES =
      Key.integer("instances", D.instances(), 1, 9)
          .doc("integer 1..9", "Keycloak pods (spread over zones).")
          .writes(KeycloakSpec::instances);
  static final Key<String> VERSION =
      Key.string("version", D.version(), Rules::keycloakVersion)
          .doc(
              "`\"MAJOR.MINOR.PATCH\"`, 26 or newer",
              "Keycloak server release (image `quay.io/keycloak/keycloak:<version>`) and the tag of"
                  + " the Keycloak Operator's manifests. 26 or newer: the realm uses"
                  + " Organizations.")
          .writes(KeycloakSpec::version);
  static final Key<String> DATABASE_INSTANCE_CLASS =
      Key.string("databaseInstanceClass", D.databaseInstanceClass(), Rules::rdsInstanceClass)
          .doc("RDS instance class", "Class of its PostgreSQL database.")
          .writes(KeycloakSpec::databaseInstanceClass);
  static final Key<Integer> DATABASE_STORAGE_GIB =
      Key.integer("databaseStorageGib", D.databaseStorageGib(), 20, 65536)
          .doc("integer 20..65536", "Allocated storage of that database.")
          .writes(KeycloakSpec::databaseStorageGib);
  static final Key<Boolean> DATABASE_MULTI_AZ =
      Key.bool("databaseMultiAz", D.databaseMultiAz())
          .doc("boolean", "A standby in a second zone.")
          .writes(KeycloakSpec::databaseMultiAz);

  static final Key<KeycloakSpec> KEYCLOAK =
      Key.<KeycloakSpec>table(
              Sections.NS + "keycloak",
              KeyTable.of(
                  "clickplane:keycloak",
                  INSTANCES,
                  VERSION,
                  DATABASE_INSTANCE_CLASS,
                  DATABASE_STORAGE_GIB,
                  DATABASE_MULTI_AZ))
          .defaultDoc("see below")
          .doc("map", "The identity provider and its database.")
          .writes(PlatformSpec::keycloak);

  private KeycloakBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(KEYCLOAK);
  }

  @Override
  public KeycloakSpec bind(Section section, Bound earlier) {
    Fields o = section.map(KEYCLOAK);
    Integer instances = INSTANCES.read(o);
    String version = VERSION.read(o);
    String dbClass = DATABASE_INSTANCE_CLASS.read(o);
    Integer storage = DATABASE_STORAGE_GIB.read(o);
    Boolean multiAz = DATABASE_MULTI_AZ.read(o);
    return section.ok() ? new KeycloakSpec(instances, version, dbClass, storage, multiAz) : null;
  }
}
