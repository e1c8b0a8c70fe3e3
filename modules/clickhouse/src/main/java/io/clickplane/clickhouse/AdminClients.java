package io.clickplane.clickhouse;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;

/**
 * Where the platform's {@code admin} user may log in from: the service's own pods (its ClickHouse
 * servers, coordinator members and the platform's Jobs: databases, backups, restores) and loopback,
 * never the ingress gateway.
 *
 * <p>An address cannot tell them apart: ztunnel delivers gateway traffic with the gateway pod's
 * source address, inside the VPC like every pod. A name can: this headless Service selects the
 * service's pods by the labels the platform gives them, so cluster DNS publishes a name (and its
 * reverse record) {@code <a-b-c-d>.<this service>.<namespace>.svc.cluster.local} for each of them
 * and for nothing else; {@code admin}'s {@code networks/host_regexp} admits those names only.
 * ClickHouse checks a {@code host_regexp} by a reverse lookup of the client's address and a forward
 * lookup of the name it gets (the operator's own {@code hostRegexpTemplate} for the installation's
 * pods relies on the same records).
 */
final class AdminClients {
  private AdminClients() {}

  /** {@code clickhouse-<service>-admin-clients}. */
  static String serviceName(ServiceContext ctx) {
    return ClickHouseDefaults.adminClientsService(ctx.name());
  }

  static Service service(ServiceContext ctx) {
    io.fabric8.kubernetes.api.model.ServiceSpec spec =
        new io.fabric8.kubernetes.api.model.ServiceSpec();
    spec.setClusterIP("None");
    // A Job's pod is named as soon as it runs, ready or not.
    spec.setPublishNotReadyAddresses(true);
    spec.setSelector(ctx.labels());
    ServicePort port = new ServicePort();
    port.setName("tcp");
    port.setPort(ClickHouseDefaults.NATIVE_PORT);
    port.setTargetPort(new IntOrString(ClickHouseDefaults.NATIVE_PORT));
    spec.setPorts(List.of(port));
    Service service = new Service();
    service.setApiVersion("v1");
    service.setKind("Service");
    service.setMetadata(Manifests.metadata(ctx, serviceName(ctx)));
    service.setSpec(spec);
    return service;
  }

  /** The names cluster DNS gives the pods of {@link #service}, anchored. */
  static String hostRegexp(ServiceContext ctx) {
    // Service and namespace names are DNS labels: only the dots need escaping.
    return "^[^.]+\\." + serviceName(ctx) + "\\." + ctx.namespace() + "\\.svc\\.cluster\\.local$";
  }
}
