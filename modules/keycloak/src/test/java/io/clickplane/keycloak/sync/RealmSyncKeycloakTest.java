package io.clickplane.keycloak.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.naming.IdentityNames;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import io.clickplane.keycloak.realm.DesiredRealm;
import io.clickplane.keycloak.testing.KeycloakServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The realm sync against a real Keycloak (the server distribution, {@code kc.sh start-dev} on
 * 127.0.0.1), one server for the class. The methods run in order and build on each other: the dev
 * stack synced, synced again, edited by hand and in the stack, a service removed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealmSyncKeycloakTest {
  private static KeycloakServer server;
  private static Keycloak admin;
  private static PlatformSpec dev;
  private static String userId;

  @BeforeAll
  static void start() throws Exception {
    dev = StackConfig.load(Repo.stackFile("dev"));
    server = KeycloakServer.start();
    admin = IdentitySync.connect(server.url(), credentials());
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static AdminCredentials credentials() {
    return new AdminCredentials(KeycloakServer.ADMIN, server.adminPassword());
  }

  private static RealmResource realm() {
    return admin.realm(IdentityNames.realm("dev"));
  }

  private static String sync(PlatformSpec spec, boolean dryRun, IdentitySync.Outcome expected) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IdentitySync.Outcome outcome =
        new IdentitySync(server.url(), credentials())
            .dryRun(dryRun)
            .out(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .call(DesiredRealm.of(spec));
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(outcome).as(output).isEqualTo(expected);
    return output;
  }

  @Test
  @Order(1)
  void dryRunOnANewServerPlansTheRealmAndChangesNothing() {
    String output = sync(dev, true, IdentitySync.Outcome.PLANNED);
    assertThat(output)
        .startsWith("realm clickplane-dev: ")
        .contains("+ realm clickplane-dev", "+ organization acme", "+ client grafana")
        .contains("+ group /acme/services/events/viewers")
        .endsWith("dry run: nothing was changed\n");
    assertThat(admin.realms().findAll())
        .extracting(r -> r.getRealm())
        .doesNotContain("clickplane-dev");
  }

  @Test
  @Order(2)
  void syncCreatesOrganisationsGroupsRolesAndClients() {
    String output = sync(dev, false, IdentitySync.Outcome.APPLIED);
    assertThat(output).contains("applied ");

    assertThat(realm().toRepresentation().isOrganizationsEnabled()).isTrue();
    assertThat(realm().roles().list(false))
        .filteredOn(
            r ->
                r.getAttributes() != null && r.getAttributes().containsKey(DesiredRealm.MANAGED_BY))
        .extracting(RoleRepresentation::getName)
        .containsExactlyInAnyOrder(
            "platform-admin",
            "organisation-admin",
            "organisation-member",
            "organisation-viewer",
            "service-admin",
            "service-viewer");

    List<OrganizationRepresentation> orgs =
        realm().organizations().search(null, null, 0, 100, false);
    assertThat(orgs)
        .extracting(OrganizationRepresentation::getName)
        .containsExactlyInAnyOrder("acme", "globex", "initech");
    OrganizationRepresentation acme =
        orgs.stream().filter(o -> o.getName().equals("acme")).findFirst().orElseThrow();
    assertThat(acme.getAlias()).isEqualTo("acme");
    assertThat(acme.getDomains())
        .extracting(d -> d.getName())
        .containsExactly("acme." + dev.domain());
    assertThat(acme.getAttributes())
        .containsEntry(DesiredRealm.MANAGED_BY, List.of("clickplane"))
        .containsEntry(DesiredRealm.ORGANISATION, List.of("acme"));

    Map<String, List<String>> groups = groupRoles();
    assertThat(groups)
        .containsEntry("/platform-admins", List.of("platform-admin"))
        .containsEntry("/acme", List.of())
        .containsEntry("/acme/admins", List.of("organisation-admin"))
        .containsEntry("/acme/members", List.of("organisation-member"))
        .containsEntry("/acme/viewers", List.of("organisation-viewer"))
        .containsEntry("/acme/services/events", List.of())
        .containsEntry("/acme/services/events/admins", List.of("service-admin"))
        .containsEntry("/acme/services/events/viewers", List.of("service-viewer"))
        .containsEntry("/globex/services/clicks/viewers", List.of("service-viewer"))
        .containsEntry("/initech/services/reports/admins", List.of("service-admin"));
    // platform-admins, 3 organisations × 5, 4 services × 3
    assertThat(groups).hasSize(1 + 3 * 5 + 4 * 3);
    assertThat(group("/acme/services/events").getAttributes())
        .containsEntry(DesiredRealm.DELETION_PROTECTION, List.of("true"))
        .containsEntry(DesiredRealm.SERVICE, List.of("events"));

    ClientRepresentation grafana = client(IdentityNames.GRAFANA_CLIENT);
    assertThat(grafana.isPublicClient()).isFalse();
    assertThat(grafana.getRedirectUris())
        .containsExactly("https://grafana." + dev.domain() + "/login/generic_oauth");
    assertThat(grafana.getProtocolMappers())
        .extracting(
            m -> m.getName() + ":" + m.getProtocolMapper() + ":" + m.getConfig().get("claim.name"))
        .containsExactlyInAnyOrder(
            "groups:oidc-group-membership-mapper:groups",
            "roles:oidc-usermodel-realm-role-mapper:roles");
    assertThat(grafana.getProtocolMappers())
        .filteredOn(m -> m.getName().equals("groups"))
        .allSatisfy(m -> assertThat(m.getConfig()).containsEntry("full.path", "true"));
    ClientRepresentation cli = client(IdentityNames.CLI_CLIENT);
    assertThat(cli.isPublicClient()).isTrue();
    assertThat(cli.getAttributes())
        .containsEntry("oauth2.device.authorization.grant.enabled", "true")
        .containsEntry("pkce.code.challenge.method", "S256");
  }

  @Test
  @Order(3)
  void secondSyncChangesNothingAndSaysSo() {
    assertThat(new RealmSync(admin).plan(DesiredRealm.of(dev)).changes()).isEmpty();
    String output = sync(dev, false, IdentitySync.Outcome.UP_TO_DATE);
    assertThat(output).isEqualTo("realm clickplane-dev is up to date: nothing to change\n");
  }

  @Test
  @Order(4)
  @SuppressWarnings("unchecked")
  void aPersonAddedByThePlatformTeamGetsTheOrganisationsClaims() {
    UserRepresentation user = new UserRepresentation();
    user.setUsername("alice");
    user.setEmail("alice@acme.example");
    user.setEnabled(true);
    userId = CreatedResponseUtil.getCreatedId(realm().users().create(user));
    String acmeId = organisation("acme").getId();
    assertThat(realm().organizations().get(acmeId).members().addMember(userId).getStatus())
        .isEqualTo(201);
    realm().users().get(userId).joinGroup(group("/acme/members").getId());
    realm().users().get(userId).joinGroup(group("/acme/services/scratch/admins").getId());

    assertThat(realm().users().get(userId).roles().realmLevel().listEffective())
        .extracting(RoleRepresentation::getName)
        .contains("organisation-member", "service-admin")
        .doesNotContain("platform-admin", "organisation-admin");
    // What Grafana receives for her: the claims its organisation mapping reads.
    var token =
        realm()
            .clients()
            .get(client(IdentityNames.GRAFANA_CLIENT).getId())
            .clientScopesEvaluate()
            .generateExampleIdToken("openid", userId, null);
    assertThat((List<Object>) token.getOtherClaims().get(IdentityNames.CLAIM_GROUPS))
        .containsExactlyInAnyOrder("/acme/members", "/acme/services/scratch/admins");
    assertThat((List<Object>) token.getOtherClaims().get(IdentityNames.CLAIM_ROLES))
        .contains("organisation-member", "service-admin")
        .doesNotContain("platform-admin");
    // Users and memberships are not the sync's: nothing to change.
    assertThat(new RealmSync(admin).plan(DesiredRealm.of(dev)).changes()).isEmpty();
  }

  @Test
  @Order(5)
  void nextSyncRevertsAHandEditAndAppliesAStackChange() {
    // by hand: Grafana's redirect URI and acme's admins role mapping; an unowned group
    ClientRepresentation grafana = client(IdentityNames.GRAFANA_CLIENT);
    grafana.setRedirectUris(List.of("https://evil.example/callback"));
    realm().clients().get(grafana.getId()).update(grafana);
    String admins = group("/acme/admins").getId();
    realm()
        .groups()
        .group(admins)
        .roles()
        .realmLevel()
        .remove(List.of(realm().roles().get("organisation-admin").toRepresentation()));
    GroupRepresentation handMade = new GroupRepresentation();
    handMade.setName("hand-made");
    realm().groups().add(handMade).close();

    // in the stack: a new service for globex
    PlatformSpec changed = withService(dev, "globex", "funnels");

    SyncPlan plan = new RealmSync(admin).plan(DesiredRealm.of(changed));
    assertThat(plan.changes())
        .extracting(c -> c.action().symbol() + " " + c.kind() + " " + c.name())
        .containsExactlyInAnyOrder(
            "~ group /acme/admins",
            "+ group /globex/services/funnels",
            "+ group /globex/services/funnels/admins",
            "+ group /globex/services/funnels/viewers",
            "~ client grafana");
    assertThat(plan.describe())
        .contains("redirectUris: [https://evil.example/callback] → [https://grafana.");

    sync(changed, false, IdentitySync.Outcome.APPLIED);
    assertThat(client(IdentityNames.GRAFANA_CLIENT).getRedirectUris())
        .containsExactly("https://grafana." + dev.domain() + "/login/generic_oauth");
    assertThat(groupRoles())
        .containsEntry("/acme/admins", List.of("organisation-admin"))
        .containsEntry("/globex/services/funnels/viewers", List.of("service-viewer"));
    assertThat(realm().groups().groups())
        .extracting(GroupRepresentation::getName)
        .contains("hand-made");
    sync(changed, false, IdentitySync.Outcome.UP_TO_DATE);
  }

  @Test
  @Order(6)
  void removingAProtectedServiceIsRefusedAndChangesNothing() {
    PlatformSpec withoutEvents =
        withoutService(withService(dev, "globex", "funnels"), "acme", "events");
    String output = sync(withoutEvents, false, IdentitySync.Outcome.REFUSED);
    assertThat(output)
        .contains("- group /acme/services/events")
        .contains("refused: service acme/events: its identity objects (/acme/services/events)")
        .contains("deletionProtection")
        .endsWith("nothing was changed\n");
    assertThat(groupRoles()).containsKey("/acme/services/events/admins");

    PlatformSpec current = withService(dev, "globex", "funnels");
    PlatformSpec withoutAcme =
        current.withOrganisations(
            current.organisations().stream().filter(o -> !o.name().equals("acme")).toList());
    assertThat(new RealmSync(admin).plan(DesiredRealm.of(withoutAcme)).refusals())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("service acme/events:");
    assertThatThrownBy(
            () ->
                new RealmSync(admin).apply(new RealmSync(admin).plan(DesiredRealm.of(withoutAcme))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @Order(7)
  void removingAServiceWithItsAllowanceDeletesItsGroupsAndKeepsItsUsers() {
    PlatformSpec current = withService(dev, "globex", "funnels");
    // acme/scratch has deletionProtection: false in the dev stack: it may go.
    PlatformSpec without = withoutService(current, "acme", "scratch");
    String output = sync(without, false, IdentitySync.Outcome.APPLIED);
    assertThat(output)
        .contains("0 to create, 0 to update, 1 to delete")
        .contains("- group /acme/services/scratch");
    Map<String, List<String>> groups = groupRoles();
    assertThat(groups.keySet()).noneMatch(p -> p.startsWith("/acme/services/scratch"));
    assertThat(groups).containsKey("/acme/services/events");

    UserRepresentation alice = realm().users().get(userId).toRepresentation();
    assertThat(alice.getUsername()).isEqualTo("alice");
    assertThat(realm().users().get(userId).groups())
        .extracting(GroupRepresentation::getPath)
        .containsExactly("/acme/members");
    assertThat(realm().organizations().get(organisation("acme").getId()).members().getAll())
        .extracting(UserRepresentation::getUsername)
        .containsExactly("alice");
    sync(without, false, IdentitySync.Outcome.UP_TO_DATE);
  }

  // ---- helpers

  private static PlatformSpec withService(PlatformSpec spec, String org, String service) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec o : spec.organisations()) {
      if (o.name().equals(org)) {
        List<ServiceSpec> services = new ArrayList<>(o.services());
        services.add(o.services().get(0).withName(service));
        o = o.withServices(services);
      }
      orgs.add(o);
    }
    return spec.withOrganisations(orgs);
  }

  private static PlatformSpec withoutService(PlatformSpec spec, String org, String service) {
    return spec.withOrganisations(
        spec.organisations().stream()
            .map(
                o ->
                    o.name().equals(org)
                        ? o.withServices(
                            o.services().stream().filter(s -> !s.name().equals(service)).toList())
                        : o)
            .toList());
  }

  private static OrganizationRepresentation organisation(String name) {
    return realm().organizations().search(name, true, 0, 1, false).get(0);
  }

  private static ClientRepresentation client(String clientId) {
    return realm().clients().findByClientId(clientId).get(0);
  }

  private static GroupRepresentation group(String path) {
    return realm().getGroupByPath(path);
  }

  /** path → realm roles of every group in the realm. */
  private static Map<String, List<String>> groupRoles() {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (GroupRepresentation top : realm().groups().groups(null, 0, 1000, false)) {
      collect(top, out);
    }
    out.remove("/hand-made");
    return out;
  }

  private static void collect(GroupRepresentation group, Map<String, List<String>> out) {
    out.put(
        group.getPath(),
        realm().groups().group(group.getId()).roles().realmLevel().listAll().stream()
            .map(RoleRepresentation::getName)
            .sorted()
            .collect(Collectors.toList()));
    for (GroupRepresentation child :
        realm().groups().group(group.getId()).getSubGroups(0, 1000, false)) {
      collect(child, out);
    }
  }
}
