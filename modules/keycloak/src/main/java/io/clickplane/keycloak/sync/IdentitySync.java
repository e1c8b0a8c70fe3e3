package io.clickplane.keycloak.sync;

import io.clickplane.keycloak.realm.DesiredRealm;
import java.io.PrintStream;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

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

  /** An admin client logged in to {@code master} through {@code admin-cli}. */
  public static Keycloak connect(String url, AdminCredentials credentials) {
    return KeycloakBuilder.builder()
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
    try (Keycloak admin = connect(url, credentials)) {
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
        throw new SyncFailedException(
            "cannot reach Keycloak at " + url + ": " + SyncFailedException.reason(e), e);
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
            "lost Keycloak at " + url + " while applying: " + SyncFailedException.reason(e), e);
      }
      out.println("applied " + plan.changes().size() + " changes to realm " + plan.realm());
      return Outcome.APPLIED;
    }
  }
}
