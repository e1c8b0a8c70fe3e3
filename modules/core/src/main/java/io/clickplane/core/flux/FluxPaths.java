package io.clickplane.core.flux;

/**
 * Directories of the Flux repository for one environment. Each is a repository-relative path
 * without a trailing slash.
 *
 * <pre>
 * clusters/&lt;env&gt;/                        Flux Kustomizations: controllers → configs → tenants
 * infrastructure/&lt;env&gt;/controllers/       Helm repositories and releases (operator, Istio, ...)
 * infrastructure/&lt;env&gt;/configs/           cluster-wide configuration applied after the controllers
 * tenants/&lt;env&gt;/&lt;org&gt;/                   the organisation's namespace, accounts, policy, Flux Kustomization
 * tenants/&lt;env&gt;/&lt;org&gt;/&lt;service&gt;/         one service's objects, reconciled as the organisation
 * .clickplane/&lt;env&gt;/                     the snapshot of the published spec (not read by Flux)
 * </pre>
 */
public final class FluxPaths {
  private FluxPaths() {}

  public static String clusters(String environment) {
    return "clusters/" + environment;
  }

  /**
   * The directory one cell's Flux reconciles: {@code clusters/<env>/<cell>}, or {@code
   * clusters/<env>} for an environment without cells ({@code cell} empty).
   */
  public static String clusters(String environment, String cell) {
    return cell.isEmpty() ? clusters(environment) : clusters(environment) + "/" + cell;
  }

  public static String infrastructure(String environment) {
    return "infrastructure/" + environment;
  }

  public static String controllers(String environment) {
    return infrastructure(environment) + "/controllers";
  }

  public static String configs(String environment) {
    return infrastructure(environment) + "/configs";
  }

  /** Keycloak's instance, applied by its own Flux Kustomization after the configs. */
  public static String keycloak(String environment) {
    return infrastructure(environment) + "/keycloak";
  }

  public static String tenants(String environment) {
    return "tenants/" + environment;
  }

  public static String organisation(String environment, String organisation) {
    return tenants(environment) + "/" + organisation;
  }

  public static String service(String environment, String organisation, String service) {
    return organisation(environment, organisation) + "/" + service;
  }

  /** The directory holding the spec snapshot ({@code .clickplane/<env>}). */
  public static String state(String environment) {
    return ".clickplane/" + environment;
  }

  /**
   * The top directories an environment's publish owns: files under them that the rendered tree no
   * longer has are deleted; files elsewhere in the repository are left alone.
   */
  public static java.util.List<String> owned(String environment) {
    return java.util.List.of(
        clusters(environment),
        infrastructure(environment),
        tenants(environment),
        state(environment));
  }
}
