package io.clickplane.keycloak.realm;

/**
 * The realm roles that express the platform's hierarchy. A role says what its holder may do; the
 * group that grants it says where (the whole platform, one organisation, one service). See
 * docs/identity.md for the table of what each may do.
 */
public enum PlatformRole {
  PLATFORM_ADMIN(
      "platform-admin",
      "Runs the platform: every organisation and service, the stack files, Keycloak itself"),
  ORGANISATION_ADMIN(
      "organisation-admin",
      "Administers one organisation: its members, its services' users and grants, its backups"),
  ORGANISATION_MEMBER(
      "organisation-member",
      "Uses every service of one organisation: connects, reads and writes data, sees dashboards"),
  ORGANISATION_VIEWER(
      "organisation-viewer", "Sees one organisation's services, dashboards and backups; no data"),
  SERVICE_ADMIN(
      "service-admin",
      "Administers one service: its users and grants, restores, reads and writes its data"),
  SERVICE_VIEWER("service-viewer", "Sees one service's dashboards and state; no data");

  private final String roleName;
  private final String description;

  PlatformRole(String roleName, String description) {
    this.roleName = roleName;
    this.description = description;
  }

  /** The realm role's name. */
  public String roleName() {
    return roleName;
  }

  public String description() {
    return description;
  }
}
