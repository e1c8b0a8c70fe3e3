package io.clickplane.keycloak.realm;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OIDC client the platform owns. Only the fields named here are compared and converged; its
 * secret (for a confidential client) is Keycloak's and never read or written.
 *
 * @param clientId the client's id
 * @param name display name
 * @param publicClient true for a client without a secret (the command line)
 * @param standardFlow authorization code flow enabled
 * @param deviceGrant OAuth 2.0 device authorization grant enabled
 * @param rootUrl base URL of the application, or empty
 * @param redirectUris allowed redirect URIs, sorted
 * @param webOrigins allowed CORS origins, sorted
 * @param attributes client attributes the platform sets (PKCE, logout URIs, ownership)
 * @param mappers protocol mappers that put the hierarchy into tokens, by name
 */
public record DesiredClient(
    String clientId,
    String name,
    boolean publicClient,
    boolean standardFlow,
    boolean deviceGrant,
    String rootUrl,
    List<String> redirectUris,
    List<String> webOrigins,
    Map<String, String> attributes,
    List<Mapper> mappers) {

  public DesiredClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rootUrl, "rootUrl");
    redirectUris = redirectUris.stream().sorted().toList();
    webOrigins = webOrigins.stream().sorted().toList();
    attributes = new TreeMap<>(attributes);
    mappers = List.copyOf(mappers);
  }

  /**
   * A protocol mapper.
   *
   * @param name unique within the client
   * @param type Keycloak's mapper id, e.g. {@code oidc-group-membership-mapper}
   * @param config its configuration
   */
  public record Mapper(String name, String type, Map<String, String> config) {
    public Mapper {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      config = new TreeMap<>(config);
    }
  }
}
