package io.clickplane.keycloak.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.testing.Repo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The realm the dev stack describes (pure). */
class DesiredRealmTest {
  @Test
  void devStackRealm() throws Exception {
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    DesiredRealm realm = DesiredRealm.of(dev);
    assertThat(realm.name()).isEqualTo("clickplane-dev");
    assertThat(realm.organisations())
        .extracting(DesiredOrganisation::name, DesiredOrganisation::domain)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("acme", "acme." + dev.domain()),
            org.assertj.core.groups.Tuple.tuple("globex", "globex." + dev.domain()),
            org.assertj.core.groups.Tuple.tuple("initech", "initech." + dev.domain()));
    assertThat(realm.groups())
        .filteredOn(g -> g.path().startsWith("/acme"))
        .extracting(g -> g.path() + " " + g.role().map(PlatformRole::roleName).orElse("-"))
        .containsExactly(
            "/acme -",
            "/acme/admins organisation-admin",
            "/acme/members organisation-member",
            "/acme/viewers organisation-viewer",
            "/acme/services -",
            "/acme/services/events -",
            "/acme/services/events/admins service-admin",
            "/acme/services/events/viewers service-viewer",
            "/acme/services/scratch -",
            "/acme/services/scratch/admins service-admin",
            "/acme/services/scratch/viewers service-viewer");
    assertThat(realm.groups())
        .filteredOn(g -> g.path().equals("/acme/services/events"))
        .singleElement()
        .satisfies(
            g ->
                assertThat(g.attributes())
                    .containsEntry(DesiredRealm.DELETION_PROTECTION, "true")
                    .containsEntry(DesiredRealm.MANAGED_BY, "clickplane"));
    // parents come before children
    for (int i = 0; i < realm.groups().size(); i++) {
      Optional<String> parent = realm.groups().get(i).parent();
      int at = i;
      parent.ifPresent(
          p ->
              assertThat(realm.groups().subList(0, at)).extracting(DesiredGroup::path).contains(p));
    }
    assertThat(realm.clients())
        .extracting(DesiredClient::clientId)
        .containsExactly("grafana", "clickplane-cli");
    assertThat(DesiredRealm.of(dev)).isEqualTo(realm);
  }

  @Test
  void anOrganisationCannotTakeThePlatformTeamsGroup() throws Exception {
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    PlatformSpec clash =
        dev.withOrganisations(List.of(new OrganisationSpec("platform-admins", List.of())));
    assertThatThrownBy(() -> DesiredRealm.of(clash))
        .hasMessageContaining("organisation 'platform-admins'");
  }
}
