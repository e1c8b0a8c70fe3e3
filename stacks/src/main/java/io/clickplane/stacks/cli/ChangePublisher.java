package io.clickplane.stacks.cli;

import io.clickplane.billing.CostChange;
import io.clickplane.billing.PriceBook;
import io.clickplane.core.config.ConfigProblem;
import io.clickplane.core.config.GitUrls;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.config.edit.StackEditException;
import io.clickplane.core.config.edit.StackFileEditor;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.guard.RefusedChangeException;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.publish.FluxRepository;
import io.clickplane.gitops.publish.GitHubPullRequests;
import io.clickplane.gitops.publish.Publish;
import io.clickplane.gitops.publish.PublishRefusedException;
import io.clickplane.gitops.publish.PublishResult;
import io.clickplane.stacks.render.Fleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The second half of {@code storage propose --publish} and {@code upgrade next}: a change the
 * command worked out is written into the stack file with {@link StackFileEditor} (only the changed
 * lines) and published the way {@code publish} does (same guards, same renderer, same cost note),
 * always on a change branch (and, with {@code --pull-request}, a GitHub pull request), with the
 * command's figures in the change summary (the commit message and the pull-request body). Nothing
 * is written when the edited file does not validate or the publish is refused; the stack file is
 * rewritten only after the branch was pushed.
 */
final class ChangePublisher {
  /** The stack file opened for editing in place, or null after printing why it cannot be. */
  static StackFileEditor editor(Path file, PrintWriter err) throws IOException {
    try {
      return StackFileEditor.of(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (StackEditException e) {
      err.println(e.getMessage());
      return null;
    }
  }

  private ChangePublisher() {}

  /**
   * Validates the edited text, publishes it, then writes it to the stack file; the exit code.
   *
   * @param editor the planned edits of the stack file
   * @param figures what the change summary says about the change, after the file list
   */
  static int publish(
      ConfigOption config,
      FluxTarget target,
      StackFileEditor editor,
      String figures,
      boolean pullRequest,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    Path file = config.file();
    String edited;
    try {
      edited = editor.apply();
    } catch (StackEditException e) {
      err.println(e.getMessage());
      err.println("clickplane: the stack file cannot take this edit; nothing was changed");
      return Clickplane.INVALID;
    }
    PlatformSpec platform;
    try {
      platform = StackConfig.parse(file.toString(), edited);
    } catch (InvalidConfigException e) {
      for (ConfigProblem p : e.problems()) {
        err.println(p);
      }
      err.println("clickplane: the edited stack file does not validate; nothing was changed");
      return Clickplane.INVALID;
    }
    Map<String, String> env = System.getenv();
    String named = target.named(platform);
    String token = env.getOrDefault("GITHUB_TOKEN", env.get("CLICKPLANE_GITHUB_TOKEN"));
    if (pullRequest && !FluxTarget.isUrl(named)) {
      err.println(
          "clickplane: --pull-request needs a GitHub repository URL (--repo or"
              + " clickplane:gitops.repository); "
              + (named.isEmpty() ? "none is set" : named + " is a local path")
              + "; nothing was changed");
      return Clickplane.INVALID;
    }
    if (pullRequest && (token == null || token.isBlank())) {
      err.println(
          "clickplane: --pull-request needs a GitHub token in GITHUB_TOKEN; nothing was changed");
      return Clickplane.INVALID;
    }
    FluxRepository repository;
    try {
      repository = target.open(platform, file, env, true);
    } catch (IllegalArgumentException e) {
      err.println("clickplane: " + GitUrls.redact(e.getMessage()));
      return Clickplane.INVALID;
    }
    PublishResult result;
    try (repository) {
      Publish publish =
          Publish.to(repository)
              .branch(platform.gitops().branch())
              .rendering(platform, (snapshot, kept) -> Fleet.render(platform, snapshot, kept))
              .guard(PublishCommand.FLEET_GUARDS)
              .note(
                  (before, after) ->
                      figures + "\n\n" + CostChange.describe(PriceBook.bundled(), before, after))
              .renderer(Fleet.fingerprint())
              .mode(Publish.Mode.BRANCH)
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
      try {
        result = publish.call();
      } catch (RefusedChangeException e) {
        for (Refusal r : e.refusals()) {
          err.println(file + ": " + r);
        }
        err.println("clickplane: the change was refused; nothing was changed");
        return Clickplane.INVALID;
      } catch (PublishRefusedException e) {
        for (String problem : e.problems()) {
          err.println(file + ": " + problem);
        }
        err.println("clickplane: the publish was refused; nothing was changed");
        return Clickplane.INVALID;
      }
      if (result.status() == PublishResult.Status.UP_TO_DATE) {
        out.printf(
            "%s: branch %s already holds this change; the stack file is updated to match%n",
            repository.describe(), platform.gitops().branch());
      } else {
        String commit = result.commit().orElseThrow().name();
        out.printf(
            "published %s to %s, branch %s%n",
            commit.substring(0, 12), repository.describe(), result.branch());
        out.print(result.summary().body());
        result.pullRequest().ifPresent(pr -> out.println("pull request: " + pr));
      }
    }
    write(file, edited);
    out.printf("%s: updated (only the changed lines)%n", file);
    return Clickplane.OK;
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".clickplane-edit", ".yaml");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
