package io.clickplane.keycloak.sync;

import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/** What the steps of one applied plan share: the realm and the ids of groups seen or created. */
public final class SyncContext {
  private final Keycloak admin;
  private final String realm;
  private final Map<String, String> groupIds;

  SyncContext(Keycloak admin, String realm, Map<String, String> groupIds) {
    this.admin = admin;
    this.realm = realm;
    this.groupIds = new HashMap<>(groupIds);
  }

  public Keycloak admin() {
    return admin;
  }

  public RealmResource realm() {
    return admin.realm(realm);
  }

  /** The id of a group by full path (live or created earlier in this run). */
  public String groupId(String path) {
    String id = groupIds.get(path);
    if (id == null) {
      throw new IllegalStateException("group " + path + " has no id");
    }
    return id;
  }

  void created(String path, String id) {
    groupIds.put(path, id);
  }

  /** Fails with the server's answer unless the response is a success. */
  static String expectCreated(Response response, String what) {
    try (response) {
      int status = response.getStatus();
      if (status / 100 != 2) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        throw new SyncFailedException(
            "Keycloak refused to " + what + ": HTTP " + status + " " + body);
      }
      String location = response.getHeaderString("Location");
      return location == null ? null : location.substring(location.lastIndexOf('/') + 1);
    }
  }

  static void expectSuccess(Response response, String what) {
    expectCreated(response, what);
  }
}
