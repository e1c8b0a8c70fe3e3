package io.clickplane.core.flux;

import io.clickplane.core.spec.PlatformSpec;

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
 *
 * <p>An environment with cells ({@code clickplane:cells}) has one entry point and one set of
 * cluster-wide directories per cell, and keeps the organisation directories where they are (an
 * organisation moving between cells is not renamed):
 *
 * <pre>
 * clusters/&lt;env&gt;/&lt;cell&gt;/                 the cell's Flux Kustomizations: controllers → configs → [keycloak] → tenants
 * infrastructure/&lt;env&gt;/&lt;cell&gt;/controllers/ the cell's Helm repositories and releases
 * infrastructure/&lt;env&gt;/&lt;cell&gt;/configs/     the cell's cluster-wide configuration
 * infrastructure/&lt;env&gt;/&lt;cell&gt;/keycloak/    Keycloak's instance (the home cell, the first listed, only)
 * infrastructure/&lt;env&gt;/&lt;cell&gt;/tenants/     lists the own files of the cell's organisations
 * tenants/&lt;env&gt;/&lt;org&gt;/                   as without cells
 * </pre>
 *
 * The methods taking a {@link PlatformSpec} answer for the cell that spec is ({@link
 * PlatformSpec#cellName()}: a stack without cells, or one cell's {@link PlatformSpec#forCell}).
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

  /** The entry point of the cell {@code spec} is: {@link #clusters(String, String)}. */
  public static String clusters(PlatformSpec spec) {
    return clusters(spec.environment(), spec.cellName());
  }

  public static String infrastructure(String environment) {
    return "infrastructure/" + environment;
  }

  /**
   * One cell's cluster-wide directories: {@code infrastructure/<env>/<cell>}, or {@code
   * infrastructure/<env>} without cells ({@code cell} empty).
   */
  public static String infrastructure(String environment, String cell) {
    return cell.isEmpty() ? infrastructure(environment) : infrastructure(environment) + "/" + cell;
  }

  public static String controllers(String environment, String cell) {
    return infrastructure(environment, cell) + "/controllers";
  }

  /** The controllers' directory of the cell {@code spec} is. */
  public static String controllers(PlatformSpec spec) {
    return controllers(spec.environment(), spec.cellName());
  }

  public static String configs(String environment, String cell) {
    return infrastructure(environment, cell) + "/configs";
  }

  /** The cluster configuration's directory of the cell {@code spec} is. */
  public static String configs(PlatformSpec spec) {
    return configs(spec.environment(), spec.cellName());
  }

  public static String keycloak(String environment, String cell) {
    return infrastructure(environment, cell) + "/keycloak";
  }

  /** Keycloak's instance directory in the cell {@code spec} is (the home cell's, with cells). */
  public static String keycloak(PlatformSpec spec) {
    return keycloak(spec.environment(), spec.cellName());
  }

  /**
   * What a cell's {@code tenants} Flux Kustomization reads: {@code tenants/<env>} without cells;
   * with cells {@code infrastructure/<env>/<cell>/tenants}, whose {@code kustomization.yaml} lists
   * the own files of the cell's organisations only (their directories stay under {@code
   * tenants/<env>/}, so no organisation name can collide with it).
   */
  public static String cellTenants(String environment, String cell) {
    return cell.isEmpty() ? tenants(environment) : infrastructure(environment, cell) + "/tenants";
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
