package io.clickplane.gitops.publish;

import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.guard.RefusedChangeException;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import java.io.IOException;
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
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

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
   * Publishes: {@link #prepare} once, then per attempt {@link #readBase} (the target branch's tip
   * and what can be kept of it), {@link #render}, {@link #build} (checks, guard, the new tree) and
   * {@link #commitAndPush}; an attempt whose compare-and-swap finds the branch moved starts over on
   * the new tip.
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
    Prepared prepared = prepare();
    RevCommit firstBase = null;
    Rendering rendering = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Optional<ObjectId> tip = repository.tip(branch);
      refuseCheckedOut(tip);
      try (Session git = new Session(repository.objects())) {
        Base base = readBase(git, tip, prepared);
        if (attempt == 1) {
          firstBase = base.parent();
        }
        rendering = render(git, prepared, base, rendering);
        Built built = build(git, prepared, base, rendering, attempt, firstBase);
        if (built.unchanged()) {
          remember(prepared.memo(), prepared.keys(), built.tree());
          return PublishResult.upToDate(prepared.env(), branch, attempt, base.parent().copy());
        }
        Optional<PublishResult> done = commitAndPush(git, prepared, base, built, attempt);
        if (done.isPresent()) {
          return done.get();
        }
      }
      pause(attempt);
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
   * What a publish knows before reading the repository.
   *
   * @param snapshot the spec snapshot to render with (null when the tree was given)
   * @param keys organisation directory → its inputs key (empty without a renderer fingerprint)
   * @param memo the remembered trees per inputs key (null without a renderer fingerprint)
   */
  private record Prepared(
      String env,
      List<String> owned,
      Map<String, String> snapshot,
      Map<String, String> keys,
      RenderMemo memo) {}

  /** The new objects' writer and the readers of one attempt. */
  private record Session(ObjectInserter inserter, ObjectReader reader, RevWalk walk)
      implements AutoCloseable {
    Session(Repository db) {
      this(Inserters.forRepository(db), db.newObjectReader());
    }

    private Session(ObjectInserter inserter, ObjectReader reader) {
      this(inserter, reader, new RevWalk(reader));
    }

    @Override
    public void close() {
      walk.close();
      reader.close();
      inserter.close();
    }
  }

  /**
   * The target branch as one attempt read it.
   *
   * @param parent its tip (null before the first publish)
   * @param reused organisation directories that can be kept by id (see {@link #reusable})
   */
  private record Base(RevCommit parent, Map<String, ObjectId> reused) {}

  /**
   * The rendered tree of an attempt.
   *
   * @param files the rendered files (without those of the organisations rendered without)
   * @param without the organisation directories the renderer left out (empty when the tree was
   *     given)
   * @param reused the organisation directories kept by id
   */
  private record Rendering(ManifestSet files, Set<String> without, Map<String, ObjectId> reused) {}

  /**
   * The new tree of an attempt, checked and guarded.
   *
   * @param tree the rendered tree with its ids
   * @param id the whole repository's new tree
   * @param changes what changed against the base (empty when unchanged)
   * @param previous the published spec, when it was read (null otherwise)
   */
  private record Built(
      ManifestTree tree,
      ObjectId id,
      boolean unchanged,
      List<FileChange> changes,
      PlatformSpec previous) {}

  /** Step 1: checks the given tree, or writes the snapshot to render with; the inputs keys. */
  private Prepared prepare() throws IOException {
    String env = spec.environment();
    List<String> owned = FluxPaths.owned(env);
    Map<String, String> snapshot = null;
    ManifestSet state = manifests;
    if (renderer == null) {
      checkRendered(manifests, owned);
    } else {
      snapshot = SpecSnapshot.write(spec);
      ManifestSet.Builder files = ManifestSet.builder();
      snapshot.forEach(files::add);
      state = files.build();
    }
    if (rendererFingerprint == null) {
      return new Prepared(env, owned, snapshot, Map.of(), null);
    }
    return new Prepared(
        env,
        owned,
        snapshot,
        RenderMemo.keys(state, env, rendererFingerprint),
        RenderMemo.load(repository.objects().getDirectory(), env));
  }

  /** Refuses to move a branch that a work tree has checked out. */
  private void refuseCheckedOut(Optional<ObjectId> tip)
      throws IOException, PublishRefusedException {
    if ((mode == Mode.DIRECT || tip.isEmpty()) && repository.checkedOut(branch)) {
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
  }

  /** Step 2: the branch's tip and the organisation directories that can be kept by id. */
  private Base readBase(Session git, Optional<ObjectId> tip, Prepared prepared) throws IOException {
    RevCommit parent = tip.isPresent() ? git.walk().parseCommit(tip.get()) : null;
    Map<String, ObjectId> reused =
        parent == null || prepared.memo() == null || full
            ? Map.of()
            : reusable(git.reader(), parent.getTree(), prepared.keys(), prepared.memo());
    return new Base(parent, reused);
  }

  /**
   * Step 3: renders without the kept organisations, or reuses the previous attempt's rendering when
   * it left out no directory that is not kept now; a given tree keeps only the directories it has
   * files in.
   */
  private Rendering render(Session git, Prepared prepared, Base base, Rendering previous)
      throws IOException {
    Map<String, ObjectId> reused = base.reused();
    if (renderer == null) {
      Map<String, ObjectId> withFiles = new HashMap<>();
      reused.forEach(
          (dir, id) -> {
            if (!manifests.files().subMap(dir + "/", dir + "0").isEmpty()) {
              withFiles.put(dir, id);
            }
          });
      return new Rendering(manifests, Set.of(), withFiles);
    }
    if (previous != null && reused.keySet().containsAll(previous.without())) {
      return new Rendering(previous.files(), previous.without(), reused);
    }
    Map<String, List<String>> kept = new TreeMap<>();
    for (Map.Entry<String, ObjectId> r : reused.entrySet()) {
      kept.put(r.getKey(), ownFiles(git.reader(), r.getValue()));
    }
    ManifestSet files = renderer.render(prepared.snapshot(), kept);
    checkRendered(files, prepared.owned());
    return new Rendering(files, kept.keySet(), reused);
  }

  /**
   * Step 4: the new tree on the base. On a retry over a branch that moved since the first attempt,
   * refuses what would revert or redo another publish's change; refuses a published environment
   * without its snapshot; runs the guard.
   *
   * @param firstBase the branch's tip at the first attempt (null when it did not exist)
   */
  private Built build(
      Session git,
      Prepared prepared,
      Base base,
      Rendering rendering,
      int attempt,
      RevCommit firstBase)
      throws IOException, RefusedChangeException, PublishRefusedException {
    RevCommit parent = base.parent();
    ManifestTree tree = ManifestTree.of(rendering.files(), rendering.reused());
    if (attempt > 1 && parent != null && !parent.equals(firstBase)) {
      List<String> conflicts =
          ConcurrentChanges.check(git.reader(), prepared.env(), branch, firstBase, parent, tree);
      if (!conflicts.isEmpty()) {
        throw new PublishRefusedException(conflicts);
      }
    }
    PlatformSpec previous = null;
    if (parent != null) {
      PublishedSpec published = new PublishedSpec(git.reader(), repository, branch, parent);
      published.requireSnapshot(spec, tree, adopt);
      if (guard != ChangeGuard.NONE || note != null) {
        previous = published.guard(spec, tree, guard);
      }
    } else {
      // The first publish: every service is new; the guard runs against an empty fleet.
      List<Refusal> refusals = guard.check(spec.withOrganisations(List.of()), spec);
      if (!refusals.isEmpty()) {
        throw new RefusedChangeException(refusals);
      }
    }
    List<FileChange> changes = new ArrayList<>();
    ObjectId id =
        tree.mergeInto(
            parent == null ? null : parent.getTree(),
            prepared.owned(),
            git.reader(),
            git.inserter(),
            changes);
    boolean unchanged = parent != null && id.equals(parent.getTree());
    return new Built(tree, id, unchanged, changes, previous);
  }

  /**
   * Step 5: commits the new tree and moves the branch; empty when the target branch moved since
   * this attempt read it (the caller rebuilds on the new tip). A change branch that already holds
   * the same tree is pending: nothing is pushed.
   */
  private Optional<PublishResult> commitAndPush(
      Session git, Prepared prepared, Base base, Built built, int attempt) throws IOException {
    RevCommit parent = base.parent();
    ChangeSummary summary = ChangeSummary.of(prepared.env(), built.changes());
    if (note != null) {
      summary = summary.withNote(note.describe(built.previous(), spec));
    }
    boolean direct = mode == Mode.DIRECT || parent == null;
    String target = direct ? branch : changeBranch(prepared.env(), built.id());
    if (!direct) {
      Optional<ObjectId> pending = repository.tip(target);
      if (pending.isPresent()
          && git.walk().parseCommit(pending.get()).getTree().equals(built.id())) {
        remember(prepared.memo(), prepared.keys(), built.tree());
        return Optional.of(PublishResult.pending(pending.get(), target, summary, attempt));
      }
    }
    PersonIdent who = new PersonIdent(authorName, authorEmail, clock.instant(), ZoneOffset.UTC);
    CommitBuilder builder = new CommitBuilder();
    builder.setTreeId(built.id());
    if (parent != null) {
      builder.setParentId(parent);
    }
    builder.setAuthor(who);
    builder.setCommitter(who);
    builder.setMessage(summary.message());
    ObjectId commit = git.inserter().insert(builder);
    git.inserter().flush();
    FluxRepository.RefMove move = repository.update(target, direct ? parent : null, commit);
    if (move == FluxRepository.RefMove.STALE) {
      if (direct) {
        return Optional.empty(); // moved since this attempt read it
      }
      throw new PublishException(
          "branch " + target + " already exists at " + repository.describe());
    }
    remember(prepared.memo(), prepared.keys(), built.tree());
    if (move == FluxRepository.RefMove.UNCHANGED) {
      // The branch already points at this very commit: another publish of the same change, from
      // the same tip and within the same second, built the identical commit and moved the branch
      // first. This publish changed nothing.
      return Optional.of(
          direct
              ? PublishResult.upToDate(prepared.env(), target, attempt, commit)
              : PublishResult.pending(commit, target, summary, attempt));
    }
    if (!direct) {
      Optional<String> pr =
          pullRequests == null
              ? Optional.empty()
              : Optional.of(pullRequests.open(target, branch, summary.title(), summary.body()));
      return Optional.of(PublishResult.toChangeBranch(commit, target, summary, attempt, pr));
    }
    return Optional.of(PublishResult.toTarget(commit, target, summary, attempt));
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
        siblings = TreeReads.entries(reader, root, parentDir);
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

  private static void pause(int attempt) throws IOException {
    try {
      Thread.sleep(Math.min(1000, 25L * attempt * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("interrupted while retrying");
    }
  }
}
