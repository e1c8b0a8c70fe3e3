package io.clickplane.istio;

import io.clickplane.core.naming.GatewayNames;
import io.clickplane.core.naming.Mesh;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;

/** Names of the endpoint objects, computed in one place. */
public final class Endpoints {
  private Endpoints() {}

  /** The organisation's Gateway for services behind the shared NLB. */
  public static final String SHARED_GATEWAY = "endpoints";

  /** The organisation's Gateway for services with a dedicated NLB (ExternalDNS skips it). */
  public static final String DEDICATED_GATEWAY = "endpoints-dedicated";

  /** The ClusterIssuer every endpoint certificate comes from. */
  public static final String CLUSTER_ISSUER = Mesh.CLUSTER_ISSUER;

  /** In-cluster name of a service's ClickHouse Service (the routes' destination). */
  public static String destination(OrganisationSpec org, ServiceSpec service) {
    return Naming.installationService(service.name())
        + "."
        + Naming.namespace(org.name())
        + ".svc.cluster.local";
  }

  /** Public host name of a service. */
  public static String host(PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    return Naming.host(spec, org, service);
  }

  /** The Gateway a service's routes attach to. */
  public static String gateway(ServiceSpec service) {
    return service.endpoint().dedicatedLoadBalancer() ? DEDICATED_GATEWAY : SHARED_GATEWAY;
  }

  /** The dedicated NLB's Service in the gateway namespace. */
  public static String dedicatedService(OrganisationSpec org, ServiceSpec service) {
    return GatewayNames.dedicatedLoadBalancer(org.name(), service.name());
  }

  /** The gateway's allow-list policy of a service (in the gateway namespace). */
  public static String allowList(OrganisationSpec org, ServiceSpec service) {
    return GatewayNames.allowList(org.name(), service.name());
  }
}
