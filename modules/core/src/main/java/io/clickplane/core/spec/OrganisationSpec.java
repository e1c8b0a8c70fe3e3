package io.clickplane.core.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer organisation: its own namespace, backup bucket, IAM role and services.
 *
 * @param name DNS-1123 label, unique in the environment
 * @param services the organisation's ClickHouse services, in stack-file order
 */
public record OrganisationSpec(String name, List<ServiceSpec> services) {
  public OrganisationSpec {
    Objects.requireNonNull(name, "name");
    services = List.copyOf(services);
  }

  public Optional<ServiceSpec> service(String serviceName) {
    return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
  }

  public OrganisationSpec withServices(List<ServiceSpec> value) {
    return new OrganisationSpec(name, value);
  }
}
