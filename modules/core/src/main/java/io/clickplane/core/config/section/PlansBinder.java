package io.clickplane.core.config.section;

import io.clickplane.core.plans.ServicePlan;
import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code clickplane:plans}: the stack's own service plans. The section declares the key; its
 * entries are read and checked with each service's {@code plan} once every section is bound ({@code
 * PlanBinding}), since a plan's checks need the region, the network and the services.
 */
public final class PlansBinder implements SectionBinder<Void> {
  public static final PlansBinder BINDER = new PlansBinder();

  static final Key<List<Map<String, Object>>> PLANS =
      Key.<List<Map<String, Object>>>bound(Sections.NS + "plans")
          .defaultDoc("none (the shipped plans)")
          .doc(
              "list of `{name, instanceTypes, zones}`",
              "Service plans added to, or replacing by name, the shipped ones (below).")
          .writes(PlansBinder::write);

  private PlansBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(PLANS);
  }

  @Override
  public Void bind(Section section, Bound earlier) {
    return null;
  }

  private static List<Map<String, Object>> write(PlatformSpec spec) {
    if (spec.eks().plans().isEmpty()) {
      return null;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (ServicePlan p : spec.eks().plans()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("instanceTypes", p.instanceTypes());
      m.put("zones", p.zones());
      out.add(m);
    }
    return out;
  }
}
