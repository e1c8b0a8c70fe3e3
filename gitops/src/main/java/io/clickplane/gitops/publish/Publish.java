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
import java.util.Set;
import java.util.TreeMap;
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
  private Renderer renderer;
  private PlatformSpec spec;
  private ChangeGuard guard = ChangeGuard.NONE;
  private ChangeNote note;
  private PlatformSpec published;
  private Mode mode = Mode.BRANCH;
  private PullRequests pullRequests;
  private String authorName = "clickplane";
  private String authorEmail = "clickplane@localhost";
  private Clock clock = Clock.systemUTC();
  private int maxAttempts = 5;
  private byte[] rendererFingerprint;
  private boolean full;
  private boolean adopt;
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
    this.renderer = null;
    return this;
  }

  /**
   * Renders an environment's tree, leaving out organisation directories that stay as published.
   * Must be a pure function of the spec and its arguments.
   */
  @FunctionalInterface
  public interface Renderer {
    /**
     * @param snapshot the spec snapshot of the spec ({@code SpecSnapshot.write}), to include as it
     *     is
     * @param kept organisation directories to leave out, each with the names of its own files (not
     *     its subdirectories, not its {@code kustomization.yaml}), which the generated listings
     *     above it must name
     * @return the tree without any file under a kept directory
     */
    ManifestSet render(Map<String, String> snapshot, Map<String, List<String>> kept);
  }

  /**
   * The spec, and how to render it: an organisation that {@link #renderer(byte[]) reuse} keeps is
   * not rendered at all (its inputs key is known from the spec snapshot before rendering), so a
   * publish renders only the organisations whose inputs changed. Without a renderer fingerprint, or
   * with {@link #full}, everything is rendered.
   */
  public Publish rendering(PlatformSpec value, Renderer lazy) {
    this.spec = Objects.requireNonNull(value, "spec");
    this.renderer = Objects.requireNonNull(lazy, "renderer");
    this.manifests = null;
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

  /**
   * A note appended to the change summary (commit message and pull-request body), computed from the
   * published spec (null on a first publish) and the new one; e.g. the monthly cost before and
   * after.
   */
  public Publish note(ChangeNote value) {
    this.note = Objects.requireNonNull(value, "note");
    return this;
  }

  /** Describes a change of spec for people reviewing it. */
  @FunctionalInterface
  public interface ChangeNote {
    /**
     * Text for the change summary, or empty for none; {@code before} is null on a first publish.
     */
    String describe(PlatformSpec before, PlatformSpec after);
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

  /**
   * Adopts a published environment whose spec snapshot is missing (default false: such a publish is
   * refused, since the change guards would have nothing to compare with). Adoption succeeds only
   * where the published files are exactly what this spec renders (see {@link Adoption}); it changes
   * nothing when the snapshot is present.
   */
  public Publish adopt(boolean value) {
    this.adopt = value;
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
   * @throws PublishRefusedException when the target branch cannot be published to as asked: checked
   *     out in a work tree, no spec snapshot over a published environment, or (on a retry) an
   *     organisation or service someone else changed after this publish read the branch, which this
   *     publish would revert or change differently; nothing was pushed
   * @throws IOException when the repository fails or refuses, or kept moving for every attempt
   */
  public PublishResult call() throws RefusedChangeException, PublishRefusedException, IOException {
    if (called) {
      throw new IllegalStateException("a Publish can be called once");
    }
    called = true;
    Objects.requireNonNull(spec, "rendered(spec, files) or rendering(spec, renderer) is required");
    String env = spec.environment();
    List<String> owned = FluxPaths.owned(env);
    Map<String, String> snapshot = null;
    if (renderer == null) {
      checkRendered(manifests, owned);
    } else {
      snapshot = SpecSnapshot.write(spec);
    }
    Map<String, String> keys;
    if (rendererFingerprint == null) {
      keys = Map.of();
    } else if (renderer == null) {
      keys = RenderMemo.keys(manifests, env, rendererFingerprint);
    } else {
      ManifestSet.Builder state = ManifestSet.builder();
      snapshot.forEach(state::add);
      keys = RenderMemo.keys(state.build(), env, rendererFingerprint);
    }
    Set<String> renderedWithout = null;
    RenderMemo memo =
        rendererFingerprint == null
            ? null
            : RenderMemo.load(repository.objects().getDirectory(), env);
    Repository db = repository.objects();
    RevCommit firstBase = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Optional<ObjectId> base = repository.tip(branch);
      if ((mode == Mode.DIRECT || base.isEmpty()) && repository.checkedOut(branch)) {
        throw new PublishRefusedException(
            "branch "
                + branch
                + " is checked out in the work tree of "
                + repository.describe()
                + ": moving it would leave that work tree's files and index behind, and its next"
                + " commit would undo the publish (git refuses such a push too:"
                + " receive.denyCurrentBranch); publish to a bare repository (git clone --bare),"
                + " switch that work tree to another branch, or publish a change branch"
                + " (without --direct) once "
                + branch
                + " exists");
      }
      List<FileChange> changes = new ArrayList<>();
      ObjectId commit;
      try (ObjectInserter inserter = Inserters.forRepository(db);
          ObjectReader reader = db.newObjectReader();
          RevWalk walk = new RevWalk(reader)) {
        RevCommit parent = base.isPresent() ? walk.parseCommit(base.get()) : null;
        if (attempt == 1) {
          firstBase = parent;
        }
        Map<String, ObjectId> reused =
            parent == null || memo == null || full
                ? Map.of()
                : reusable(reader, parent.getTree(), keys, memo);
        if (renderer != null
            && (renderedWithout == null || !reused.keySet().containsAll(renderedWithout))) {
          Map<String, List<String>> kept = new TreeMap<>();
          for (Map.Entry<String, ObjectId> r : reused.entrySet()) {
            kept.put(r.getKey(), ownFiles(reader, r.getValue()));
          }
          manifests = renderer.render(snapshot, kept);
          checkRendered(manifests, owned);
          renderedWithout = kept.keySet();
        } else if (renderer == null) {
          Map<String, ObjectId> withFiles = new HashMap<>();
          reused.forEach(
              (dir, id) -> {
                if (!manifests.files().subMap(dir + "/", dir + "0").isEmpty()) {
                  withFiles.put(dir, id);
                }
              });
          reused = withFiles;
        }
        ManifestTree tree = ManifestTree.of(manifests, reused);
        if (attempt > 1 && parent != null && !parent.equals(firstBase)) {
          List<String> conflicts =
              ConcurrentChanges.check(reader, env, branch, firstBase, parent, tree);
          if (!conflicts.isEmpty()) {
            throw new PublishRefusedException(conflicts);
          }
        }
        if (parent != null) {
          requireSnapshot(reader, parent, tree);
        }
        published = null;
        if (parent != null && (guard != ChangeGuard.NONE || note != null)) {
          check(reader, parent, tree);
        } else if (parent == null) {
          // The first publish: every service is new; the guard runs against an empty fleet.
          List<Refusal> refusals = guard.check(spec.withOrganisations(List.of()), spec);
          if (!refusals.isEmpty()) {
            throw new RefusedChangeException(refusals);
          }
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
              Optional.empty(),
              Optional.of(parent.copy()));
        }
        ChangeSummary summary = ChangeSummary.of(env, changes);
        if (note != null) {
          summary = summary.withNote(note.describe(published, spec));
        }
        boolean direct = mode == Mode.DIRECT || parent == null;
        String target = direct ? branch : changeBranch(env, newTree);
        if (!direct) {
          Optional<ObjectId> pending = repository.tip(target);
          if (pending.isPresent() && walk.parseCommit(pending.get()).getTree().equals(newTree)) {
            remember(memo, keys, tree);
            return new PublishResult(
                PublishResult.Status.PENDING,
                pending,
                target,
                summary,
                attempt,
                Optional.empty(),
                Optional.empty());
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
            PublishResult.Status.PUBLISHED,
            Optional.of(commit),
            target,
            summary,
            attempt,
            pr,
            direct ? Optional.of(commit) : Optional.empty());
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

  /** Every rendered path lies in a directory the environment owns, and the snapshot is there. */
  private void checkRendered(ManifestSet files, List<String> owned) {
    String env = spec.environment();
    List<String> ownedDirs = owned.stream().map(o -> o + "/").toList();
    // Sorted paths: one look-up per owned directory, not per file.
    java.util.SortedMap<String, byte[]> rest = files.files();
    while (!rest.isEmpty()) {
      String path = rest.firstKey();
      String dir = ownedDirs.stream().filter(path::startsWith).findFirst().orElse(null);
      if (dir == null) {
        throw new IllegalArgumentException(
            path + " is outside the directories environment " + env + " owns " + owned);
      }
      rest = rest.tailMap(dir.substring(0, dir.length() - 1) + "0");
    }
    if (!files.contains(SpecSnapshot.platformPath(env))) {
      throw new IllegalArgumentException(
          "the rendered tree lacks the spec snapshot " + SpecSnapshot.platformPath(env));
    }
  }

  /** The names of a published directory's own files, without its generated kustomization.yaml. */
  private static List<String> ownFiles(ObjectReader reader, ObjectId dir) throws IOException {
    List<String> names = new ArrayList<>();
    for (String name : TreeReads.entriesOf(reader, dir).keySet()) {
      if (!name.endsWith("/") && !name.equals("kustomization.yaml")) {
        names.add(name);
      }
    }
    names.sort(null);
    return names;
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
   * Refuses a published environment without its spec snapshot (the guards would have nothing to
   * compare with), unless adopting it and the published files are what this spec renders.
   */
  private void requireSnapshot(ObjectReader reader, RevCommit parent, ManifestTree tree)
      throws IOException, PublishRefusedException {
    String env = spec.environment();
    ObjectId root = parent.getTree();
    if (TreeReads.idAt(reader, root, SpecSnapshot.platformPath(env)) != null
        || TreeReads.entries(reader, root, FluxPaths.tenants(env)).isEmpty()) {
      return;
    }
    String where = branch + ":" + FluxPaths.state(env) + "/";
    if (!adopt) {
      throw new PublishRefusedException(
          "branch "
              + branch
              + " at "
              + repository.describe()
              + " has a published environment "
              + FluxPaths.tenants(env)
              + "/ but no spec snapshot "
              + where
              + ", so the change guards cannot check this publish; restore the snapshot from the"
              + " branch's history (git log --diff-filter=D -- "
              + FluxPaths.state(env)
              + "), or publish with --adopt to take over the published tree where it is exactly"
              + " what this stack file renders");
    }
    List<String> differences = Adoption.differences(reader, root, env, tree);
    if (!differences.isEmpty()) {
      List<String> problems = new ArrayList<>();
      problems.add(
          "--adopt: the published tree on branch "
              + branch
              + " has no spec snapshot "
              + where
              + " and differs from what this stack file renders, so what would change cannot be"
              + " checked; publish first with a stack file that renders the published tree (or"
              + " restore the snapshot from the branch's history), then make the change:");
      differences.forEach(d -> problems.add("  " + d));
      throw new PublishRefusedException(problems);
    }
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
      published = spec;
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
    // Before the first publish every service is new: the guard still runs, against an empty fleet.
    List<Refusal> refusals = guard.check(previous.orElse(spec.withOrganisations(List.of())), spec);
    if (previous.isEmpty() && refusals.isEmpty()) {
      return;
    }
    previous.ifPresent(p -> published = p);
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
