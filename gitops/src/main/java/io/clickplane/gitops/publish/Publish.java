package io.clickplane.gitops.publish;

import io.clickplane.core.config.CanonicalSpec;
import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.guard.RefusedChangeException;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.gitops.layout.FluxPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Publishes a rendered tree to the Flux repository: one commit on top of the target branch whose
 * tree equals the rendered files inside the environment's directories and the published tree
 * elsewhere.
 *
 * <p>A single-use request in the style of JGit's commands: configure with the fluent setters, then
 * one {@link #call()}. Before building anything it reads the spec snapshot from the target branch
 * and runs the change guard; a refusal throws {@link RefusedChangeException} and writes nothing.
 * The tree is built in the object database only (no work tree, no index of the whole tree); an
 * unchanged tree makes no commit. With {@link Mode#BRANCH} the commit goes to a new branch {@code
 * clickplane/<env>/<short tree id>} (and a pull request when {@link #pullRequests} is set;
 * publishing the same change again finds that branch and pushes nothing); with {@link Mode#DIRECT}
 * the target branch is fast-forwarded. When the target moved meanwhile, the commit is rebuilt on
 * the new tip, up to {@link #maxAttempts} times; nothing is ever force-pushed.
 */
public final class Publish {
  /** Where the commit goes. */
  public enum Mode {
    /** A new branch {@code clickplane/<env>/<short tree id>} off the target branch. */
    BRANCH,
    /** The target branch itself, fast-forward only. */
    DIRECT
  }

  private final FluxRepository repository;
  private String branch = "main";
  private ManifestSet manifests;
  private PlatformSpec spec;
  private ChangeGuard guard = ChangeGuard.NONE;
  private Mode mode = Mode.BRANCH;
  private PullRequests pullRequests;
  private String authorName = "clickplane";
  private String authorEmail = "clickplane@localhost";
  private Clock clock = Clock.systemUTC();
  private int maxAttempts = 5;
  private boolean called;

  private Publish(FluxRepository repository) {
    this.repository = Objects.requireNonNull(repository, "repository");
  }

  /** A publish to {@code repository}; it is not closed by the publish. */
  public static Publish to(FluxRepository repository) {
    return new Publish(repository);
  }

  /** The branch Flux reconciles ({@code clickplane:gitops.branch}); default {@code main}. */
  public Publish branch(String value) {
    this.branch = Objects.requireNonNull(value, "branch");
    return this;
  }

  /** The spec the tree was rendered from, and the tree (which must include the spec snapshot). */
  public Publish rendered(PlatformSpec value, ManifestSet files) {
    this.spec = Objects.requireNonNull(value, "spec");
    this.manifests = Objects.requireNonNull(files, "files");
    return this;
  }

  /**
   * The guard run against the published snapshot before anything is built; with {@link
   * ChangeGuard#NONE} (the default) the snapshot is not read.
   */
  public Publish guard(ChangeGuard value) {
    this.guard = Objects.requireNonNull(value, "guard");
    return this;
  }

  public Publish mode(Mode value) {
    this.mode = Objects.requireNonNull(value, "mode");
    return this;
  }

  /** Opens a pull request for the change branch ({@link Mode#BRANCH} only). */
  public Publish pullRequests(PullRequests value) {
    this.pullRequests = value;
    return this;
  }

  /** Author and committer of the commit. */
  public Publish author(String name, String email) {
    this.authorName = Objects.requireNonNull(name, "name");
    this.authorEmail = Objects.requireNonNull(email, "email");
    return this;
  }

  /** The clock that dates the commit (fixed in tests, so commit ids are reproducible). */
  public Publish clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /** How many times to rebuild when the target branch moved meanwhile; default 5. */
  public Publish maxAttempts(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = value;
    return this;
  }

  /**
   * Publishes.
   *
   * @throws RefusedChangeException when the guard refuses the change (nothing was written or
   *     pushed)
   * @throws IOException when the repository fails or refuses, or kept moving for every attempt
   */
  public PublishResult call() throws RefusedChangeException, IOException {
    if (called) {
      throw new IllegalStateException("a Publish can be called once");
    }
    called = true;
    Objects.requireNonNull(spec, "rendered(spec, files) is required");
    String env = spec.environment();
    List<String> owned = FluxPaths.owned(env);
    List<String> ownedDirs = owned.stream().map(o -> o + "/").toList();
    for (String path : manifests.files().keySet()) {
      if (!startsWithAny(path, ownedDirs)) {
        throw new IllegalArgumentException(
            path + " is outside the directories environment " + env + " owns " + owned);
      }
    }
    if (!manifests.contains(CanonicalSpec.snapshotPath(env))) {
      throw new IllegalArgumentException(
          "the rendered tree lacks the spec snapshot " + CanonicalSpec.snapshotPath(env));
    }
    ManifestTree tree = ManifestTree.of(manifests);
    Repository db = repository.objects();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Optional<ObjectId> base = repository.tip(branch);
      List<FileChange> changes = new ArrayList<>();
      ObjectId commit;
      try (ObjectInserter inserter = Inserters.forRepository(db);
          ObjectReader reader = db.newObjectReader();
          RevWalk walk = new RevWalk(reader)) {
        RevCommit parent = base.isPresent() ? walk.parseCommit(base.get()) : null;
        if (parent != null && guard != ChangeGuard.NONE) {
          check(reader, parent);
        }
        ObjectId newTree =
            tree.mergeInto(
                parent == null ? null : parent.getTree(), owned, reader, inserter, changes);
        if (parent != null && newTree.equals(parent.getTree())) {
          return new PublishResult(
              PublishResult.Status.UP_TO_DATE,
              Optional.empty(),
              branch,
              ChangeSummary.of(env, List.of()),
              attempt,
              Optional.empty());
        }
        ChangeSummary summary = ChangeSummary.of(env, changes);
        boolean direct = mode == Mode.DIRECT || parent == null;
        String target = direct ? branch : changeBranch(env, newTree);
        if (!direct) {
          Optional<ObjectId> pending = repository.tip(target);
          if (pending.isPresent() && walk.parseCommit(pending.get()).getTree().equals(newTree)) {
            return new PublishResult(
                PublishResult.Status.PENDING, pending, target, summary, attempt, Optional.empty());
          }
        }
        PersonIdent who = new PersonIdent(authorName, authorEmail, clock.instant(), ZoneOffset.UTC);
        CommitBuilder builder = new CommitBuilder();
        builder.setTreeId(newTree);
        if (parent != null) {
          builder.setParentId(parent);
        }
        builder.setAuthor(who);
        builder.setCommitter(who);
        builder.setMessage(summary.message());
        commit = inserter.insert(builder);
        inserter.flush();
        if (direct) {
          if (!repository.update(branch, parent, commit)) {
            pause(attempt);
            continue;
          }
        } else if (!repository.update(target, null, commit)) {
          throw new PublishException(
              "branch " + target + " already exists at " + repository.describe());
        }
        Optional<String> pr = Optional.empty();
        if (pullRequests != null && mode == Mode.BRANCH && parent != null) {
          pr = Optional.of(pullRequests.open(target, branch, summary.title(), summary.body()));
        }
        return new PublishResult(
            PublishResult.Status.PUBLISHED, Optional.of(commit), target, summary, attempt, pr);
      }
    }
    throw new PublishException(
        "branch "
            + branch
            + " at "
            + repository.describe()
            + " moved during each of "
            + maxAttempts
            + " attempts; nothing was pushed; try again");
  }

  /**
   * The change branch for a tree: {@code clickplane/<env>/<first 12 hex digits of the tree id>}.
   * Named after the content, so publishing the same change again finds its branch instead of
   * opening another.
   */
  static String changeBranch(String env, ObjectId tree) {
    return "clickplane/" + env + "/" + tree.name().substring(0, 12);
  }

  private void check(ObjectReader reader, RevCommit parent)
      throws IOException, RefusedChangeException {
    String path = CanonicalSpec.snapshotPath(spec.environment());
    try (TreeWalk walk = TreeWalk.forPath(reader, path, parent.getTree())) {
      if (walk == null) {
        return;
      }
      ObjectId published = walk.getObjectId(0);
      byte[] next = manifests.bytes(path);
      if (published.equals(new GitObjects().id(Constants.OBJ_BLOB, next))) {
        return; // same spec: nothing for a guard to refuse
      }
      String text =
          new String(reader.open(published, Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
      PlatformSpec previous;
      try {
        previous = StackConfig.parse(branch + ":" + path, text);
      } catch (InvalidConfigException e) {
        throw new PublishException(
            "the published spec snapshot "
                + branch
                + ":"
                + path
                + " cannot be read ("
                + e.problems().size()
                + " problems, first: "
                + e.problems().get(0)
                + "); fix or remove it in the Flux repository",
            e);
      }
      List<Refusal> refusals = guard.check(previous, spec);
      if (!refusals.isEmpty()) {
        throw new RefusedChangeException(refusals);
      }
    }
  }

  private static boolean startsWithAny(String path, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static void pause(int attempt) throws IOException {
    try {
      Thread.sleep(Math.min(1000, 25L * attempt * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("interrupted while retrying");
    }
  }
}
