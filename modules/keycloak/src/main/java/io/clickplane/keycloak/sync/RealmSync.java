package io.clickplane.keycloak.sync;

import static io.clickplane.keycloak.realm.DesiredRealm.DELETION_PROTECTION;
import static io.clickplane.keycloak.realm.DesiredRealm.MANAGED_BY;
import static io.clickplane.keycloak.realm.DesiredRealm.MANAGED_BY_VALUE;
import static io.clickplane.keycloak.realm.DesiredRealm.ORGANISATION;
import static io.clickplane.keycloak.realm.DesiredRealm.SERVICE;

import io.clickplane.core.naming.IdentityNames;
import io.clickplane.keycloak.realm.DesiredClient;
import io.clickplane.keycloak.realm.DesiredGroup;
import io.clickplane.keycloak.realm.DesiredOrganisation;
import io.clickplane.keycloak.realm.DesiredRealm;
import io.clickplane.keycloak.realm.PlatformRole;
import io.clickplane.keycloak.sync.Change.Action;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.MemberRepresentation;
import org.keycloak.representations.idm.MembershipType;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * Converges a live realm on a {@link DesiredRealm} through the admin REST API: creates what is
 * missing, updates what drifted (every owned field is compared on every run; nothing is skipped
 * because it looks unchanged), deletes objects that carry the ownership mark and are no longer
 * desired. Users and memberships are never created, changed or deleted.
 *
 * <p>{@link #plan} only reads; {@link #apply} makes the calls of a plan without refusals. A
 * service's group (and everything under it, and its organisation's objects) is deleted only when
 * its last synced {@code deletionProtection} was false, the rule the change guards apply to the
 * service itself.
 */
public final class RealmSync {
  private static final int PAGE = 10_000;
  private static final String DEVICE_GRANT = "oauth2.device.authorization.grant.enabled";

  private final Keycloak admin;

  public RealmSync(Keycloak admin) {
    this.admin = Objects.requireNonNull(admin, "admin");
  }

  /** Reads the live realm and compares it with {@code desired}; changes nothing. */
  public SyncPlan plan(DesiredRealm desired) {
    Live live = Live.read(admin, desired);
    List<Change> changes = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    realm(desired, live, changes);
    roles(desired, live, changes);
    organisations(desired, live, changes);
    groups(desired, live, changes);
    clients(desired, live, changes);
    deletions(desired, live, changes, refusals);
    return new SyncPlan(desired.name(), changes, refusals);
  }

  /** Makes the calls of {@code plan}. */
  public void apply(SyncPlan plan) {
    if (!plan.refusals().isEmpty()) {
      throw new IllegalStateException("a plan with refusals is never applied");
    }
    Map<String, String> ids = new HashMap<>();
    if (realmExists(plan.realm())) {
      Live.groupIds(admin.realm(plan.realm()), ids);
    }
    SyncContext context = new SyncContext(admin, plan.realm(), ids);
    for (Change change : plan.changes()) {
      try {
        change.step().run(context);
      } catch (SyncFailedException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new SyncFailedException(
            "could not "
                + change.action().name().toLowerCase(java.util.Locale.ROOT)
                + " "
                + change.kind()
                + " "
                + change.name()
                + ": "
                + SyncFailedException.reason(e),
            e);
      }
    }
  }

  private boolean realmExists(String name) {
    return admin.realms().findAll().stream().anyMatch(r -> name.equals(r.getRealm()));
  }

  // ---- realm

  private static void realm(DesiredRealm desired, Live live, List<Change> changes) {
    Map<String, Object> want = realmFields(desired);
    if (live.realm == null) {
      changes.add(
          new Change(
              Action.CREATE,
              "realm",
              desired.name(),
              List.of(),
              ctx -> {
                RealmRepresentation rep = realmRepresentation(desired);
                rep.setRealm(desired.name());
                ctx.admin().realms().create(rep);
              }));
      return;
    }
    Map<String, Object> have = liveRealmFields(live.realm, desired);
    List<String> details = differences(have, want);
    if (!details.isEmpty()) {
      changes.add(
          new Change(
              Action.UPDATE,
              "realm",
              desired.name(),
              details,
              ctx -> ctx.realm().update(realmRepresentation(desired))));
    }
  }

