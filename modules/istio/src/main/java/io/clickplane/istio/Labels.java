package io.clickplane.istio;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import java.util.Map;
import java.util.TreeMap;

/** The platform's labels on the objects this module renders. */
final class Labels {
  private Labels() {}

  static Map<String, String> environment(PlatformSpec spec) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Naming.LABEL_ENVIRONMENT, spec.environment());
    labels.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
    return labels;
  }

  static Map<String, String> organisation(PlatformSpec spec, OrganisationSpec org) {
    Map<String, String> labels = environment(spec);
    labels.put(Naming.LABEL_ORGANISATION, org.name());
    return labels;
  }

  static Map<String, String> service(PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    Map<String, String> labels = organisation(spec, org);
    labels.put(Naming.LABEL_SERVICE, service.name());
    return labels;
  }
}
