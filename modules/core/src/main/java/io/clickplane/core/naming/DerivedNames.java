package io.clickplane.core.naming;

import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Collisions between names the renderers derive for different services in a namespace they share.
 * Inside an organisation's namespace every name carries the service's name behind a fixed prefix,
 * and service names are unique there; in the shared gateway namespace names join the organisation
 * and the service with '-', so organisation {@code a-b} with service {@code c} and organisation
 * {@code a} with service {@code b-c} both derive {@code allow-list-a-b-c}. Each such clash is
 * reported at both services, so validation refuses what rendering could not write.
 */
public final class DerivedNames {
  /** A clash, reported at one service's name. */
  public record Clash(int organisation, int service, String message) {}

  private record Derived(String kind, String namespace, BiFunction<String, String, String> name) {}

  /** Every per-service name in a namespace organisations share. */
  private static final List<Derived> SHARED =
      List.of(
          new Derived("Service", Namespaces.ISTIO_INGRESS, GatewayNames::dedicatedLoadBalancer),
          new Derived("AuthorizationPolicy", Namespaces.ISTIO_INGRESS, GatewayNames::allowList));

  private DerivedNames() {}

  /** Every clash among the services of {@code organisations}, in their order. */
  public static List<Clash> clashes(List<OrganisationSpec> organisations) {
    record Owner(int org, int service, String label) {}
    Map<String, Owner> owners = new HashMap<>();
    List<Clash> out = new ArrayList<>();
    for (int o = 0; o < organisations.size(); o++) {
      OrganisationSpec org = organisations.get(o);
      for (int s = 0; s < org.services().size(); s++) {
        ServiceSpec service = org.services().get(s);
        String label = org.name() + "/" + service.name();
        for (Derived d : SHARED) {
          String name = d.name().apply(org.name(), service.name());
          Owner mine = new Owner(o, s, label);
          Owner other = owners.putIfAbsent(d.kind() + " " + d.namespace() + "/" + name, mine);
          if (other != null) {
            String what = d.kind() + " " + d.namespace() + "/" + name;
            out.add(new Clash(o, s, clash(what, other.label())));
            out.add(new Clash(other.org(), other.service(), clash(what, label)));
          }
        }
      }
    }
    return out;
  }

  private static String clash(String what, String other) {
    return "derives the name of "
        + what
        + ", which service "
        + other
        + " derives too; rename one of the two services (or organisations)";
  }
}
