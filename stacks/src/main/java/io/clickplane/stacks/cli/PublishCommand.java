package io.clickplane.stacks.cli;

import io.clickplane.backup.catalogue.BackupCatalogue;
import io.clickplane.backup.catalogue.CatalogueFreshness;
import io.clickplane.backup.guard.StopGuard;
import io.clickplane.billing.CostChange;
import io.clickplane.billing.PriceBook;
import io.clickplane.core.config.GitUrls;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.RefusedChangeException;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.publish.FluxRepository;
import io.clickplane.gitops.publish.GitHubPullRequests;
import io.clickplane.gitops.publish.LocalFluxRepository;
import io.clickplane.gitops.publish.Publish;
import io.clickplane.gitops.publish.PublishRefusedException;
import io.clickplane.gitops.publish.PublishResult;
import io.clickplane.stacks.render.Fleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code clickplane publish}: renders the stack and commits it to the Flux repository. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Render the stack and publish it to the Flux repository as one commit.",
      "Default: push a new branch clickplane/<env>/<id>; --pull-request also opens a GitHub pull request;",
      "--direct fast-forwards the target branch. Unchanged input makes no commit.",
      "Git credentials: CLICKPLANE_GIT_USERNAME and CLICKPLANE_GIT_PASSWORD, or CLICKPLANE_GIT_TOKEN,",
      "or a git credentials file (CLICKPLANE_GIT_CREDENTIALS, default ~/.git-credentials).",
      "Pull requests: GITHUB_TOKEN; API base CLICKPLANE_GITHUB_API_URL (default https://api.github.com)."
    })
public final class PublishCommand implements Callable<Integer> {
  /** The change guards run against the published snapshot before anything is built. */
  static final ChangeGuard FLEET_GUARDS = Fleet.guards();

  private final ChangeGuard guards;

  @Mixin ConfigOption config;
  @Mixin FluxTarget target;

  @ArgGroup(exclusive = true)
  Where where;

  @Option(
      names = "--full",
      description =
          "Hash and compare every rendered file, even in organisations whose inputs are unchanged"
              + " since the last publish from this repository.")
  boolean full;

  @Option(
      names = "--adopt",
      description =
          "Take over a published environment whose spec snapshot (.clickplane/<env>/) is missing on"
              + " the target branch: accepted only where the published files are exactly what"
              + " this stack file renders (new organisations and services may be added).")
  boolean adopt;

  @Option(
      names = "--backups-endpoint",
      paramLabel = "URL",
      description =
          "S3 endpoint of the backup buckets instead of AWS's (tests, S3-compatible stores). The"
              + " buckets are read only when the change stops a service: its newest good backup"
              + " must be fresh by its schedule, unless allow.stopWithoutBackup is set.")
  URI backupsEndpoint;

  @Spec CommandSpec spec;

  static final class Where {
    @Option(
        names = "--pull-request",
        description = "Also open a pull request (GitHub; token in GITHUB_TOKEN).")
    boolean pullRequest;

    @Option(
        names = "--direct",
        description = "Fast-forward the target branch instead of pushing a change branch.")
    boolean direct;
  }

  public PublishCommand() {
    this(FLEET_GUARDS);
  }

