package io.clickplane.core.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer organisation: its own namespace, backup bucket, IAM role and services.
 *
 * @param name DNS-1123 label, unique in the environment
 * @param services the organisation's ClickHouse services, in stack-file order
 * @param cell the cell whose cluster runs the organisation ({@link PlatformSpec#cells()}); empty
 *     when the environment lists no cells
 * @param allowCellMove the organisation may move to another cell than the one it was published in
 *     (its services are recreated empty there: see {@code docs/cells.md})
 */
public record OrganisationSpec(
    String name, List<ServiceSpec> services, String cell, boolean allowCellMove) {
  public OrganisationSpec {
    Objects.requireNonNull(name, "name");
    services = List.copyOf(services);
    Objects.requireNonNull(cell, "cell");
  }

  /** An organisation of an environment without cells. */
  public OrganisationSpec(String name, List<ServiceSpec> services) {
    this(name, services, "", false);
  }

  public Optional<ServiceSpec> service(String serviceName) {
    return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
  }

  /** The same organisation in cell {@code value}. */
  public OrganisationSpec withCell(String value) {
    return new OrganisationSpec(name, services, value, allowCellMove);
  }

  public OrganisationSpec withServices(List<ServiceSpec> value) {
    return new OrganisationSpec(name, value, cell, allowCellMove);
  }
}
