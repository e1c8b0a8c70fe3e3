package io.clickplane.core.config.section;

import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.UpgradeSpec;
import java.util.List;
import java.util.Optional;

/**
 * {@code clickplane:maintenance}: the environment's default maintenance window. An organisation's
 * and a service's {@code maintenance.window} override it; a service's spec holds the window that
 * applies to it ({@link UpgradeSpec#window}), so the canonical spec writes it per service.
 */
public final class MaintenanceBinder implements SectionBinder<MaintenanceWindow> {
  public static final MaintenanceBinder BINDER = new MaintenanceBinder();

  /**
   * The environment's and an organisation's windows are not written as such: the canonical spec
   * writes the window each service ends up with (its {@code maintenance.window}), which reads back
   * to the same spec.
   */
  private static final java.util.function.Function<Object, Object> RESOLVED_PER_SERVICE =
      parent -> null;

  private static final String FORM =
      "`DAYS HH:MM-HH:MM`, UTC: `daily`, a day (`sun`), a list (`tue,thu`) or a range (`mon-fri`)";

  static final Key<String> ENVIRONMENT_WINDOW =
      Key.<String>bound("window")
          .defaultDoc(Key.code(MaintenanceWindow.DEFAULT.toString()))
          .doc(
              FORM,
              "When disruptive changes (upgrade waves, Karpenter replacing its nodes) may happen"
                  + " to a service whose organisation"
                  + " and own entry name no window; a span that ends earlier than it starts runs"
                  + " past midnight (`\"sat 22:00-02:00\"`). See [upgrades](upgrades.md).")
          .writes(RESOLVED_PER_SERVICE);

  static final Key<MaintenanceWindow> ENVIRONMENT =
      Key.<MaintenanceWindow>table(
              Sections.NS + "maintenance",
              KeyTable.of("clickplane:maintenance", ENVIRONMENT_WINDOW))
          .defaultDoc("see below")
          .doc("map", "The environment's default maintenance window.")
          .writes(RESOLVED_PER_SERVICE);

  static final Key<String> ORGANISATION_WINDOW =
      Key.<String>bound("window")
          .defaultDoc("`clickplane:maintenance.window`")
          .doc(FORM, "The window of the organisation's services that name none.")
          .writes(RESOLVED_PER_SERVICE);

  /** An organisation's {@code maintenance}. */
  static final Key<Object> ORGANISATION =
      Key.nested("maintenance", KeyTable.of("maintenance", ORGANISATION_WINDOW))
          .writes(RESOLVED_PER_SERVICE);

  static final Key<String> SERVICE_WINDOW =
      Key.<String>bound("window")
          .defaultDoc("the organisation's, else `clickplane:maintenance.window`")
          .doc(
              FORM,
              "When disruptive changes (upgrade waves, Karpenter replacing its nodes) may happen"
                  + " to the service.")
          .writes((UpgradeSpec u) -> u.window().toString());

  /** A service's {@code maintenance}, written when its window is not the default. */
  static final Key<UpgradeSpec> SERVICE =
      Key.<UpgradeSpec>nested("maintenance", KeyTable.of("maintenance", SERVICE_WINDOW))
          .writes(
              (ServiceSpec s) ->
                  s.upgrade().window().equals(MaintenanceWindow.DEFAULT) ? null : s.upgrade());

  private MaintenanceBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(ENVIRONMENT);
  }

  @Override
  public MaintenanceWindow bind(Section section, Bound earlier) {
    MaintenanceWindow window = window(section.map(ENVIRONMENT), MaintenanceWindow.DEFAULT);
    return window == null ? MaintenanceWindow.DEFAULT : window;
  }

  /**
   * The window in map {@code o} ({@code o.window}), {@code def} when absent, null when invalid (the
   * problem is reported).
   */
  static MaintenanceWindow window(Fields o, MaintenanceWindow def) {
    String text = o.string("window", null, MaintenanceBinder::rule);
    if (text == null) {
      return o.has("window") ? null : def;
    }
    return MaintenanceWindow.parse(text);
  }

  private static Optional<String> rule(String value) {
    try {
      MaintenanceWindow.parse(value);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }
}
