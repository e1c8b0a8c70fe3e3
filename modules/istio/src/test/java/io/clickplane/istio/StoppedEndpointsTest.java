package io.clickplane.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.ServiceState;
import io.clickplane.core.testing.Repo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stopped service's endpoint is withdrawn: its host leaves the Gateway (ExternalDNS's
 * istio-gateway source publishes the Gateways' hosts, so the record goes), its route goes, and a
 * dedicated load balancer's Service goes; the other services' endpoints are untouched.
 */
class StoppedEndpointsTest {
  private static PlatformSpec stop(PlatformSpec spec, String service) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : org.services()) {
        services.add(s.name().equals(service) ? s.withState(ServiceState.STOPPED) : s);
      }
      orgs.add(org.withServices(services));
    }
    return spec.withOrganisations(orgs);
  }

  @Test
  void everyStoppedServiceLosesItsRouteItsGatewayHostAndItsLoadBalancer() throws Exception {
    PlatformSpec dev = StackConfig.load(Repo.stackFile("dev"));
    for (OrganisationSpec org : dev.organisations()) {
      for (ServiceSpec service : org.services()) {
        PlatformSpec stopped = stop(dev, service.name());
        OrganisationSpec stoppedOrg = stopped.organisation(org.name()).orElseThrow();
        ServiceSpec stoppedService = stoppedOrg.service(service.name()).orElseThrow();
        ManifestSet before = IstioRenderer.render(dev);
        ManifestSet after = IstioRenderer.render(stopped);
        String host = Endpoints.host(dev, org, service);
        String route =
            io.clickplane.core.flux.FluxPaths.service("dev", org.name(), service.name())
                + "/virtualservice.yaml";
        assertThat(before.paths()).contains(route);
        assertThat(after.paths()).doesNotContain(route);
        assertThat(after.paths().stream().filter(p -> p.contains("gateway")).map(after::text))
            .noneMatch(t -> t.contains(host));
        assertThat(before.paths().stream().filter(p -> p.contains("gateway")).map(before::text))
            .anyMatch(t -> t.contains(host));
        String nlb = Endpoints.dedicatedService(org, service);
        assertThat(after.paths()).noneMatch(p -> p.endsWith("/" + nlb + ".yaml"));
        if (service.endpoint().dedicatedLoadBalancer()) {
          assertThat(before.paths()).anyMatch(p -> p.endsWith("/" + nlb + ".yaml"));
        }
        // Only this service's files differ.
        for (String p : before.paths()) {
          if (!p.contains(service.name()) && after.paths().contains(p) && !p.contains("gateway")) {
            assertThat(after.text(p)).as(p).isEqualTo(before.text(p));
          }
        }
        assertThat(stoppedService.stopped()).isTrue();
      }
    }
  }
}
