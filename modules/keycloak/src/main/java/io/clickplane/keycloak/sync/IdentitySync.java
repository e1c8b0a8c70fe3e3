package io.clickplane.keycloak.sync;

import io.clickplane.core.config.GitUrls;
import io.clickplane.core.net.NetworkTimeouts;
import io.clickplane.keycloak.realm.DesiredRealm;
import jakarta.ws.rs.client.Client;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.keycloak.admin.client.JacksonProvider;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.spi.ResteasyClientClassicProvider;

/**
 * One {@code identity sync}: connects as the administrator, plans, prints the plan, and applies it
 * unless it is a dry run. Single use.
 */
public final class IdentitySync {
  /** Outcome of a run. */
  public enum Outcome {
    UP_TO_DATE,
    PLANNED,
    APPLIED,
    REFUSED
  }

  private final String url;
  private final AdminCredentials credentials;
  private boolean dryRun;
  private PrintStream out = System.out;
  private NetworkTimeouts timeouts = NetworkTimeouts.DEFAULT;

  public IdentitySync(String url, AdminCredentials credentials) {
    this.url = url;
    this.credentials = credentials;
  }

  public IdentitySync dryRun(boolean value) {
    this.dryRun = value;
    return this;
  }

  public IdentitySync out(PrintStream value) {
    this.out = value;
    return this;
  }

  /** How long to wait for Keycloak to connect and to answer each request. */
  public IdentitySync timeouts(NetworkTimeouts value) {
    this.timeouts = value;
    return this;
  }

  /** An admin client logged in to {@code master} through {@code admin-cli}. */
  public static Keycloak connect(String url, AdminCredentials credentials) {
    return connect(url, credentials, NetworkTimeouts.DEFAULT);
  }

  /**
   * An admin client logged in to {@code master} through {@code admin-cli} whose every request is
   * bounded: the admin client's own HTTP client (keycloak/keycloak, integration/admin-client,
   * ResteasyClientClassicProvider) with the connect and read timeouts of {@code timeouts}, which
   * the default one leaves unbounded.
   */
  public static Keycloak connect(
      String url, AdminCredentials credentials, NetworkTimeouts timeouts) {
    Client client =
        ResteasyClientClassicProvider.createClientBuilder()
            .connectTimeout(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(timeouts.read().toMillis(), TimeUnit.MILLISECONDS)
            .register(JacksonProvider.class, 100)
            .build();
    return KeycloakBuilder.builder()
        .resteasyClient(client)
        .serverUrl(url)
        .realm("master")
        .clientId("admin-cli")
        .grantType("password")
        .username(credentials.user())
        .password(credentials.password())
        .build();
  }

  /** Plans and (unless a dry run) applies; prints the plan and the result. */
  public Outcome call(DesiredRealm desired) {
    String url = GitUrls.redact(this.url);
    try (Keycloak admin = connect(this.url, credentials, timeouts)) {
      RealmSync sync = new RealmSync(admin);
      SyncPlan plan;
      try {
        plan = sync.plan(desired);
      } catch (jakarta.ws.rs.NotAuthorizedException e) {
        throw new SyncFailedException(
            "Keycloak at " + url + " refused the administrator's credentials", e);
      } catch (jakarta.ws.rs.WebApplicationException e) {
        throw new SyncFailedException(
            "Keycloak at "
                + url
                + " answered HTTP "
                + e.getResponse().getStatus()
                + " while reading the realm (does the administrator have the admin role?)",
            e);
      } catch (jakarta.ws.rs.ProcessingException e) {
        throw new SyncFailedException("cannot reach Keycloak at " + url + ": " + reason(e), e);
      }
      out.println(plan.describe());
      if (!plan.refusals().isEmpty()) {
        for (String refusal : plan.refusals()) {
          out.println("refused: " + refusal);
        }
        out.println("nothing was changed");
        return Outcome.REFUSED;
      }
      if (plan.isEmpty()) {
        return Outcome.UP_TO_DATE;
      }
      if (dryRun) {
        out.println("dry run: nothing was changed");
        return Outcome.PLANNED;
      }
      try {
        sync.apply(plan);
      } catch (jakarta.ws.rs.ProcessingException e) {
        throw new SyncFailedException(
            "lost Keycloak at " + url + " while applying: " + reason(e), e);
      }
      out.println("applied " + plan.changes().size() + " changes to realm " + plan.realm());
      return Outcome.APPLIED;
    }
  }

  /** Why a request failed, naming the bound when it was a timeout; any URL in it redacted. */
  private String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketTimeoutException) {
        return "no answer within " + timeouts.readText() + " (" + t.getMessage() + ")";
      }
    }
    return GitUrls.redact(SyncFailedException.reason(e));
  }
}