  /** With other guards (tests). */
  public PublishCommand(ChangeGuard guards) {
    this.guards = guards;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    byte[] fingerprint = Fleet.fingerprint();
    List<String> options =
        List.of(
            System.getProperty("user.dir"),
            target.repo == null ? "-" : target.repo,
            where == null ? "branch" : where.direct ? "direct" : "pull-request");
    PublishMemo memo = null;
    try {
      memo = PublishMemo.of(config.file(), fingerprint, options);
    } catch (IOException e) {
      // unreadable here: loading the stack file below reports it
    }
    if (memo != null && !full) {
      Optional<String[]> upToDate = memo.upToDate();
      if (upToDate.isPresent()) {
        out.printf(
            "%s: branch %s is up to date with the stack; nothing to publish%n",
            upToDate.get()[0], upToDate.get()[1]);
        out.flush();
        return Clickplane.OK;
      }
    }
    // Loading the stack file is the longest step before rendering; it runs on its own thread while
    // this one opens the repository the last publish used.
    StringWriter loadErrors = new StringWriter();
    FutureTask<PlatformSpec> loading =
        new FutureTask<>(() -> config.loadOrReport(new PrintWriter(loadErrors, true)));
    Thread loader = new Thread(loading, "clickplane-load");
    loader.setDaemon(true);
    loader.start();
    if (memo != null) {
      memo.warmUp();
    }
    PlatformSpec platform = loaded(loading);
    err.print(loadErrors);
    err.flush(); // print() does not flush an auto-flushing writer; the process may exit next
    if (platform == null) {
      return Clickplane.INVALID;
    }
    Map<String, String> env = System.getenv();
    boolean pullRequest = where != null && where.pullRequest;
    String token = env.getOrDefault("GITHUB_TOKEN", env.get("CLICKPLANE_GITHUB_TOKEN"));
    String named = target.named(platform);
    if (pullRequest && !FluxTarget.isUrl(named)) {
      err.println(
          "clickplane: --pull-request needs a GitHub repository URL (--repo or clickplane:gitops.repository); "
              + (named.isEmpty() ? "none is set" : named + " is a local path"));
      return Clickplane.INVALID;
    }
    if (pullRequest && (token == null || token.isBlank())) {
      err.println(
          "clickplane: --pull-request needs a GitHub token in GITHUB_TOKEN; nothing was published");
      return Clickplane.INVALID;
    }
    FluxRepository repository;
    try {
      repository = target.open(platform, config.file(), env, true);
    } catch (IllegalArgumentException e) {
      err.println("clickplane: " + GitUrls.redact(e.getMessage()));
      return Clickplane.INVALID;
    }
    try (repository;
        StopBackups stopBackups = new StopBackups(platform, backupsEndpoint)) {
      Publish publish =
          Publish.to(repository)
              .branch(platform.gitops().branch())
              .rendering(platform, (snapshot, kept) -> Fleet.render(platform, snapshot, kept))
              .guard(guards.and(stopBackups.guard()))
              .note((before, after) -> CostChange.describe(PriceBook.bundled(), before, after))
              .renderer(fingerprint)
              .full(full)
              .adopt(adopt)
              .mode(where != null && where.direct ? Publish.Mode.DIRECT : Publish.Mode.BRANCH)
              .author(
                  env.getOrDefault("CLICKPLANE_GIT_AUTHOR_NAME", "clickplane"),
                  env.getOrDefault("CLICKPLANE_GIT_AUTHOR_EMAIL", "clickplane@localhost"));
      if (pullRequest) {
        URI api =
            URI.create(
                env.getOrDefault(
                    "CLICKPLANE_GITHUB_API_URL", GitHubPullRequests.DEFAULT_API.toString()));
        publish.pullRequests(GitHubPullRequests.forRemote(api, named, token));
      }
      PublishResult result;
      try {
        result = publish.call();
      } catch (RefusedChangeException e) {
        RefusalReport.print(config.file(), platform, e.refusals(), err);
        err.println("clickplane: the change was refused; nothing was published");
        return Clickplane.INVALID;
      } catch (PublishRefusedException e) {
        for (String problem : e.problems()) {
          err.println(config.file() + ": " + problem);
        }
        err.println("clickplane: the publish was refused; nothing was published");
        return Clickplane.INVALID;
      }
      report(result, repository, platform, out);
      ReleaseWarnings.print(platform, out);
      out.flush();
      remember(memo, result, repository, platform, fingerprint, options);
      return Clickplane.OK;
    }
  }

  private static PlatformSpec loaded(FutureTask<PlatformSpec> loading) {
    try {
      return loading.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the stack file", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Records the outcome for the next publish of the same stack file when the target branch of a
   * local repository now holds exactly the rendered tree.
   */
  private void remember(
      PublishMemo memo,
      PublishResult result,
      FluxRepository repository,
      PlatformSpec platform,
      byte[] fingerprint,
      List<String> options) {
    if (memo == null || !(repository instanceof LocalFluxRepository local)) {
      return;
    }
    if (result.holding().isEmpty()) {
      return;
    }
    try {
      memo.record(
          config.file(),
          fingerprint,
          options,
          local.objects().getDirectory().toPath(),
          platform.gitops().branch(),
          result.holding().get());
    } catch (IOException e) {
      // a memo is an optimisation: without it the next publish runs in full
    }
  }

  private static void report(
      PublishResult result, FluxRepository repository, PlatformSpec platform, PrintWriter out) {
    String where = repository.describe();
    if (result.status() == PublishResult.Status.UP_TO_DATE) {
      out.printf(
          "%s: branch %s is up to date with the stack; nothing to publish%n",
          where, platform.gitops().branch());
      return;
    }
    String commit = result.commit().orElseThrow().name();
    if (result.status() == PublishResult.Status.PENDING) {
      out.printf(
          "%s: this change already waits on branch %s (commit %s); nothing pushed%n",
          where, result.branch(), commit.substring(0, 12));
      return;
    }
    out.printf("published %s to %s, branch %s%n", commit.substring(0, 12), where, result.branch());
    out.print(result.summary().body());
    result.pullRequest().ifPresent(pr -> out.println("pull request: " + pr));
    if (repository instanceof LocalFluxRepository) {
      out.printf("look at it: git --git-dir=%s log --stat -1 %s%n", where, result.branch());
      out.printf(
          "            git clone --branch %s %s flux-%s%n",
          result.branch(), where, platform.environment());
    }
  }

  /** The stop guard over the backup buckets; the S3 client opens on first use only. */
  private static final class StopBackups implements AutoCloseable {
    private final PlatformSpec platform;
    private final URI endpoint;
    private S3Client client;

    StopBackups(PlatformSpec platform, URI endpoint) {
      this.platform = platform;
      this.endpoint = endpoint;
    }

    StopGuard guard() {
      return new StopGuard(new CatalogueFreshness(this::catalogue, Instant.now()));
    }

    private synchronized BackupCatalogue catalogue() {
      if (client == null) {
        client = BackupsCommand.s3(platform, endpoint);
      }
      return new BackupCatalogue(client);
    }

    @Override
    public synchronized void close() {
      if (client != null) {
        client.close();
      }
    }
  }
}
