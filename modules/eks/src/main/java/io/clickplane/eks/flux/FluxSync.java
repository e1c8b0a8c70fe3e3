package io.clickplane.eks.flux;

import io.clickplane.core.config.GitUrls;
import io.clickplane.core.spec.GitopsSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two objects that point a fresh cluster's Flux at the Flux repository: a GitRepository on the
 * configured branch and a Kustomization applying {@code clusters/<environment>}, from where the
 * rendered tree takes over.
 */
public final class FluxSync {
  /** Namespace of Flux and of the bootstrap objects. */
  public static final String NAMESPACE = "flux-system";

  /** Name of the GitRepository, the Kustomization and the credentials Secret. */
  public static final String NAME = "flux-system";

  public static final String SOURCE_API = "source.toolkit.fluxcd.io/v1";
  public static final String KUSTOMIZE_API = "kustomize.toolkit.fluxcd.io/v1";

  /** Username sent with the password over HTTPS (hosts that take a token ignore it). */
  public static final String GIT_USERNAME = "git";

  private FluxSync() {}

  /**
   * Whether a cluster in AWS can fetch the repository: an HTTP(S) URL. The local default and file
   * paths live on the operator's machine, so Flux is installed without a source in that case.
   */
  public static boolean reachableFromCluster(GitopsSpec gitops) {
    String url = gitops.repository();
    return url.startsWith("https://") || url.startsWith("http://");
  }

  /** Path of an environment's entry point in the Flux repository. */
  public static String clusterPath(String environment) {
    return clusterPath(environment, "");
  }

  /**
   * Path of one cluster's entry point in the Flux repository: {@code ./clusters/<env>/<cell>}, or
   * {@code ./clusters/<env>} without cells ({@code cell} empty; see FluxPaths.clusters).
   */
  public static String clusterPath(String environment, String cell) {
    return "./" + io.clickplane.core.flux.FluxPaths.clusters(environment, cell);
  }

  /** {@code spec} of the GitRepository; {@code withCredentials} adds the Secret reference. */
  public static Map<String, Object> gitRepositorySpec(GitopsSpec gitops, boolean withCredentials) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("interval", "1m");
    spec.put("url", GitUrls.redact(gitops.repository()));
    spec.put("ref", Map.of("branch", gitops.branch()));
    if (withCredentials) {
      spec.put("secretRef", Map.of("name", NAME));
    }
    return spec;
  }

  /** {@code spec} of the Kustomization applying the environment's directory. */
  public static Map<String, Object> kustomizationSpec(String environment) {
    return kustomizationSpec(environment, "");
  }

  /** {@code spec} of the Kustomization applying one cluster's directory ({@link #clusterPath}). */
  public static Map<String, Object> kustomizationSpec(String environment, String cell) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("interval", "10m");
    spec.put("path", clusterPath(environment, cell));
    spec.put("prune", true);
    spec.put("sourceRef", Map.of("kind", "GitRepository", "name", NAME));
    return spec;
  }

  /** Metadata of a bootstrap object. */
  public static Map<String, Object> metadata(Map<String, String> labels) {
    return Map.of("name", NAME, "namespace", NAMESPACE, "labels", labels);
  }
}
