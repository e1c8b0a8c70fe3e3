package io.clickplane.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.spec.BackupSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecSnapshotTest {
  @Test
  void splitSnapshotReadsBackToTheSameSpec() throws Exception {
    for (String stack : new String[] {"dev", "prod"}) {
      PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
      Map<String, String> files = SpecSnapshot.write(spec);
      assertThat(files)
          .containsKeys(
              SpecSnapshot.platformPath(stack),
              SpecSnapshot.indexPath(stack),
              SpecSnapshot.organisationPath(stack, spec.organisations().get(0).name()))
          .hasSize(2 + spec.organisations().size());
      assertThat(read(spec.environment(), files, Map.of())).isEqualTo(spec);
      // the platform file holds no organisation
      assertThat(StackConfig.parse("p", files.get(SpecSnapshot.platformPath(stack))))
          .isEqualTo(spec.withOrganisations(List.of()));
    }
  }

  @Test
  void aPublishedFleetThatNoLongerFitsStillReadsBack() throws Exception {
    // published before the plans: globex/clicks asks for more than the largest plan gives
    java.nio.file.Path file =
        java.nio.file.Path.of(
            SpecSnapshotTest.class.getResource("/stacks/dev-clicks-no-plan.yaml").toURI());
    assertThatThrownBy(() -> StackConfig.load(file)).isInstanceOf(InvalidConfigException.class);
    PlatformSpec published = StackConfig.loadWithoutCapacity(file);
    Map<String, String> files = SpecSnapshot.write(published);
    assertThat(read("dev", files, Map.of())).isEqualTo(published);
    assertThat(
            SpecSnapshot.read(
                "old/",
                "dev",
                Map.of(SpecSnapshot.platformPath("dev"), CanonicalSpec.write(published))::get,
                Map.of()))
        .contains(published);
  }

  @Test
  void organisationsKeepTheirOrderEvenWhenNotSorted() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    List<OrganisationSpec> reversed = new ArrayList<>(spec.organisations());
    java.util.Collections.reverse(reversed);
    PlatformSpec other = spec.withOrganisations(reversed);
    assertThat(read("dev", SpecSnapshot.write(other), Map.of())).isEqualTo(other);
  }

  @Test
  void knownOrganisationsAreTakenAsGivenAndTheOthersParsed() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    OrganisationSpec first = spec.organisations().get(0);
    Map<String, String> files = new HashMap<>(SpecSnapshot.write(spec));
    // the known organisation's file is not read at all
    files.remove(SpecSnapshot.organisationPath("dev", first.name()));
    assertThat(read("dev", files, Map.of(first.name(), first))).isEqualTo(spec);
  }

  @Test
  void aOneServiceChangeRewritesOnlyItsOrganisationsFile() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    OrganisationSpec org = spec.organisations().get(0);
    ServiceSpec s = org.services().get(0);
    List<ServiceSpec> services = new ArrayList<>(org.services());
    services.set(
        0,
        new ServiceSpec(
            s.name(),
            s.mode(),
            s.shards(),
            s.replicas(),
            s.version(),
            s.resources(),
            s.storage(),
            new BackupSpec(s.backup().schedule(), s.backup().retention() + 1, s.backup().enabled()),
            s.deletionProtection(),
            s.coordinator(),
            s.allow()));
    List<OrganisationSpec> orgs = new ArrayList<>(spec.organisations());
    orgs.set(0, org.withServices(services));
    Map<String, String> before = SpecSnapshot.write(spec);
    Map<String, String> after = SpecSnapshot.write(spec.withOrganisations(orgs));
    List<String> changed =
        before.keySet().stream().filter(p -> !before.get(p).equals(after.get(p))).toList();
    assertThat(changed).containsExactly(SpecSnapshot.organisationPath("dev", org.name()));
  }

  @Test
  void aMissingOrganisationFileIsAProblemNamingIt() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    String name = spec.organisations().get(1).name();
    Map<String, String> files = new HashMap<>(SpecSnapshot.write(spec));
    files.remove(SpecSnapshot.organisationPath("dev", name));
    assertThatThrownBy(() -> read("dev", files, Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(name);
  }

  private static PlatformSpec read(
      String env, Map<String, String> files, Map<String, OrganisationSpec> known)
      throws InvalidConfigException {
    List<String> names =
        SpecSnapshot.organisationNames("index", files.get(SpecSnapshot.indexPath(env)));
    Map<String, String> texts = new HashMap<>();
    for (String n : names) {
      String text = files.get(SpecSnapshot.organisationPath(env, n));
      if (text != null) {
        texts.put(n, text);
      }
    }
    return SpecSnapshot.read(
        "snapshot", files.get(SpecSnapshot.platformPath(env)), names, texts, known);
  }
}
