package io.clickplane.keycloak.realm;

import io.clickplane.core.naming.IdentityNames;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The realm of one environment as the stack describes it: a pure function of the spec.
 *
 * <pre>
 * realm clickplane-&lt;env&gt;            organizations enabled
 *   roles                            platform-admin, organisation-admin/-member/-viewer,
 *                                    service-admin/-viewer
 *   /platform-admins                 → platform-admin
 *   organization &lt;org&gt;               one Keycloak Organization per organisation (membership)
 *   /&lt;org&gt;                           the organisation's group
 *     /admins /members /viewers      → organisation-admin / -member / -viewer
 *     /services/&lt;service&gt;           one group per service
 *       /admins /viewers             → service-admin / -viewer
 *   clients grafana, clickplane-cli  tokens carry "groups" (full paths) and "roles"
 * </pre>
 *
 * <p>Every object carries {@value #MANAGED_BY}={@value #MANAGED_BY_VALUE}: the sync deletes only
 * objects with that mark.
 *
 * @param name realm name
 * @param displayName shown on the login page
 * @param attributes realm attributes the platform sets
 * @param roles the platform's realm roles
 * @param organisations one per organisation, in stack order
 * @param groups parents before children
 * @param clients the OIDC clients
 */
public record DesiredRealm(
    String name,
    String displayName,
    Map<String, String> attributes,
    List<PlatformRole> roles,
    List<DesiredOrganisation> organisations,
    List<DesiredGroup> groups,
    List<DesiredClient> clients) {

  /** Attribute marking an object as the platform's (the sync deletes nothing without it). */
  public static final String MANAGED_BY = "clickplane.io/managed-by";

  public static final String MANAGED_BY_VALUE = "clickplane";

  /** Attribute naming the organisation an organisation's or service's object belongs to. */
  public static final String ORGANISATION = "clickplane.io/organisation";

  /** Attribute naming the service a service's group belongs to. */
  public static final String SERVICE = "clickplane.io/service";

  /**
   * Attribute on a service's group: the service's {@code deletionProtection} at the last sync. A
   * service whose group says {@code true} cannot lose its identity objects.
   */
  public static final String DELETION_PROTECTION = "clickplane.io/deletion-protection";

  /** Attribute naming the environment on the realm. */
  public static final String ENVIRONMENT = "clickplane.io/environment";

  public DesiredRealm {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(displayName, "displayName");
    attributes = new TreeMap<>(attributes);
    roles = List.copyOf(roles);
    organisations = List.copyOf(organisations);
    groups = List.copyOf(groups);
    clients = List.copyOf(clients);
  }

  /** The realm the spec describes. */
  public static DesiredRealm of(PlatformSpec spec) {
    String env = spec.environment();
    List<DesiredGroup> groups = new ArrayList<>();
    groups.add(
        new DesiredGroup(
            "/" + IdentityNames.PLATFORM_ADMINS_GROUP,
            owned(),
            Optional.of(PlatformRole.PLATFORM_ADMIN)));
    List<DesiredOrganisation> organisations = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      if (org.name().equals(IdentityNames.PLATFORM_ADMINS_GROUP)) {
        throw new IllegalArgumentException(
            "organisation '"
                + org.name()
                + "': the name is taken by the platform team's group in Keycloak");
      }
      Map<String, String> orgAttributes = owned(ORGANISATION, org.name());
      organisations.add(
          new DesiredOrganisation(
              org.name(),
              org.name() + "." + spec.domain(),
              "clickplane organisation " + org.name(),
              orgAttributes));
      String o = org.name();
      groups.add(new DesiredGroup(IdentityNames.organisationGroup(o), orgAttributes, none()));
      groups.add(
          new DesiredGroup(
              IdentityNames.organisationGroup(o, IdentityNames.ADMINS),
              orgAttributes,
              Optional.of(PlatformRole.ORGANISATION_ADMIN)));
      groups.add(
          new DesiredGroup(
              IdentityNames.organisationGroup(o, IdentityNames.MEMBERS),
              orgAttributes,
              Optional.of(PlatformRole.ORGANISATION_MEMBER)));
      groups.add(
          new DesiredGroup(
              IdentityNames.organisationGroup(o, IdentityNames.VIEWERS),
              orgAttributes,
              Optional.of(PlatformRole.ORGANISATION_VIEWER)));
      groups.add(
          new DesiredGroup(
              IdentityNames.organisationGroup(o, IdentityNames.SERVICES), orgAttributes, none()));
      for (ServiceSpec service : org.services()) {
        String s = service.name();
        Map<String, String> serviceAttributes = owned(ORGANISATION, o, SERVICE, s);
        Map<String, String> serviceGroupAttributes =
            owned(
                ORGANISATION,
                o,
                SERVICE,
                s,
                DELETION_PROTECTION,
                Boolean.toString(service.deletionProtection()));
        groups.add(
            new DesiredGroup(IdentityNames.serviceGroup(o, s), serviceGroupAttributes, none()));
        groups.add(
            new DesiredGroup(
                IdentityNames.serviceGroup(o, s, IdentityNames.ADMINS),
                serviceAttributes,
                Optional.of(PlatformRole.SERVICE_ADMIN)));
        groups.add(
            new DesiredGroup(
                IdentityNames.serviceGroup(o, s, IdentityNames.VIEWERS),
                serviceAttributes,
                Optional.of(PlatformRole.SERVICE_VIEWER)));
      }
    }
    return new DesiredRealm(
        IdentityNames.realm(env),
        "clickplane " + env,
        owned(ENVIRONMENT, env),
        List.of(PlatformRole.values()),
        organisations,
        groups,
        List.of(grafana(spec), cli()));
  }

  /** Grafana: confidential, code flow with PKCE, redirect to Grafana's generic OAuth callback. */
  static DesiredClient grafana(PlatformSpec spec) {
    String root = "https://" + IdentityNames.grafanaHost(spec.domain());
    return new DesiredClient(
        IdentityNames.GRAFANA_CLIENT,
        "Grafana",
        false,
        true,
        false,
        root,
        List.of(root + "/login/generic_oauth"),
        List.of(root),
        owned("pkce.code.challenge.method", "S256", "post.logout.redirect.uris", root + "/login"),
        hierarchyMappers());
  }

  /** The command line: public, device grant or a loopback redirect, PKCE. */
  static DesiredClient cli() {
    return new DesiredClient(
        IdentityNames.CLI_CLIENT,
        "clickplane command line",
        true,
        true,
        true,
        "",
        List.of("http://127.0.0.1/*", "http://localhost/*"),
        List.of(),
        owned("pkce.code.challenge.method", "S256"),
        hierarchyMappers());
  }

  /** The claims every client's tokens carry: group paths and realm roles. */
  static List<DesiredClient.Mapper> hierarchyMappers() {
    return List.of(
        new DesiredClient.Mapper(
            IdentityNames.CLAIM_GROUPS,
            "oidc-group-membership-mapper",
            tokenClaim(IdentityNames.CLAIM_GROUPS, "full.path", "true", "multivalued", "true")),
        new DesiredClient.Mapper(
            IdentityNames.CLAIM_ROLES,
            "oidc-usermodel-realm-role-mapper",
            tokenClaim(
                IdentityNames.CLAIM_ROLES, "multivalued", "true", "jsonType.label", "String")));
  }

  private static Map<String, String> tokenClaim(String claim, String... more) {
    Map<String, String> config = new TreeMap<>();
    config.put("claim.name", claim);
    config.put("id.token.claim", "true");
    config.put("access.token.claim", "true");
    config.put("userinfo.token.claim", "true");
    config.put("introspection.token.claim", "true");
    for (int i = 0; i < more.length; i += 2) {
      config.put(more[i], more[i + 1]);
    }
    return config;
  }

  private static Optional<PlatformRole> none() {
    return Optional.empty();
  }

  /** The ownership marker plus alternating key/value pairs. */
  static Map<String, String> owned(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(MANAGED_BY, MANAGED_BY_VALUE);
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
