package io.clickplane.gitops.publish;

import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.guard.RefusedChangeException;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
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
  private byte[] rendererFingerprint;
  private boolean full;
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

  /**
   * Enables reuse: the fingerprint of the renderer that made the tree ({@link
   * ClasspathFingerprint#current()} when it was rendered in this JVM). An organisation directory
   * whose inputs (this fingerprint, the platform-level and the organisation's spec snapshot) equal
   * those it was last published from, and whose published tree is still exactly what they rendered
   * to then, is kept by id without hashing its files; see {@link RenderMemo}. Without a fingerprint
   * every rendered file is hashed and compared.
   */
  public Publish renderer(byte[] fingerprint) {
    this.rendererFingerprint = fingerprint == null ? null : fingerprint.clone();
    return this;
  }

  /**
   * Compares every rendered file with the published tree even where reuse would apply (the memo is
   * still refreshed); default false.
   */
  public Publish full(boolean value) {
    this.full = value;
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
    // Sorted paths: one look-up per owned directory, not per file.
    java.util.SortedMap<String, byte[]> rest = manifests.files();
    while (!rest.isEmpty()) {
      String path = rest.firstKey();
      String dir = ownedDirs.stream().filter(path::startsWith).findFirst().orElse(null);
      if (dir == null) {
        throw new IllegalArgumentException(
            path + " is outside the directories environment " + env + " owns " + owned);
      }
      rest = rest.tailMap(dir.substring(0, dir.length() - 1) + "0");
    }
    if (!manifests.contains(SpecSnapshot.platformPath(env))) {
      throw new IllegalArgumentException(
          "the rendered tree lacks the spec snapshot " + SpecSnapshot.platformPath(env));
    }
    Map<String, String> keys =
        rendererFingerprint == null
            ? Map.of()
            : RenderMemo.keys(manifests, env, rendererFingerprint);
    RenderMemo memo =
        rendererFingerprint == null
            ? null
            : RenderMemo.load(repository.objects().getDirectory(), env);
    Repository db = repository.objects();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Optional<ObjectId> base = repository.tip(branch);
      List<FileChange> changes = new ArrayList<>();
      ObjectId commit;
      try (ObjectInserter inserter = Inserters.forRepository(db);
          ObjectReader reader = db.newObjectReader();
          RevWalk walk = new RevWalk(reader)) {
        RevCommit parent = base.isPresent() ? walk.parseCommit(base.get()) : null;
        Map<String, ObjectId> reused =
            parent == null || memo == null || full
                ? Map.of()
                : reusable(reader, parent.getTree(), keys, memo);
        ManifestTree tree = ManifestTree.of(manifests, reused);
        if (parent != null && guard != ChangeGuard.NONE) {
          check(reader, parent, tree);
        }
        ObjectId newTree =
            tree.mergeInto(
                parent == null ? null : parent.getTree(), owned, reader, inserter, changes);
        if (parent != null && newTree.equals(parent.getTree())) {
          remember(memo, keys, tree);
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
            remember(memo, keys, tree);
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
        remember(memo, keys, tree);
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

  /**
   * The organisation directories that can be kept by id: the memo holds a tree for the directory's
   * current inputs key, and the published tree has exactly that tree there.
   */
  private static Map<String, ObjectId> reusable(
      ObjectReader reader, ObjectId root, Map<String, String> keys, RenderMemo memo)
      throws IOException {
    Map<String, ObjectId> reused = new HashMap<>();
    Map<String, Map<String, ObjectId>> published = new HashMap<>();
    for (Map.Entry<String, String> k : keys.entrySet()) {
      String dir = k.getKey();
      ObjectId remembered = memo.lookup(dir, k.getValue());
      if (remembered == null) {
        continue;
      }
      int slash = dir.lastIndexOf('/');
      String parentDir = dir.substring(0, slash);
      Map<String, ObjectId> siblings = published.get(parentDir);
      if (siblings == null) {
        siblings = entries(reader, root, parentDir);
        published.put(parentDir, siblings);
      }
      if (remembered.equals(siblings.get(dir.substring(slash + 1) + "/"))) {
        reused.put(dir, remembered);
      }
    }
    return reused;
  }

  private static void remember(RenderMemo memo, Map<String, String> keys, ManifestTree tree)
      throws IOException {
    if (memo == null) {
      return;
    }
    for (Map.Entry<String, String> k : keys.entrySet()) {
      ObjectId id = tree.dirId(k.getKey());
      if (id != null) {
        memo.remember(k.getKey(), k.getValue(), id);
      }
    }
    memo.retain(keys.keySet());
    memo.save();
  }

  /**
   * The entries of the published directory {@code dir}: name (with a trailing '/' for a directory)
   * → id; empty when there is no such directory.
   */
  private static Map<String, ObjectId> entries(ObjectReader reader, ObjectId root, String dir)
      throws IOException {
    Map<String, ObjectId> out = new HashMap<>();
    try (TreeWalk walk = TreeWalk.forPath(reader, dir, root)) {
      if (walk == null || !FileMode.TREE.equals(walk.getFileMode(0))) {
        return out;
      }
      CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, walk.getObjectId(0));
      for (; !parser.eof(); parser.next()) {
        boolean isDir = FileMode.TREE.equals(parser.getEntryFileMode());
        out.put(parser.getEntryPathString() + (isDir ? "/" : ""), parser.getEntryObjectId());
      }
    }
    return out;
  }

  /**
   * Runs the guard against the published snapshot. An organisation whose published snapshot file is
   * byte for byte the rendered one (same blob id) is the new spec's organisation: its file is not
   * parsed again, so reading the previous spec follows the change, not the fleet.
   */
  private void check(ObjectReader reader, RevCommit parent, ManifestTree tree)
      throws IOException, RefusedChangeException {
    String env = spec.environment();
    ObjectId root = parent.getTree();
    String orgDir = SpecSnapshot.organisationPath(env, "x");
    orgDir = orgDir.substring(0, orgDir.lastIndexOf('/'));
    Map<String, ObjectId> publishedOrgs = entries(reader, root, orgDir);
    Map<String, OrganisationSpec> known = new HashMap<>();
    for (OrganisationSpec org : spec.organisations()) {
      ObjectId published = publishedOrgs.get(org.name() + ".yaml");
      if (published != null
          && published.equals(tree.fileId(SpecSnapshot.organisationPath(env, org.name())))) {
        known.put(org.name(), org);
      }
    }
    Map<String, ObjectId> publishedState =
        entries(reader, root, orgDir.substring(0, orgDir.lastIndexOf('/')));
    String platform = SpecSnapshot.platformPath(env);
    String index = SpecSnapshot.indexPath(env);
    if (known.size() == publishedOrgs.size()
        && tree.fileId(platform).equals(publishedState.get(name(platform)))
        && Objects.equals(tree.fileId(index), publishedState.get(name(index)))) {
      return; // same spec: nothing for a guard to refuse
    }
    Optional<PlatformSpec> previous;
    try {
      previous =
          SpecSnapshot.read(
              branch + ":",
              env,
              path -> {
                try (TreeWalk walk = TreeWalk.forPath(reader, path, root)) {
                  return walk == null || !FileMode.REGULAR_FILE.equals(walk.getFileMode(0))
                      ? null
                      : new String(
                          reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getBytes(),
                          StandardCharsets.UTF_8);
                }
              },
              known);
    } catch (InvalidConfigException e) {
      throw new PublishException(
          "the published spec snapshot "
              + branch
              + ":.clickplane/"
              + env
              + " cannot be read ("
              + e.problems().size()
              + " problems, first: "
              + e.problems().get(0)
              + "); fix or remove it in the Flux repository",
          e);
    }
    if (previous.isEmpty()) {
      return;
    }
    List<Refusal> refusals = guard.check(previous.get(), spec);
    if (!refusals.isEmpty()) {
      throw new RefusedChangeException(refusals);
    }
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
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
