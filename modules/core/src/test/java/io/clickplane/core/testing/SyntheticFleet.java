package io.clickplane.core.testing;

import io.clickplane.core.spec.ChangeAllowances;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A large fleet derived from a stack: organisations {@code org-000}, {@code org-001}, … each with
 * services {@code svc-0}, {@code svc-1}, … cycling through the stack's own services (in the dev
 * stack: single, 1×3, 2×3 and Keeper). For the benchmark and for tests over many services.
 */
public final class SyntheticFleet {
  private SyntheticFleet() {}

  public static PlatformSpec of(PlatformSpec base, int services, int servicesPerOrganisation) {
    List<ServiceSpec> templates = new ArrayList<>();
    base.organisations().forEach(o -> templates.addAll(o.services()));
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (int o = 0; o < services / servicesPerOrganisation; o++) {
      List<ServiceSpec> members = new ArrayList<>();
      for (int s = 0; s < servicesPerOrganisation; s++) {
        ServiceSpec t = templates.get((o * servicesPerOrganisation + s) % templates.size());
        members.add(t.withName("svc-" + s).withAllow(ChangeAllowances.NONE));
      }
      orgs.add(new OrganisationSpec(String.format("org-%03d", o), members));
    }
    return base.withOrganisations(orgs);
  }
}
