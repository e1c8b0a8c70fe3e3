package io.clickplane.core.config.section;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.Rules;
import io.clickplane.core.naming.DerivedNames;
import io.clickplane.core.naming.NameBudgets;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.ReservedNames;
import io.clickplane.core.spec.CellSpec;
import io.clickplane.core.spec.EksSpec;
import io.clickplane.core.spec.GitopsSpec;
import io.clickplane.core.spec.MaintenanceWindow;
import io.clickplane.core.spec.NetworkSpec;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code clickplane:organisations}: the customer organisations and their services. */
public final class OrganisationsBinder implements SectionBinder<List<OrganisationSpec>> {
  public static final OrganisationsBinder BINDER = new OrganisationsBinder();

  /** Organisation names that would collide with platform namespaces: {@link ReservedNames}. */
  public static final Set<String> RESERVED_ORGANISATIONS = ReservedNames.all().keySet();

  static final Key<String> NAME =
      Key.string(
              "name",
              null,
              v -> Rules.dnsLabel(v).or(() -> Rules.namePart(v)).or(() -> reserved(v)))
          .doc(
              "DNS-1123 label, unique, not reserved",
              "The organisation; its name is also its Kubernetes namespace.")
          .writes(OrganisationSpec::name);
  static final Key<List<ServiceSpec>> SERVICES =
      Key.<List<ServiceSpec>>table("services", ServiceBinder.TABLE)
          .defaultDoc("`[]`")
          .doc("list", "The organisation's ClickHouse services (below); may be empty.")
          .writes(OrganisationSpec::services);

  static final Key<String> CELL =
      Key.<String>bound("cell")
          .defaultDoc("the only cell, when `clickplane:cells` lists one")
          .doc(
              "a name in `clickplane:cells`",
              "The cell whose cluster runs the organisation; required when there are several"
                  + " cells, refused without cells. Changing it moves the organisation (refused"
                  + " unless `allow.cellMove`). See [cells](cells.md).")
          .writes((OrganisationSpec o) -> o.cell().isEmpty() ? null : o.cell());
  static final Key<Boolean> CELL_MOVE =
      Key.bool("cellMove", false)
          .doc(
              "boolean",
              "The organisation may move to another cell: its services are recreated there and"
                  + " refilled from a backup (see [cells](cells.md#moving-an-organisation)).")
          .writes((OrganisationSpec o) -> o.allowCellMove() ? true : null);
  static final Key<OrganisationSpec> ALLOW =
      Key.<OrganisationSpec>nested("allow", KeyTable.of("allow", CELL_MOVE))
          .writes((OrganisationSpec o) -> o.allowCellMove() ? o : null);

  static final Key<List<OrganisationSpec>> ORGANISATIONS =
      Key.<List<OrganisationSpec>>table(
              Sections.NS + "organisations",
              KeyTable.of(
                  "clickplane:organisations[]",
                  NAME,
                  CELL,
                  ALLOW,
                  MaintenanceBinder.ORGANISATION,
                  SERVICES))
          .defaultDoc("required (may be `[]`)")
          .doc("list", "Customer organisations and their services.")
          .writes(PlatformSpec::organisations);

  private OrganisationsBinder() {}

  @Override
  public List<Key<?>> keys() {
    return List.of(ORGANISATIONS);
  }

  @Override
  public List<OrganisationSpec> bind(Section section, Bound earlier) {
    TopLevelBinder.Names names = earlier.get(TopLevelBinder.BINDER);
    MaintenanceWindow environmentWindow = earlier.get(MaintenanceBinder.BINDER);
    List<CellSpec> cells = earlier.get(CellsBinder.BINDER);
    CellPlacement placement = new CellPlacement(cells == null ? List.of() : cells);
    String key = ORGANISATIONS.name();
    JsonNode node = section.value(key);
    if (node == null) {
      return section.refuse(key, "required: a list of organisations (may be empty: [])");
    }
    if (!node.isArray()) {
      return section.refuse(
          key, "must be a list of organisations (got " + Fields.describe(node) + ")");
    }
    List<OrganisationSpec> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Fields o : section.items(key, node, ORGANISATIONS.table())) {
      String name = NAME.read(o);
      if (name != null && seen.putIfAbsent(name, o.path()) != null) {
        o.problem(
            o.path(NAME.name()),
            "duplicate organisation name \"" + name + "\" (also at " + seen.get(name) + ")");
      }
      if (name != null && names.environment() != null && names.bucketPrefix() != null) {
        PlatformSpec probe = namingProbe(names);
        for (String m :
            NameBudgets.organisation(
                Naming.backupBucket(probe, name), Naming.backupRole(probe, name))) {
          o.problem(o.path(NAME.name()), m);
        }
      }
      MaintenanceWindow window =
          MaintenanceBinder.window(o.object(MaintenanceBinder.ORGANISATION), environmentWindow);
      Boolean cellMove = o.object(ALLOW.name(), ALLOW.table()).bool(CELL_MOVE.name(), false);
      List<ServiceSpec> services =
          ServiceBinder.services(
              o,
              name,
              names.domain(),
              window == null ? environmentWindow : window,
              Boolean.TRUE.equals(cellMove));
      // Cells refused or not bound: the organisation binds without one (the stack is refused).
      String cell = cells == null ? "" : placement.cell(o, CELL.name(), services);
      if (o.ok() && services != null && cell != null && cellMove != null) {
        out.add(new OrganisationSpec(name, services, cell, cellMove));
      } else {
        section.fail();
      }
    }
    if (section.ok()) {
      for (DerivedNames.Clash c : DerivedNames.clashes(out)) {
        section.problem(
            key + "[" + c.organisation() + "].services[" + c.service() + "].name", c.message());
      }
    }
    return section.ok() ? out : null;
  }

  /** One organisation as the canonical spec writes it (its snapshot file holds this). */
  public static Map<String, Object> canonical(OrganisationSpec org) {
    return ORGANISATIONS.table().write(org);
  }

  private static Optional<String> reserved(String name) {
    return ReservedNames.organisation(name);
  }

  /** A platform that derives the organisation's names as the bound one will. */
  private static PlatformSpec namingProbe(TopLevelBinder.Names names) {
    return new PlatformSpec(
        names.environment(),
        "us-east-1",
        names.domain() == null ? "example.com" : names.domain(),
        names.bucketPrefix(),
        new NetworkSpec(NetworkBinder.DEFAULT_CIDR, NetworkBinder.DEFAULT_AZS, true),
        new EksSpec(EksBinder.DEFAULT_EKS_VERSION, List.of(), EksBinder.DEFAULT_ADDONS, List.of()),
        new GitopsSpec("", "main"),
        List.of());
  }
}
