package io.clickplane.stacks.cluster;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.ChangeAllowances;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.testing.Repo;
import java.util.ArrayList;
import java.util.List;

/** The fleets the model's checks run over: the dev and prod stacks and a generated one. */
final class Fleets {
  private Fleets() {}

  static PlatformSpec stack(String name) {
    try {
      return StackConfig.load(Repo.stackFile(name));
    } catch (Exception e) {
      throw new AssertionError("stack " + name, e);
    }
  }

  /**
   * {@code organisations} organisations {@code org-000}, … of {@code perOrganisation} services
   * each, cycling through the dev stack's services (single, replicated, sharded, Keeper, canary).
   */
  static PlatformSpec generated(int organisations, int perOrganisation) {
    PlatformSpec base = stack("dev");
    List<ServiceSpec> templates = new ArrayList<>();
    base.organisations().forEach(o -> templates.addAll(o.services()));
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (int o = 0; o < organisations; o++) {
      List<ServiceSpec> services = new ArrayList<>();
      for (int s = 0; s < perOrganisation; s++) {
        ServiceSpec t = templates.get((o * perOrganisation + s) % templates.size());
        services.add(t.withName("svc-" + s).withAllow(ChangeAllowances.NONE));
      }
      orgs.add(new OrganisationSpec(String.format("org-%03d", o), services));
    }
    return base.withOrganisations(orgs);
  }
}