  private static RealmRepresentation realmRepresentation(DesiredRealm desired) {
    RealmRepresentation rep = new RealmRepresentation();
    rep.setEnabled(true);
    rep.setDisplayName(desired.displayName());
    rep.setOrganizationsEnabled(true);
    rep.setAttributes(new TreeMap<>(desired.attributes()));
    return rep;
  }

  private static Map<String, Object> realmFields(DesiredRealm desired) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("enabled", true);
    fields.put("displayName", desired.displayName());
    fields.put("organizationsEnabled", true);
    fields.put("attributes", new TreeMap<>(desired.attributes()));
    return fields;
  }

  private static Map<String, Object> liveRealmFields(RealmRepresentation rep, DesiredRealm want) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("enabled", Boolean.TRUE.equals(rep.isEnabled()));
    fields.put("displayName", rep.getDisplayName());
    fields.put("organizationsEnabled", Boolean.TRUE.equals(rep.isOrganizationsEnabled()));
    Map<String, String> attributes = new TreeMap<>();
    for (String key : want.attributes().keySet()) {
      String value = rep.getAttributesOrEmpty().get(key);
      if (value != null) {
        attributes.put(key, value);
      }
    }
    fields.put("attributes", attributes);
    return fields;
  }

  // ---- roles

  private static void roles(DesiredRealm desired, Live live, List<Change> changes) {
    for (PlatformRole role : desired.roles()) {
      RoleRepresentation want = roleRepresentation(role);
      RoleRepresentation have = live.roles.get(role.roleName());
      if (have == null) {
        changes.add(
            new Change(
                Action.CREATE,
                "role",
                role.roleName(),
                List.of(),
                ctx -> ctx.realm().roles().create(roleRepresentation(role))));
        continue;
      }
      List<String> details = differences(roleFields(have), roleFields(want));
      if (!details.isEmpty()) {
        changes.add(
            new Change(
                Action.UPDATE,
                "role",
                role.roleName(),
                details,
                ctx -> {
                  RoleRepresentation rep = roleRepresentation(role);
                  rep.setId(have.getId());
                  ctx.realm().roles().get(role.roleName()).update(rep);
                }));
      }
    }
  }

  private static RoleRepresentation roleRepresentation(PlatformRole role) {
    RoleRepresentation rep = new RoleRepresentation();
    rep.setName(role.roleName());
    rep.setDescription(role.description());
    rep.setComposite(false);
    rep.setAttributes(multi(Map.of(MANAGED_BY, MANAGED_BY_VALUE)));
    return rep;
  }

  private static Map<String, Object> roleFields(RoleRepresentation rep) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("description", rep.getDescription());
    fields.put("attributes", single(rep.getAttributes()));
    return fields;
  }

  // ---- organizations

  private static void organisations(DesiredRealm desired, Live live, List<Change> changes) {
    for (DesiredOrganisation org : desired.organisations()) {
      OrganizationRepresentation have = live.organisations.get(org.name());
      if (have == null) {
        changes.add(
            new Change(
                Action.CREATE,
                "organization",
                org.name(),
                List.of(),
                ctx ->
                    SyncContext.expectCreated(
                        ctx.realm().organizations().create(organisationRepresentation(org)),
                        "create organization " + org.name())));
        continue;
      }
      List<String> details =
          differences(
              organisationFields(have), organisationFields(organisationRepresentation(org)));
      if (!details.isEmpty()) {
        changes.add(
            new Change(
                Action.UPDATE,
                "organization",
                org.name(),
                details,
                ctx -> {
                  OrganizationRepresentation rep = organisationRepresentation(org);
                  rep.setId(have.getId());
                  SyncContext.expectSuccess(
                      ctx.realm().organizations().get(have.getId()).update(rep),
                      "update organization " + org.name());
                }));
      }
    }
  }

  private static OrganizationRepresentation organisationRepresentation(DesiredOrganisation org) {
    OrganizationRepresentation rep = new OrganizationRepresentation();
    rep.setName(org.name());
    rep.setAlias(org.name());
    rep.setEnabled(true);
    rep.setDescription(org.description());
    rep.setAttributes(multi(org.attributes()));
    rep.addDomain(new OrganizationDomainRepresentation(org.domain()));
    return rep;
  }

  private static Map<String, Object> organisationFields(OrganizationRepresentation rep) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("alias", rep.getAlias());
    fields.put("enabled", rep.isEnabled());
    fields.put("description", rep.getDescription());
    fields.put(
        "domains",
        rep.getDomains() == null
            ? List.of()
            : rep.getDomains().stream()
                .map(OrganizationDomainRepresentation::getName)
                .sorted()
                .toList());
    fields.put("attributes", single(rep.getAttributes()));
    return fields;
  }

  // ---- groups

  private static void groups(DesiredRealm desired, Live live, List<Change> changes) {
    for (DesiredGroup group : desired.groups()) {
      LiveGroup have = live.groups.get(group.path());
      Set<String> wantRoles = group.role().map(r -> Set.of(r.roleName())).orElse(Set.of());
      if (have == null) {
        changes.add(
            new Change(
                Action.CREATE,
                "group",
                group.path(),
                group.role().map(r -> List.of("realm roles: " + r.roleName())).orElse(List.of()),
                ctx -> createGroup(ctx, group)));
        continue;
      }
      Map<String, Object> haveFields = new LinkedHashMap<>();
      haveFields.put("attributes", single(have.rep.getAttributes()));
      haveFields.put("realm roles", have.managedRoles.stream().sorted().toList());
      Map<String, Object> wantFields = new LinkedHashMap<>();
      wantFields.put("attributes", new TreeMap<>(group.attributes()));
      wantFields.put("realm roles", wantRoles.stream().sorted().toList());
      List<String> details = differences(haveFields, wantFields);
      if (!details.isEmpty()) {
        changes.add(
            new Change(
                Action.UPDATE,
                "group",
                group.path(),
                details,
                ctx -> {
                  GroupRepresentation rep = new GroupRepresentation();
                  rep.setId(have.rep.getId());
                  rep.setName(group.name());
                  rep.setAttributes(multi(group.attributes()));
                  ctx.realm().groups().group(have.rep.getId()).update(rep);
                  setRealmRoles(ctx, have.rep.getId(), have.managedRoles, wantRoles);
                }));
      }
    }
  }

  private static void createGroup(SyncContext ctx, DesiredGroup group) {
    GroupRepresentation rep = new GroupRepresentation();
    rep.setName(group.name());
    rep.setAttributes(multi(group.attributes()));
    String id =
        group.parent().isEmpty()
            ? SyncContext.expectCreated(
                ctx.realm().groups().add(rep), "create group " + group.path())
            : SyncContext.expectCreated(
                ctx.realm().groups().group(ctx.groupId(group.parent().get())).subGroup(rep),
                "create group " + group.path());
    if (id == null) {
      throw new SyncFailedException("Keycloak created group " + group.path() + " without an id");
    }
    ctx.created(group.path(), id);
    setRealmRoles(ctx, id, Set.of(), group.role().map(r -> Set.of(r.roleName())).orElse(Set.of()));
  }

  private static void setRealmRoles(
      SyncContext ctx, String groupId, Set<String> have, Set<String> want) {
    RealmResource realm = ctx.realm();
    List<RoleRepresentation> add =
        want.stream()
            .filter(r -> !have.contains(r))
            .map(r -> realm.roles().get(r).toRepresentation())
            .toList();
    List<RoleRepresentation> remove =
        have.stream()
            .filter(r -> !want.contains(r))
            .map(r -> realm.roles().get(r).toRepresentation())
            .toList();
    if (!add.isEmpty()) {
      realm.groups().group(groupId).roles().realmLevel().add(add);
    }
    if (!remove.isEmpty()) {
      realm.groups().group(groupId).roles().realmLevel().remove(remove);
    }
  }

  // ---- clients

  private static void clients(DesiredRealm desired, Live live, List<Change> changes) {
    for (DesiredClient client : desired.clients()) {
      ClientRepresentation have = live.clients.get(client.clientId());
      if (have == null) {
        changes.add(
            new Change(
                Action.CREATE,
                "client",
                client.clientId(),
                List.of(),
                ctx -> {
                  ClientRepresentation rep = new ClientRepresentation();
                  applyClient(rep, client);
                  rep.setProtocolMappers(client.mappers().stream().map(RealmSync::mapper).toList());
                  SyncContext.expectCreated(
                      ctx.realm().clients().create(rep), "create client " + client.clientId());
                }));
        continue;
      }
      List<String> details = differences(clientFields(have, client), wantedClientFields(client));
      if (!details.isEmpty()) {
        changes.add(
            new Change(
                Action.UPDATE,
                "client",
                client.clientId(),
                details,
                ctx -> updateClient(ctx, have.getId(), client)));
      }
    }
  }

  private static void applyClient(ClientRepresentation rep, DesiredClient client) {
    rep.setClientId(client.clientId());
    rep.setName(client.name());
    rep.setEnabled(true);
    rep.setProtocol("openid-connect");
    rep.setPublicClient(client.publicClient());
    rep.setStandardFlowEnabled(client.standardFlow());
    rep.setImplicitFlowEnabled(false);
    rep.setDirectAccessGrantsEnabled(false);
    rep.setServiceAccountsEnabled(false);
    rep.setRootUrl(client.rootUrl());
    rep.setRedirectUris(client.redirectUris());
    rep.setWebOrigins(client.webOrigins());
    Map<String, String> attributes =
        rep.getAttributes() == null ? new TreeMap<>() : new TreeMap<>(rep.getAttributes());
    attributes.putAll(clientAttributes(client));
    rep.setAttributes(attributes);
  }

  private static Map<String, String> clientAttributes(DesiredClient client) {
    Map<String, String> attributes = new TreeMap<>(client.attributes());
    attributes.put(DEVICE_GRANT, Boolean.toString(client.deviceGrant()));
    return attributes;
  }

  private static void updateClient(SyncContext ctx, String id, DesiredClient client) {
    var resource = ctx.realm().clients().get(id);
    ClientRepresentation rep = resource.toRepresentation();
    applyClient(rep, client);
    rep.setProtocolMappers(null);
    resource.update(rep);
    var mappers = resource.getProtocolMappers();
    Map<String, ProtocolMapperRepresentation> live = new HashMap<>();
    for (ProtocolMapperRepresentation m : mappers.getMappers()) {
      live.put(m.getName(), m);
    }
    for (DesiredClient.Mapper want : client.mappers()) {
      ProtocolMapperRepresentation have = live.remove(want.name());
      ProtocolMapperRepresentation rep2 = mapper(want);
      if (have == null) {
        SyncContext.expectCreated(
            mappers.createMapper(rep2),
            "create mapper " + want.name() + " of " + client.clientId());
      } else if (!mapperFields(have, want.config()).equals(mapperFields(rep2, want.config()))) {
        rep2.setId(have.getId());
        mappers.update(have.getId(), rep2);
      }
    }
    for (ProtocolMapperRepresentation extra : live.values()) {
      mappers.delete(extra.getId());
    }
  }

  private static ProtocolMapperRepresentation mapper(DesiredClient.Mapper mapper) {
    ProtocolMapperRepresentation rep = new ProtocolMapperRepresentation();
    rep.setName(mapper.name());
    rep.setProtocol("openid-connect");
    rep.setProtocolMapper(mapper.type());
    rep.setConfig(new TreeMap<>(mapper.config()));
    return rep;
  }

  /**
   * A mapper's type and the settings the platform sets. Keycloak fills in defaults of its own (e.g.
   * when it first issues a token), which are not compared: comparing them would report drift on
   * every run.
   */
  private static Map<String, Object> mapperFields(
      ProtocolMapperRepresentation rep, Map<String, String> wanted) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("type", rep.getProtocolMapper());
    Map<String, String> config = new TreeMap<>();
    Map<String, String> live = rep.getConfig() == null ? Map.of() : rep.getConfig();
    for (String key : wanted.keySet()) {
      if (live.get(key) != null) {
        config.put(key, live.get(key));
      }
    }
    fields.put("config", config);
    return fields;
  }

  private static Map<String, Object> wantedClientFields(DesiredClient client) {
    ClientRepresentation rep = new ClientRepresentation();
    applyClient(rep, client);
    rep.setProtocolMappers(client.mappers().stream().map(RealmSync::mapper).toList());
    return clientFields(rep, client);
  }

  private static Map<String, Object> clientFields(ClientRepresentation rep, DesiredClient want) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", rep.getName());
    fields.put("enabled", rep.isEnabled());
    fields.put("protocol", rep.getProtocol());
    fields.put("publicClient", rep.isPublicClient());
    fields.put("standardFlowEnabled", rep.isStandardFlowEnabled());
    fields.put("implicitFlowEnabled", rep.isImplicitFlowEnabled());
    fields.put("directAccessGrantsEnabled", rep.isDirectAccessGrantsEnabled());
    fields.put("serviceAccountsEnabled", rep.isServiceAccountsEnabled());
    fields.put("rootUrl", rep.getRootUrl() == null ? "" : rep.getRootUrl());
    fields.put("redirectUris", sorted(rep.getRedirectUris()));
    fields.put("webOrigins", sorted(rep.getWebOrigins()));
    Map<String, String> attributes = new TreeMap<>();
    Map<String, String> live = rep.getAttributes() == null ? Map.of() : rep.getAttributes();
    for (String key : clientAttributes(want).keySet()) {
      if (live.get(key) != null) {
        attributes.put(key, live.get(key));
      }
    }
    fields.put("attributes", attributes);
    Map<String, Map<String, String>> wanted = new HashMap<>();
    want.mappers().forEach(m -> wanted.put(m.name(), m.config()));
    Map<String, Object> mappers = new TreeMap<>();
    if (rep.getProtocolMappers() != null) {
      for (ProtocolMapperRepresentation m : rep.getProtocolMappers()) {
        mappers.put(m.getName(), mapperFields(m, wanted.getOrDefault(m.getName(), Map.of())));
      }
    }
    fields.put("protocolMappers", mappers);
    return fields;
  }

  // ---- deletions

  private static void deletions(
      DesiredRealm desired, Live live, List<Change> changes, List<String> refusals) {
    Set<String> wantGroups =
        desired.groups().stream().map(DesiredGroup::path).collect(Collectors.toSet());
    List<String> deletedGroups = new ArrayList<>();
    for (LiveGroup group : live.groups.values()) {
      String path = group.rep.getPath();
      if (!owned(group.rep.getAttributes())
          || wantGroups.contains(path)
          || deletedGroups.stream().anyMatch(d -> path.startsWith(d + "/"))) {
        continue;
      }
      deletedGroups.add(path);
      for (LiveGroup inside : live.groups.values()) {
        String p = inside.rep.getPath();
        if ((p.equals(path) || p.startsWith(path + "/")) && isProtected(inside.rep)) {
          refusals.add(protectedMessage(inside.rep));
        }
      }
      String id = group.rep.getId();
      changes.add(
          new Change(
              Action.DELETE,
              "group",
              path,
              List.of(),
              ctx -> ctx.realm().groups().group(id).remove()));
    }
    Set<String> wantOrgs =
        desired.organisations().stream().map(DesiredOrganisation::name).collect(Collectors.toSet());
    for (OrganizationRepresentation org : live.organisations.values()) {
      if (!owned(org.getAttributes()) || wantOrgs.contains(org.getName())) {
        continue;
      }
      long managedMembers = live.managedMembers(org);
      if (managedMembers > 0) {
        refusals.add(
            "organization "
                + org.getName()
                + ": "
                + managedMembers
                + " of its members were created through its identity provider and would be"
                + " deleted with it; the sync never deletes users: move or unlink them first");
      }
      String id = org.getId();
      changes.add(
          new Change(
              Action.DELETE,
              "organization",
              org.getName(),
              List.of(),
              ctx ->
                  SyncContext.expectSuccess(
                      ctx.realm().organizations().get(id).delete(),
                      "delete organization " + org.getName())));
    }
    Set<String> wantClients =
        desired.clients().stream().map(DesiredClient::clientId).collect(Collectors.toSet());
    for (ClientRepresentation client : live.clients.values()) {
      if (client.getAttributes() == null
          || !MANAGED_BY_VALUE.equals(client.getAttributes().get(MANAGED_BY))
          || wantClients.contains(client.getClientId())) {
        continue;
      }
      String id = client.getId();
      changes.add(
          new Change(
              Action.DELETE,
              "client",
              client.getClientId(),
              List.of(),
              ctx -> ctx.realm().clients().get(id).remove()));
    }
    Set<String> wantRoles =
        desired.roles().stream().map(PlatformRole::roleName).collect(Collectors.toSet());
    for (RoleRepresentation role : live.roles.values()) {
      if (!owned(role.getAttributes()) || wantRoles.contains(role.getName())) {
        continue;
      }
      String name = role.getName();
      changes.add(
          new Change(
              Action.DELETE, "role", name, List.of(), ctx -> ctx.realm().roles().deleteRole(name)));
    }
  }

  private static boolean isProtected(GroupRepresentation group) {
    // A service's own group carries its protection; a missing or unreadable mark protects.
    Map<String, String> attributes = single(group.getAttributes());
    return attributes.containsKey(SERVICE)
        && attributes.containsKey(ORGANISATION)
        && group
            .getPath()
            .equals(
                IdentityNames.serviceGroup(attributes.get(ORGANISATION), attributes.get(SERVICE)))
        && !"false".equals(attributes.getOrDefault(DELETION_PROTECTION, "true"));
  }

  private static String protectedMessage(GroupRepresentation group) {
    Map<String, String> attributes = single(group.getAttributes());
    return "service "
        + attributes.get(ORGANISATION)
        + "/"
        + attributes.get(SERVICE)
        + ": its identity objects ("
        + group.getPath()
        + ") would be deleted while deletionProtection is true; sync the stack with"
        + " deletionProtection: false for the service first, then remove it";
  }

  // ---- helpers

  static boolean owned(Map<String, List<String>> attributes) {
    return attributes != null
        && attributes.getOrDefault(MANAGED_BY, List.of()).contains(MANAGED_BY_VALUE);
  }

  static Map<String, List<String>> multi(Map<String, String> single) {
    Map<String, List<String>> out = new TreeMap<>();
    single.forEach((k, v) -> out.put(k, List.of(v)));
    return out;
  }

  static Map<String, String> single(Map<String, List<String>> multi) {
    Map<String, String> out = new TreeMap<>();
    if (multi != null) {
      multi.forEach((k, v) -> out.put(k, String.join(",", v)));
    }
    return out;
  }

  private static List<String> sorted(List<String> values) {
    return values == null ? List.of() : values.stream().sorted().toList();
  }

  /** One line per field whose live value differs from the desired one. */
  static List<String> differences(Map<String, Object> have, Map<String, Object> want) {
    List<String> details = new ArrayList<>();
    for (Map.Entry<String, Object> e : want.entrySet()) {
      Object live = have.get(e.getKey());
      if (!Objects.equals(live, e.getValue())) {
        details.add(e.getKey() + ": " + live + " → " + e.getValue());
      }
    }
    return details;
  }

  /** A group as read: its representation and the platform's realm roles mapped to it. */
  record LiveGroup(GroupRepresentation rep, Set<String> managedRoles) {}

  /** The live realm, read once per plan. Empty when the realm does not exist yet. */
  static final class Live {
    RealmRepresentation realm;
    final Map<String, RoleRepresentation> roles = new TreeMap<>();
    final Map<String, OrganizationRepresentation> organisations = new TreeMap<>();
    final Map<String, LiveGroup> groups = new TreeMap<>();
    final Map<String, ClientRepresentation> clients = new TreeMap<>();
    private RealmResource resource;

    static Live read(Keycloak admin, DesiredRealm desired) {
      Live live = new Live();
      RealmResource realm = admin.realm(desired.name());
      try {
        live.realm = realm.toRepresentation();
      } catch (NotFoundException e) {
        return live;
      }
      live.resource = realm;
      for (RoleRepresentation role : realm.roles().list(false)) {
        live.roles.put(role.getName(), role);
      }
      if (Boolean.TRUE.equals(live.realm.isOrganizationsEnabled())) {
        for (OrganizationRepresentation org :
            realm.organizations().search(null, null, 0, PAGE, false)) {
          live.organisations.put(org.getName(), org);
        }
      }
      Set<String> managedRoles =
          desired.roles().stream().map(PlatformRole::roleName).collect(Collectors.toSet());
      live.roles.values().stream()
          .filter(r -> owned(r.getAttributes()))
          .forEach(r -> managedRoles.add(r.getName()));
      Set<String> wanted =
          desired.groups().stream().map(DesiredGroup::path).collect(Collectors.toSet());
      for (GroupRepresentation top : realm.groups().groups(null, 0, PAGE, false)) {
        live.walk(realm, top, wanted, managedRoles);
      }
      for (ClientRepresentation client : realm.clients().findAll()) {
        live.clients.put(client.getClientId(), client);
      }
      return live;
    }

    /** Reads a group and, when it is the platform's or desired, its roles and subgroups. */
    private void walk(
        RealmResource realm, GroupRepresentation group, Set<String> wanted, Set<String> roles) {
      if (!owned(group.getAttributes()) && !wanted.contains(group.getPath())) {
        return;
      }
      // A full representation lists the group's realm roles; ask only when it does not.
      List<String> realmRoles =
          group.getRealmRoles() != null
              ? group.getRealmRoles()
              : realm.groups().group(group.getId()).roles().realmLevel().listAll().stream()
                  .map(RoleRepresentation::getName)
                  .toList();
      Set<String> mapped = realmRoles.stream().filter(roles::contains).collect(Collectors.toSet());
      groups.put(group.getPath(), new LiveGroup(group, mapped));
      Long children = group.getSubGroupCount();
      if (children != null && children == 0) {
        return;
      }
      for (GroupRepresentation child :
          realm.groups().group(group.getId()).getSubGroups(0, PAGE, false)) {
        walk(realm, child, wanted, roles);
      }
    }

    long managedMembers(OrganizationRepresentation org) {
      return resource.organizations().get(org.getId()).members().getAll().stream()
          .map(MemberRepresentation::getMembershipType)
          .filter(t -> t == MembershipType.MANAGED)
          .count();
    }

    /** path → id of every group (for the steps of an applied plan). */
    static void groupIds(RealmResource realm, Map<String, String> ids) {
      for (GroupRepresentation top : realm.groups().groups(null, 0, PAGE, true)) {
        collect(realm, top, ids);
      }
    }

    private static void collect(
        RealmResource realm, GroupRepresentation group, Map<String, String> ids) {
      ids.put(group.getPath(), group.getId());
      Long count = group.getSubGroupCount();
      if (count != null && count == 0) {
        return;
      }
      for (GroupRepresentation child :
          realm.groups().group(group.getId()).getSubGroups(0, PAGE, true)) {
        collect(realm, child, ids);
      }
    }
  }
}
