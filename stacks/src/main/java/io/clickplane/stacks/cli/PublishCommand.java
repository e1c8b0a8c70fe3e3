package io.clickplane.stacks.cli;

import io.clickplane.core.config.GitUrls;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.guard.RefusedChangeException;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.publish.FluxRepository;
import io.clickplane.gitops.publish.GitHubPullRequests;
import io.clickplane.gitops.publish.LocalFluxRepository;
import io.clickplane.gitops.publish.Publish;
import io.clickplane.gitops.publish.PublishResult;
import io.clickplane.stacks.render.Fleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    PlatformSpec platform = config.loadOrReport(err);
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
    ManifestSet tree = Fleet.render(platform);
    FluxRepository repository;
    try {
      repository = target.open(platform, config.file(), env, true);
    } catch (IllegalArgumentException e) {
      err.println("clickplane: " + GitUrls.redact(e.getMessage()));
      return Clickplane.INVALID;
    }
    try (repository) {
      Publish publish =
          Publish.to(repository)
              .branch(platform.gitops().branch())
              .rendered(platform, tree)
              .guard(guards)
              .renderer(Fleet.fingerprint())
              .full(full)
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
        for (Refusal r : e.refusals()) {
          err.println(config.file() + ": " + r);
        }
        err.println("clickplane: the change was refused; nothing was published");
        return Clickplane.INVALID;
      }
      report(result, repository, platform, out);
      out.flush();
      return Clickplane.OK;
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
}
