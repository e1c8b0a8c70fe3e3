package io.clickplane.stacks.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.FastYaml;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rendering contract publishing's reuse rests on: an organisation's directory depends on the
 * platform-level spec and that organisation only.
 */
class FleetTest {
  @Test
  void anOrganisationsDirectoryIsTheSameRenderedAloneOrInTheFleet() throws Exception {
    for (String stack : new String[] {"dev", "prod"}) {
      PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
      ManifestSet fleet = Fleet.render(spec);
      for (OrganisationSpec org : spec.organisations()) {
        String dir = "tenants/" + stack + "/" + org.name() + "/";
        ManifestSet alone = Fleet.render(spec.withOrganisations(List.of(org)));
        assertThat(fleet.filter(p -> p.startsWith(dir)))
            .as(dir)
            .isEqualTo(alone.filter(p -> p.startsWith(dir)));
        assertThat(fleet.filter(p -> p.startsWith(dir)).size()).isGreaterThan(3);
      }
    }
  }

  @Test
  void anotherOrganisationsChangeLeavesAnOrganisationsDirectoryAlone() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    OrganisationSpec first = spec.organisations().get(0);
    OrganisationSpec second = spec.organisations().get(1);
    List<ServiceSpec> more = new ArrayList<>(second.services());
    ServiceSpec t = second.services().get(0);
    more.add(t.withName("extra"));
    List<OrganisationSpec> orgs = new ArrayList<>(spec.organisations());
    orgs.set(1, second.withServices(more));
    String dir = "tenants/dev/" + first.name() + "/";
    ManifestSet before = Fleet.render(spec);
    ManifestSet after = Fleet.render(spec.withOrganisations(orgs));
    assertThat(after.filter(p -> p.startsWith(dir)))
        .isEqualTo(before.filter(p -> p.startsWith(dir)));
    assertThat(after.filter(p -> p.startsWith("tenants/dev/" + second.name() + "/")))
        .isNotEqualTo(before.filter(p -> p.startsWith("tenants/dev/" + second.name() + "/")));
  }

  @Test
  void leavingAnOrganisationOutChangesNoOtherFile() throws Exception {
    for (String stack : new String[] {"dev", "prod"}) {
      PlatformSpec spec = StackConfig.load(Repo.stackFile(stack));
      ManifestSet fleet = Fleet.render(spec);
      for (OrganisationSpec org : spec.organisations()) {
        String dir = "tenants/" + stack + "/" + org.name();
        List<String> own =
            fleet.paths().stream()
                .filter(p -> p.startsWith(dir + "/"))
                .map(p -> p.substring(dir.length() + 1))
                .filter(n -> !n.contains("/") && !n.equals("kustomization.yaml"))
                .toList();
        ManifestSet without = Fleet.render(spec, SpecSnapshot.write(spec), Map.of(dir, own));
        assertThat(without.filter(p -> p.startsWith(dir + "/")).size()).as(dir).isZero();
        assertThat(without).as(dir).isEqualTo(fleet.filter(p -> !p.startsWith(dir + "/")));
      }
    }
  }

  @Test
  void theWholeTreeIsWrittenByTheFastYamlPathAlone() throws Exception {
    long before = FastYaml.fallbacks();
    int files = 0;
    for (String stack : new String[] {"dev", "prod"}) {
      files += Fleet.render(StackConfig.load(Repo.stackFile(stack))).size();
    }
    assertThat(files).isGreaterThan(100);
    assertThat(FastYaml.fallbacks() - before)
        .as("documents handed to the reference YAML writer")
        .isZero();
  }

  @Test
  void theTreeHoldsTheSplitSnapshotAndTheFingerprintIsStable() throws Exception {
    PlatformSpec spec = StackConfig.load(Repo.stackFile("dev"));
    ManifestSet tree = Fleet.render(spec);
    SpecSnapshot.write(spec).forEach((path, text) -> assertThat(tree.text(path)).isEqualTo(text));
    assertThat(Fleet.fingerprint()).hasSize(32).isEqualTo(Fleet.fingerprint());
  }
}
