package io.clickplane.core.naming;

/**
 * Names the identity provider and its clients agree on: the realm of an environment, its group
 * paths and the claims its tokens carry. Grafana's login (monitoring) maps the {@link
 * #CLAIM_GROUPS} claim to Grafana organisations and roles with these paths; the realm sync creates
 * them.
 */
public final class IdentityNames {
  private IdentityNames() {}

  /** Token claim listing the full paths of the user's groups, e.g. {@code /acme/viewers}. */
  public static final String CLAIM_GROUPS = "groups";

  /** Token claim listing the user's realm roles, e.g. {@code platform-admin}. */
  public static final String CLAIM_ROLES = "roles";

  /** OIDC client Grafana logs in with (confidential, authorization code with PKCE). */
  public static final String GRAFANA_CLIENT = "grafana";

  /** OIDC client of the platform's command line (public, device grant or loopback redirect). */
  public static final String CLI_CLIENT = "clickplane-cli";

  /** Group of the platform team: its members hold {@code platform-admin}. */
  public static final String PLATFORM_ADMINS_GROUP = "platform-admins";

  /** Subgroup of an organisation's or a service's group whose members administer it. */
  public static final String ADMINS = "admins";

  /** Subgroup of an organisation's group whose members use all of its services. */
  public static final String MEMBERS = "members";

  /** Subgroup of an organisation's or a service's group whose members only look. */
  public static final String VIEWERS = "viewers";

  /** Subgroup of an organisation's group that holds one group per service. */
  public static final String SERVICES = "services";

  /** The realm of an environment: {@code clickplane-<env>}. */
  public static String realm(String environment) {
    return "clickplane-" + environment;
  }

  /** Public host name of Keycloak: {@code id.<domain>}. */
  public static String keycloakHost(String domain) {
    return "id." + domain;
  }

  /** Public host name of Grafana: {@code grafana.<domain>}. */
  public static String grafanaHost(String domain) {
    return "grafana." + domain;
  }

  /** Group of an organisation: {@code /<org>}. */
  public static String organisationGroup(String organisation) {
    return "/" + organisation;
  }

  /**
   * A role subgroup of an organisation: {@code /<org>/admins}, {@code /members}, {@code /viewers}.
   */
  public static String organisationGroup(String organisation, String roleGroup) {
    return organisationGroup(organisation) + "/" + roleGroup;
  }

  /** Group of a service: {@code /<org>/services/<service>}. */
  public static String serviceGroup(String organisation, String service) {
    return organisationGroup(organisation) + "/" + SERVICES + "/" + service;
  }

  /** A role subgroup of a service: {@code /<org>/services/<service>/admins} or {@code /viewers}. */
  public static String serviceGroup(String organisation, String service, String roleGroup) {
    return serviceGroup(organisation, service) + "/" + roleGroup;
  }
}
