package io.clickplane.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.capacity.CapacityModel;
import io.clickplane.core.capacity.CapacityProblem;
import io.clickplane.core.capacity.CellCapacity;
import io.clickplane.core.config.section.BillingBinder;
import io.clickplane.core.config.section.Binding;
import io.clickplane.core.config.section.Bound;
import io.clickplane.core.config.section.CellsBinder;
import io.clickplane.core.config.section.DnsBinder;
import io.clickplane.core.config.section.EksBinder;
import io.clickplane.core.config.section.Fields;
import io.clickplane.core.config.section.GitopsBinder;
import io.clickplane.core.config.section.KeycloakBinder;
import io.clickplane.core.config.section.MonitoringBinder;
import io.clickplane.core.config.section.NetworkBinder;
import io.clickplane.core.config.section.OrganisationsBinder;
import io.clickplane.core.config.section.SectionBinder;
import io.clickplane.core.config.section.Sections;
import io.clickplane.core.config.section.TopLevelBinder;
import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The one validator of the configuration contract: turns a {@link ConfigDocument} into a {@link
 * PlatformSpec}, or reports every problem at once, each with its file, line, key path and what is
 * allowed. Each section of the stack file is bound by its own binder ({@link Sections#ORDER}),
 * which owns its keys, their defaults and its checks; {@code docs/configuration.md} lists them.
 */
public final class SpecBinder {
  /** The namespace of this platform's keys. */
  public static final String NS = Sections.NS;

  /** Keys of the {@code clickplane:} namespace. */
  public static final List<String> KEYS = Sections.clickplaneKeys();

  /** Keys whose value must be a Pulumi secret ({@code secure:}) and is not part of the spec. */
  public static final Set<String> SECRET_KEYS = Set.copyOf(Sections.secretKeys());

  private SpecBinder() {}

  /** Validates and binds; throws with every problem found. */
  public static PlatformSpec bind(ConfigDocument doc) throws InvalidConfigException {
    return bind(doc, true);
  }

  /**
   * Validates and binds; with {@code capacity} false the capacity model's checks are left out (for
   * {@code clickplane plan}, which shows a fleet that does not fit).
   */
  static PlatformSpec bind(ConfigDocument doc, boolean capacity) throws InvalidConfigException {
    Binding binding = new Binding(doc);
    PlatformSpec spec =
        binding.problems().isEmpty() || !doc.values().isEmpty()
            ? platform(binding, capacity)
            : null;
    if (!binding.problems().isEmpty() || spec == null) {
      List<ConfigProblem> sorted = new ArrayList<>(binding.problems());
      sorted.sort(Comparator.comparingInt(ConfigProblem::line));
      throw new InvalidConfigException(sorted);
    }
    return spec;
  }

  private static PlatformSpec platform(Binding binding, boolean capacity) {
    for (String key : binding.doc().values().keySet()) {
      checkTopLevelKey(binding, key);
    }
    Bound bound = new Bound();
    for (SectionBinder<?> section : Sections.ORDER) {
      bound.bind(section, binding);
    }
    if (!bound.ok()) {
      return null;
    }
    TopLevelBinder.Names names = bound.get(TopLevelBinder.BINDER);
    PlatformSpec spec =
        new PlatformSpec(
            names.environment(),
            names.region(),
            names.domain(),
            names.bucketPrefix(),
            bound.get(NetworkBinder.BINDER),
            bound.get(EksBinder.BINDER),
            bound.get(GitopsBinder.BINDER),
            bound.get(OrganisationsBinder.BINDER),
            bound.get(DnsBinder.BINDER),
            bound.get(MonitoringBinder.BINDER),
            bound.get(KeycloakBinder.BINDER),
            bound.get(BillingBinder.BINDER),
            bound.get(CellsBinder.BINDER));
    spec = PlanBinding.apply(binding.doc(), spec, binding::problem, capacity);
    if (capacity) {
      checkCapacity(binding, spec);
    }
    return spec;
  }

  private static void checkTopLevelKey(Binding binding, String key) {
    int colon = key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1) {
      binding.problem(
          key, "config keys are written namespace:key, e.g. clickplane:environment or aws:region");
      return;
    }
    if (key.startsWith(NS)) {
      String name = key.substring(NS.length());
      if (!KEYS.contains(name)) {
        binding.problem(
            key,
            "unknown key"
                + Suggestions.didYouMean(name, KEYS)
                + "; allowed under clickplane: "
                + String.join(", ", KEYS));
      }
    } else if (Suggestions.distance(key.substring(0, colon), "clickplane") <= 2) {
      binding.problem(
          key,
          "unknown namespace \"" + key.substring(0, colon) + "\" (did you mean \"clickplane\"?)");
    }
  }

  /**
   * Every pod fits a node where it is placed and every group's {@code max} holds its pods: the
   * capacity model ({@link CapacityModel}, see docs/capacity.md) reports each problem at the key to
   * change. Each cell is its own cluster with the environment's node groups and pools, so a stack
   * with cells is checked cell by cell.
   */
  private static void checkCapacity(Binding binding, PlatformSpec spec) {
    for (CapacityProblem p : CellCapacity.problems(spec)) {
      binding.problem(p.path(), p.message());
    }
  }

  /** How a value is named in messages: {@code string "x"}, {@code number 3}, {@code a list}. */
  static String describe(JsonNode node) {
    return Fields.describe(node);
  }
}
