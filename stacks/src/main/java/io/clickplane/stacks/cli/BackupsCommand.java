package io.clickplane.stacks.cli;

import io.clickplane.backup.aws.S3Clients;
import io.clickplane.backup.catalogue.BackupCatalogue;
import io.clickplane.backup.catalogue.FleetBackups;
import io.clickplane.backup.catalogue.FleetBackupsJson;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code clickplane backups list|verify|prune}: the backup catalogue over the stack's buckets. */
@Command(
    name = "backups",
    mixinStandardHelpOptions = true,
    description = {
      "The backup catalogue: read the organisations' backup buckets and report, check or prune.",
      "Credentials come from the AWS SDK's default chain (environment, profile, web identity, ...).",
      "With cells, list and verify report cell by cell; the buckets are the organisations' own."
    },
    subcommands = {
      BackupsCommand.ListCommand.class,
      BackupsCommand.VerifyCommand.class,
      BackupsCommand.PruneCommand.class
    })
public final class BackupsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: list, verify or prune");
  }

  /** Reads {@code --at}: an ISO-8601 instant, with a message a person can act on. */
  static final class InstantOption implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an instant; give one like 2026-11-30T12:00:00Z");
      }
    }
  }

  /** Options every subcommand shares. */
  static final class Selection {
    @Mixin ConfigOption config;

    @Option(names = "--org", paramLabel = "ORG", description = "Only this organisation.")
    String organisation;

    @Option(names = "--service", paramLabel = "SERVICE", description = "Only services so named.")
    String service;

    @Option(
        names = "--endpoint",
        paramLabel = "URL",
        description =
            "S3 endpoint instead of AWS's (tests, S3-compatible stores); path-style addressing.")
    URI endpoint;

    @Option(
        names = "--at",
        paramLabel = "INSTANT",
        converter = InstantOption.class,
        description =
            "Judge ages as of this time (ISO-8601, e.g. 2026-11-30T12:00:00Z); default now.")
    Instant at;

    @Option(
        names = "--output",
        paramLabel = "text|json",
        defaultValue = "text",
        description = "Output format of list and verify (default: ${DEFAULT-VALUE}).")
    String output;

    /** The loaded spec, or null after reporting why not (caller exits 2). */
    PlatformSpec load(PrintWriter err) {
      PlatformSpec platform = config.loadOrReport(err);
      if (platform == null) {
        return null;
      }
      if (!output.equals("text") && !output.equals("json")) {
        err.println("clickplane: --output " + output + ": not a format (text or json)");
        return null;
      }
      Optional<String> badEndpoint =
          endpoint == null
              ? Optional.empty()
              : EndpointUrls.problem("--endpoint", endpoint.toString());
      if (badEndpoint.isPresent()) {
        err.println("clickplane: " + badEndpoint.get());
        return null;
      }
      if (organisation != null && platform.organisation(organisation).isEmpty()) {
        err.printf(
            "%s: --org %s: no such organisation (%s)%n",
            config.file(),
            organisation,
            String.join(
                ", ", platform.organisations().stream().map(OrganisationSpec::name).toList()));
        return null;
      }
      if (service != null
          && platform.organisations().stream()
              .filter(o -> organisation == null || o.name().equals(organisation))
              .noneMatch(o -> o.service(service).isPresent())) {
        err.printf(
            "%s: --service %s: no such service%s%n",
            config.file(), service, organisation == null ? "" : " in organisation " + organisation);
        return null;
      }
      return platform;
    }

    S3Client client(PlatformSpec platform) {
      return s3(platform, endpoint);
    }

    /** Says which endpoint did not answer; the command exits 1. */
    int unreachable(PlatformSpec platform, PrintWriter err, SdkClientException e) {
      err.println(
          "clickplane: "
              + S3Clients.unreachable(
                  S3Clients.endpoint(Region.of(platform.region()), endpoint),
                  Clickplane.timeouts,
                  e));
      return Clickplane.FAILURE;
    }

    FleetBackups read(PlatformSpec platform, BackupCatalogue catalogue) {
      return FleetBackups.read(
          platform,
          catalogue,
          Optional.ofNullable(organisation),
          Optional.ofNullable(service),
          at == null ? Instant.now() : at);
    }
  }

  /** An S3 client for the stack's region, or for {@code endpoint} (path-style) when given. */
  static S3Client s3(PlatformSpec platform, URI endpoint) {
    var builder =
        S3Client.builder()
            .region(Region.of(platform.region()))
            .overrideConfiguration(S3Clients.bounded(Clickplane.timeouts));
    if (endpoint != null) {
      // S3-compatible stores often lack the SDK's default flexible checksums; DeleteObjects then
      // carries Content-MD5 as it used to.
      builder
          .endpointOverride(endpoint)
          .forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .addPlugin(LegacyMd5Plugin.create())
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Per service: the last good backup, its age, size and chain, the last restore drill"
              + " (when, result, measured restore time), then every backup with its status.")
  static final class ListCommand implements Callable<Integer> {
    @Mixin Selection selection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PlatformSpec platform = selection.load(spec.commandLine().getErr());
      if (platform == null) {
        return Clickplane.INVALID;
      }
      PrintWriter out = spec.commandLine().getOut();
      try (S3Client s3 = selection.client(platform)) {
        BackupCatalogue catalogue = new BackupCatalogue(s3);
        if (selection.output.equals("json")) {
          // one document for the environment: each service names its organisation
          out.print(FleetBackupsJson.of(selection.read(platform, catalogue)));
        } else {
          CellSections.each(
              platform,
              selection.organisation,
              selection.service,
              out,
              cell -> {
                selection.read(cell, catalogue).list(out);
                return true;
              });
        }
      } catch (SdkClientException e) {
        return selection.unreachable(platform, spec.commandLine().getErr(), e);
      }
      return Clickplane.OK;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check every selected service: its newest good backup is no older than its schedule allows"
            + " (longest gap between runs + start and run deadlines), no backup chain is broken, and"
            + " its last restore drill passed and is no older than backup.drill.schedule allows,"
            + " and its newest good backup carries the table figures a drill checks (not so for"
            + " older backups taken ON CLUSTER, until the next backup); services with the drill"
            + " off or stopped are not judged on drills.",
        "Exit 0 when all hold, 1 when one does not (or S3 could not be read)."
      })
  static final class VerifyCommand implements Callable<Integer> {
    @Mixin Selection selection;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PlatformSpec platform = selection.load(spec.commandLine().getErr());
      if (platform == null) {
        return Clickplane.INVALID;
      }
      PrintWriter out = spec.commandLine().getOut();
      try (S3Client s3 = selection.client(platform)) {
        BackupCatalogue catalogue = new BackupCatalogue(s3);
        boolean ok;
        if (selection.output.equals("json")) {
          FleetBackups fleet = selection.read(platform, catalogue);
          out.print(FleetBackupsJson.of(fleet));
          ok = fleet.ok();
        } else {
          ok =
              CellSections.each(
                  platform,
                  selection.organisation,
                  selection.service,
                  out,
                  cell -> selection.read(cell, catalogue).verify(out));
        }
        return ok ? Clickplane.OK : Clickplane.FAILURE;
      } catch (SdkClientException e) {
        return selection.unreachable(platform, spec.commandLine().getErr(), e);
      }
    }
  }

  @Command(
      name = "prune",
      mixinStandardHelpOptions = true,
      description = {
        "Apply retention: keep each service's newest backup.retention good backups and the full"
            + " backups they are based on; delete older good backups and old failed attempts.",
        "A dry run unless --apply. A service with a broken chain is left untouched (exit 1)."
      })
  static final class PruneCommand implements Callable<Integer> {
    @Mixin Selection selection;
    @Spec CommandSpec spec;

    @Option(names = "--apply", description = "Delete (default: only print what would go).")
    boolean apply;

    @Override
    public Integer call() {
      PlatformSpec platform = selection.load(spec.commandLine().getErr());
      if (platform == null) {
        return Clickplane.INVALID;
      }
      if (!selection.output.equals("text")) {
        spec.commandLine().getErr().println("clickplane: prune prints text only (no --output)");
        return Clickplane.INVALID;
      }
      try (S3Client s3 = selection.client(platform)) {
        BackupCatalogue catalogue = new BackupCatalogue(s3);
        boolean ok =
            selection
                .read(platform, catalogue)
                .prune(catalogue, apply, spec.commandLine().getOut());
        return ok ? Clickplane.OK : Clickplane.FAILURE;
      } catch (SdkClientException e) {
        return selection.unreachable(platform, spec.commandLine().getErr(), e);
      }
    }
  }
}
