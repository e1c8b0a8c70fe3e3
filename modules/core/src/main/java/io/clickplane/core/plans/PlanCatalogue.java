package io.clickplane.core.plans;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service plans a stack offers: the {@link #DEFAULTS} shipped here, with a stack's own entries
 * under {@code clickplane:plans} replacing a default of the same name or adding a plan.
 *
 * <p>Defaults: {@code general-N} (4 GiB per vCPU: m6i, m7i as fallback), {@code memory-N} (8 GiB
 * per vCPU: r6i, r7i) and {@code compute-N} (2 GiB per vCPU: c6i, c7i) for N = 2 to 32 vCPUs, every
 * one spread over 3 zones. {@code compute-2} is not offered: a c6i.large has too little memory left
 * after the platform's node daemons for a ClickHouse server ({@link PlanSizing#MIN_MEMORY_MIB}).
 */
public final class PlanCatalogue {
  /** Availability zones every default plan spreads over. */
  public static final int DEFAULT_ZONES = 3;

  /** The plans shipped, smallest first within each kind. */
  public static final List<ServicePlan> DEFAULTS = defaults();

  private final Map<String, ServicePlan> plans;

  private PlanCatalogue(Map<String, ServicePlan> plans) {
    this.plans = plans;
  }

  /** The defaults only. */
  public static PlanCatalogue defaultCatalogue() {
    return of(List.of());
  }

  /** The defaults with {@code overrides} replacing or adding plans by name. */
  public static PlanCatalogue of(List<ServicePlan> overrides) {
    Map<String, ServicePlan> all = new LinkedHashMap<>();
    for (ServicePlan p : DEFAULTS) {
      all.put(p.name(), p);
    }
    for (ServicePlan p : overrides) {
      all.put(p.name(), p);
    }
    return new PlanCatalogue(all);
  }

  /** The plan of that name. */
  public Optional<ServicePlan> find(String name) {
    return Optional.ofNullable(plans.get(name));
  }

  /** Every plan, defaults first in their order, then the stack's additions. */
  public List<ServicePlan> plans() {
    return List.copyOf(plans.values());
  }

  /**
   * The smallest plan whose pod gets at least {@code cpuMillis} and {@code memoryMib}: the one with
   * the fewest vCPUs on its primary instance type, then the least memory, then by name; plans that
   * cannot be sized (unknown instance types) are skipped.
   */
  public Optional<PlanSizing> smallestFitting(long cpuMillis, long memoryMib) {
    return plans.values().stream()
        .map(PlanSizing::tryOf)
        .flatMap(Optional::stream)
        .filter(s -> s.podCpuMillis() >= cpuMillis && s.podMemoryMib() >= memoryMib)
        .min(
            java.util.Comparator.comparingInt((PlanSizing s) -> s.sizedFor().vcpus())
                .thenComparingLong(s -> s.sizedFor().memoryMib())
                .thenComparing(s -> s.plan().name()));
  }

  /**
   * The plan a service's ClickHouse pods run on: the one its resources name, or else the smallest
   * that fits them.
   */
  public Optional<PlanSizing> planOf(io.clickplane.core.spec.Resources resources) {
    Optional<PlanSizing> named = find(resources.plan()).flatMap(PlanSizing::tryOf);
    if (named.isPresent()) {
      return named;
    }
    return smallestFitting(
        io.clickplane.core.spec.Quantities.millicores(resources.cpu()),
        io.clickplane.core.spec.Quantities.mebibytesCeil(resources.memory()));
  }

  /** The plans' names, for a message. */
  public String namesText() {
    return String.join(", ", plans.keySet());
  }

  private static List<ServicePlan> defaults() {
    String[] sizes = {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge"};
    int[] vcpus = {2, 4, 8, 16, 32};
    List<ServicePlan> out = new ArrayList<>();
    String[][] kinds = {
      {"general", "m6i", "m7i"}, {"memory", "r6i", "r7i"}, {"compute", "c6i", "c7i"}
    };
    for (String[] kind : kinds) {
      for (int i = 0; i < sizes.length; i++) {
        if (kind[0].equals("compute") && vcpus[i] == 2) {
          continue;
        }
        out.add(
            new ServicePlan(
                kind[0] + "-" + vcpus[i],
                List.of(kind[1] + "." + sizes[i], kind[2] + "." + sizes[i]),
                DEFAULT_ZONES));
      }
    }
    return List.copyOf(out);
  }
}
