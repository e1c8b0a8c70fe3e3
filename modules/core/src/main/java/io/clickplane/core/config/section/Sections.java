package io.clickplane.core.config.section;

import java.util.ArrayList;
import java.util.List;

/**
 * The one ordered table of the stack file's sections. Sections bind in this order (a section sees
 * what the ones before it bound), and the allowed top-level keys and the configuration reference's
 * tables are listed in it.
 */
public final class Sections {
  /** The namespace of this platform's keys. */
  public static final String NS = "clickplane:";

  /** Every section, in binding order. */
  public static final List<SectionBinder<?>> ORDER =
      List.of(
          TopLevelBinder.BINDER,
          NetworkBinder.BINDER,
          EksBinder.BINDER,
          PlansBinder.BINDER,
          CellsBinder.BINDER,
          GitopsBinder.BINDER,
          MaintenanceBinder.BINDER,
          OrganisationsBinder.BINDER,
          DnsBinder.BINDER,
          MonitoringBinder.BINDER,
          KeycloakBinder.BINDER,
          BillingBinder.BINDER,
          SecretsBinder.BINDER);

  private Sections() {}

  /** Every top-level key (full keys, {@code aws:region} included), in table order. */
  public static List<Key<?>> topLevelKeys() {
    List<Key<?>> out = new ArrayList<>();
    for (SectionBinder<?> section : ORDER) {
      out.addAll(section.keys());
    }
    return out;
  }

  /** The keys of the {@code clickplane:} namespace, without the namespace, in table order. */
  public static List<String> clickplaneKeys() {
    return topLevelKeys().stream()
        .map(Key::name)
        .filter(k -> k.startsWith(NS))
        .map(k -> k.substring(NS.length()))
        .toList();
  }

  /** Keys whose value must be a Pulumi secret ({@code secure:}) and is not part of the spec. */
  public static List<String> secretKeys() {
    return SecretsBinder.BINDER.keys().stream().map(k -> k.name().substring(NS.length())).toList();
  }

  /** The top-level keys as one table: what a stack file's {@code config:} map may hold. */
  public static KeyTable topLevel() {
    return new KeyTable("top-level", topLevelKeys());
  }

  /**
   * The tables of the configuration reference, in order: the top-level keys, then each table below
   * them.
   */
  public static List<KeyTable> documented() {
    return topLevel().documented();
  }
}
