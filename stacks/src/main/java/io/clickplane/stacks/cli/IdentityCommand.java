package io.clickplane.stacks.cli;

import io.clickplane.core.config.GitUrls;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.keycloak.realm.DesiredRealm;
import io.clickplane.keycloak.sync.AdminCredentials;
import io.clickplane.keycloak.sync.IdentitySync;
import io.clickplane.keycloak.sync.SyncFailedException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clickplane identity}: the environment's realm in Keycloak. */
@Command(
    name = "identity",
    mixinStandardHelpOptions = true,
    description =
        "The environment's Keycloak realm: organisations, service groups, roles, clients.",
    subcommands = {IdentityCommand.Sync.class})
public final class IdentityCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** {@code clickplane identity sync}. */
  @Command(
      name = "sync",
      mixinStandardHelpOptions = true,
      description = {
        "Converge the environment's Keycloak realm on the stack file through the admin REST API:"
            + " create what is missing, revert what drifted, delete what the platform owns and the"
            + " stack no longer has. Users and memberships are never touched.",
        "Administrator credentials come from CLICKPLANE_KEYCLOAK_USER and"
            + " CLICKPLANE_KEYCLOAK_PASSWORD, or from --credentials-file.",
        "Exit 0 done (or up to date), 1 Keycloak failed or refused the credentials, 2 invalid"
            + " input or a removal the stack does not allow (a service with deletionProtection)."
      })
  public static final class Sync implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Option(
        names = "--keycloak",
        required = true,
        paramLabel = "URL",
        description = "Keycloak's base URL, e.g. https://id.example.com")
    String keycloak;

    @Option(
        names = "--credentials-file",
        paramLabel = "FILE",
        description =
            "properties file with user= and password= of a Keycloak administrator (realm master)")
    Path credentialsFile;

    @Option(names = "--dry-run", description = "print the plan and change nothing")
    boolean dryRun;

    @Override
    public Integer call() {
      var err = spec.commandLine().getErr();
      var out = spec.commandLine().getOut();
      PlatformSpec platform = config.loadOrReport(err);
      if (platform == null) {
        return Clickplane.INVALID;
      }
      Optional<String> badUrl = EndpointUrls.problem("--keycloak", keycloak);
      if (badUrl.isPresent()) {
        err.println("clickplane: " + badUrl.get());
        return Clickplane.INVALID;
      }
      AdminCredentials credentials;
      try {
        credentials =
            AdminCredentials.resolve(Optional.ofNullable(credentialsFile), System.getenv());
      } catch (AdminCredentials.InvalidCredentialsException e) {
        err.println("clickplane: " + e.getMessage());
        return Clickplane.INVALID;
      }
      DesiredRealm desired;
      try {
        desired = DesiredRealm.of(platform);
      } catch (IllegalArgumentException e) {
        err.println(
            "clickplane: " + config.file() + ": clickplane:organisations: " + e.getMessage());
        return Clickplane.INVALID;
      }
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      IdentitySync.Outcome outcome;
      try (PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
        outcome =
            new IdentitySync(keycloak.replaceAll("/+$", ""), credentials)
                .timeouts(Clickplane.timeouts)
                .dryRun(dryRun)
                .out(stream)
                .call(desired);
      } catch (SyncFailedException e) {
        out.print(printed.toString(StandardCharsets.UTF_8));
        err.println("clickplane: identity sync failed: " + GitUrls.redact(e.getMessage()));
        return Clickplane.FAILURE;
      }
      out.print(printed.toString(StandardCharsets.UTF_8));
      out.flush();
      return outcome == IdentitySync.Outcome.REFUSED ? Clickplane.INVALID : Clickplane.OK;
    }
  }
}
