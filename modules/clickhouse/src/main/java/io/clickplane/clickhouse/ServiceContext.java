package io.clickplane.clickhouse;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.plans.PlanSizing;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One service in its place: the environment, its organisation and the stack's dedicated node group.
 * Everything a manifest of the service needs besides the service itself.
 */
record ServiceContext(PlatformSpec platform, OrganisationSpec organisation, ServiceSpec service) {

  String environment() {
    return platform.environment();
  }

  String namespace() {
    return Naming.namespace(organisation.name());
  }

  String name() {
    return service.name();
  }

  /** The service plan its ClickHouse pods run on (empty only when no plan fits). */
  Optional<PlanSizing> plan() {
    return platform.eks().planCatalogue().planOf(service.resources());
  }

  /** Directory of the service in the Flux tree: {@code tenants/<env>/<org>/<service>}. */
  String directory() {
    return "tenants/" + environment() + "/" + organisation.name() + "/" + service.name();
  }

  /**
   * Labels carried by every object of the service (sorted, so output never depends on map order).
   */
  Map<String, String> labels() {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
    labels.put(Naming.LABEL_ENVIRONMENT, environment());
    labels.put(Naming.LABEL_ORGANISATION, organisation.name());
    labels.put(Naming.LABEL_SERVICE, service.name());
    return labels;
  }
}
