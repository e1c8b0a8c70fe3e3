package io.clickplane.monitoring;

import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The monitoring part of an environment's tree. A pure function of the spec; one object per file.
 *
 * <pre>
 * infrastructure/&lt;env&gt;/controllers/monitoring/   namespace, HelmRepository, kube-prometheus-stack HelmRelease
 * infrastructure/&lt;env&gt;/configs/monitoring/       PrometheusRule, operator and cert-manager ServiceMonitors,
 *                                               dashboards, the ClusterRole letting tenants' reconcilers
 *                                               manage PodMonitors, the operator webhook's mTLS exception
 * tenants/&lt;env&gt;/&lt;org&gt;/&lt;service&gt;/              podmonitor-clickhouse.yaml, podmonitor-coordinator.yaml
 * </pre>
 */
public final class MonitoringRenderer {
  private MonitoringRenderer() {}

  public static ManifestSet render(PlatformSpec spec) {
    return render(spec, AlertThresholds.DEFAULT);
  }

  static ManifestSet render(PlatformSpec spec, AlertThresholds thresholds) {
    String env = spec.environment();
    ManifestSet.Builder tree = ManifestSet.builder();
    Map<String, String> platform = labels(spec);
    String controllers = controllersDirectory(spec) + "/";
    tree.add(controllers + "namespace.yaml", Yaml.write(MonitoringStack.namespace(platform)));
    tree.add(controllers + "helmrepository.yaml", Yaml.write(MonitoringStack.repository(platform)));
    tree.add(controllers + "helmrelease.yaml", Yaml.write(MonitoringStack.release(spec, platform)));

    String configs = configsDirectory(spec) + "/";
    Map<String, String> selected = selected(platform);
    tree.add(
        configs + "prometheusrule-clickplane.yaml",
        Yaml.write(AlertRules.resource(thresholds, selected)));
    tree.add(
        configs + "servicemonitor-clickhouse-operator.yaml",
        Yaml.write(ScrapeTargets.operator(selected)));
    tree.add(
        configs + "servicemonitor-cert-manager.yaml",
        Yaml.write(ScrapeTargets.certManager(selected)));
    tree.add(
        configs + "clusterrole-tenant-monitors.yaml", Yaml.write(tenantMonitorsRole(platform)));
    tree.add(
        configs + "peerauthentication-" + OperatorWebhook.NAME + ".yaml",
        Yaml.write(OperatorWebhook.peerAuthentication(platform)));
    for (Dashboards.Dashboard dashboard : Dashboards.all()) {
      tree.add(
          configs + "dashboard-" + dashboard.uid() + ".yaml",
          Yaml.write(Dashboards.configMap(dashboard, platform)));
    }

    for (OrganisationSpec org : spec.organisations()) {
      for (ServiceSpec service : org.services()) {
        if (service.stopped()) {
          continue; // no pods to scrape
        }
        String dir = FluxPaths.service(env, org.name(), service.name()) + "/";
        Map<String, String> labels = selected(labels(spec, org, service));
        tree.add(
            dir + "podmonitor-clickhouse.yaml",
            Yaml.write(ScrapeTargets.clickhouse(spec, org, service, labels)));
        tree.add(
            dir + "podmonitor-coordinator.yaml",
            Yaml.write(ScrapeTargets.coordinator(spec, org, service, labels)));
      }
    }
    return tree.build();
  }

  /** {@code infrastructure/<env>/controllers/monitoring}. */
  public static String controllersDirectory(String environment) {
    return FluxPaths.controllers(environment) + "/monitoring";
  }

  /** {@code infrastructure/<env>/configs/monitoring}. */
  public static String configsDirectory(String environment) {
    return FluxPaths.configs(environment) + "/monitoring";
  }

  /** The monitoring controllers' directory of the cell {@code spec} is. */
  public static String controllersDirectory(PlatformSpec spec) {
    return FluxPaths.controllers(spec) + "/monitoring";
  }

  /** The monitoring configuration's directory of the cell {@code spec} is. */
  public static String configsDirectory(PlatformSpec spec) {
    return FluxPaths.configs(spec) + "/monitoring";
  }

  private static Map<String, String> labels(PlatformSpec spec) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Naming.LABEL_ENVIRONMENT, spec.environment());
    labels.put(Naming.LABEL_MANAGED_BY, Naming.MANAGED_BY);
    return labels;
  }

  private static Map<String, String> labels(
      PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    Map<String, String> labels = labels(spec);
    labels.put(Naming.LABEL_ORGANISATION, org.name());
    labels.put(Naming.LABEL_SERVICE, service.name());
    return labels;
  }

  /** The labels plus the one Prometheus selects monitors and rules by. */
  private static Map<String, String> selected(Map<String, String> labels) {
    Map<String, String> out = new TreeMap<>(labels);
    out.put(MonitoringStack.SELECTOR_LABEL, MonitoringStack.RELEASE);
    return out;
  }

  /**
   * Lets the namespace {@code admin} role (each organisation's reconciler is bound to it) manage
   * the PodMonitors of the organisation's services.
   */
  private static ClusterRole tenantMonitorsRole(Map<String, String> platform) {
    Map<String, String> labels = new TreeMap<>(platform);
    labels.put("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName("clickplane-tenant-monitors")
        .withLabels(labels)
        .endMetadata()
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("monitoring.coreos.com")
                .withResources("podmonitors")
                .withVerbs(
                    List.of(
                        "create",
                        "delete",
                        "deletecollection",
                        "get",
                        "list",
                        "patch",
                        "update",
                        "watch"))
                .build())
        .build();
  }
}
