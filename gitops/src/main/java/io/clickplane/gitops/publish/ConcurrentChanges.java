package io.clickplane.gitops.publish;

import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.flux.FluxPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * What a retried publish must not do: undo or overwrite a change that someone else landed on the
 * target branch after this publish read it.
 *
 * <p>Three states are compared per unit — the platform (cluster and infrastructure directories and
 * the platform-level snapshot), each organisation (its own files and its snapshot file) and each
 * service (its directory): <em>base</em>, the branch this publish first diffed against;
 * <em>tip</em>, the branch now; <em>mine</em>, the rendered tree. A unit the tip did not change
 * takes mine. A unit the tip changed is fine when mine equals the tip (the same change); when mine
 * equals the base, publishing would revert the other change; otherwise both changed it differently.
 * Either of the last two is refused, naming the unit and the commit that changed it. Only the
 * organisations whose directory or snapshot file differ between base and tip are opened, so the
 * check follows the size of the other change, not of the fleet.
 */
final class ConcurrentChanges {
  private final ObjectReader reader;
  private final String env;
  private final String branch;
  private final RevCommit base;
  private final RevCommit tip;
  private final ManifestTree mine;
  private final List<String> problems = new ArrayList<>();

  private ConcurrentChanges(
      ObjectReader reader,
      String env,
      String branch,
      RevCommit base,
      RevCommit tip,
      ManifestTree mine) {
    this.reader = reader;
    this.env = env;
    this.branch = branch;
    this.base = base;
    this.tip = tip;
    this.mine = mine;
  }

  /**
   * The refused units, one line each (empty: the publish may land on {@code tip}).
   *
   * @param base the branch this publish first read, or null when it did not exist then
   */
  static List<String> check(
      ObjectReader reader,
      String env,
      String branch,
      RevCommit base,
      RevCommit tip,
      ManifestTree mine)
      throws IOException {
    ConcurrentChanges c = new ConcurrentChanges(reader, env, branch, base, tip, mine);
    c.platform();
    c.organisations();
    return c.problems;
  }

  private void platform() throws IOException {
    String[] dirs = {FluxPaths.clusters(env), FluxPaths.infrastructure(env)};
    String spec = SpecSnapshot.platformPath(env);
    List<ObjectId> b = new ArrayList<>();
    List<ObjectId> t = new ArrayList<>();
    List<ObjectId> m = new ArrayList<>();
    for (String d : dirs) {
      b.add(TreeReads.idAt(reader, tree(base), d));
      t.add(TreeReads.idAt(reader, tip.getTree(), d));
      m.add(mine.dirId(d));
    }
    b.add(TreeReads.idAt(reader, tree(base), spec));
    t.add(TreeReads.idAt(reader, tip.getTree(), spec));
    m.add(mine.fileId(spec));
    judge(b, t, m, "the platform (everything outside the organisations)", dirs[0], dirs[1], spec);
  }

  private void organisations() throws IOException {
    String tenants = FluxPaths.tenants(env);
    String states = SpecSnapshot.organisationPath(env, "x");
    states = states.substring(0, states.lastIndexOf('/'));
    Map<String, ObjectId> bOrgs = TreeReads.entries(reader, tree(base), tenants);
    Map<String, ObjectId> tOrgs = TreeReads.entries(reader, tip.getTree(), tenants);
    Map<String, ObjectId> bStates = TreeReads.entries(reader, tree(base), states);
    Map<String, ObjectId> tStates = TreeReads.entries(reader, tip.getTree(), states);
    TreeSet<String> names = new TreeSet<>();
    for (Map<String, ObjectId> m : List.of(bOrgs, tOrgs)) {
      m.keySet().stream().filter(k -> k.endsWith("/")).forEach(k -> names.add(chop(k)));
    }
    for (Map<String, ObjectId> m : List.of(bStates, tStates)) {
      m.keySet().stream().filter(k -> k.endsWith(".yaml")).forEach(k -> names.add(chop(k)));
    }
    for (String org : names) {
      ObjectId bDir = bOrgs.get(org + "/");
      ObjectId tDir = tOrgs.get(org + "/");
      ObjectId bState = bStates.get(org + ".yaml");
      ObjectId tState = tStates.get(org + ".yaml");
      if (Objects.equals(bDir, tDir) && Objects.equals(bState, tState)) {
        continue; // the other change did not touch this organisation
      }
      String dir = FluxPaths.organisation(env, org);
      String state = SpecSnapshot.organisationPath(env, org);
      ObjectId mDir = mine.dirId(dir);
      ObjectId mState = mine.fileId(state);
      if (Objects.equals(mDir, tDir) && Objects.equals(mState, tState)) {
        continue; // the same change
      }
      organisation(org, dir, state, bDir, tDir, mDir, bState, tState, mState);
    }
  }

  private void organisation(
      String org,
      String dir,
      String state,
      ObjectId bDir,
      ObjectId tDir,
      ObjectId mDir,
      ObjectId bState,
      ObjectId tState,
      ObjectId mState)
      throws IOException {
    Map<String, ObjectId> b = bDir == null ? Map.of() : TreeReads.entriesOf(reader, bDir);
    Map<String, ObjectId> t = tDir == null ? Map.of() : TreeReads.entriesOf(reader, tDir);
    // A reused directory is the tip's (reuse requires the published tree there to be it).
    Map<String, ObjectId> m = mine.isReused(dir) ? t : mine.entries(dir);
    int before = problems.size();
    TreeSet<String> services = new TreeSet<>();
    for (Map<String, ObjectId> e : List.of(b, t, m)) {
      e.keySet().stream().filter(k -> k.endsWith("/")).forEach(k -> services.add(chop(k)));
    }
    for (String s : services) {
      judge(
          Arrays.asList(b.get(s + "/")),
          Arrays.asList(t.get(s + "/")),
          Arrays.asList(m.get(s + "/")),
          "organisation " + org + ", service " + s,
          dir + "/" + s);
    }
    if (problems.size() > before) {
      return; // the organisation's own files follow its services; the services say more
    }
    judge(
        own(b, bState),
        own(t, tState),
        mDir == null ? own(Map.of(), mState) : own(m, mState),
        "organisation " + org,
        dir,
        state);
  }

  /** The organisation's own files (not its services) and its snapshot file, in a fixed order. */
  private static List<String> own(Map<String, ObjectId> entries, ObjectId state) {
    List<String> out = new ArrayList<>();
    entries.entrySet().stream()
        .filter(e -> !e.getKey().endsWith("/") && !e.getKey().equals("kustomization.yaml"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.add(e.getKey() + " " + e.getValue().name()));
    out.add("snapshot " + (state == null ? "-" : state.name()));
    return out;
  }

  private void judge(List<?> b, List<?> t, List<?> m, String what, String... paths)
      throws IOException {
    if (b.equals(t) || m.equals(t)) {
      return;
    }
    RevCommit by = changedBy(paths);
    String who =
        "changed on branch "
            + branch
            + " by commit "
            + by.name().substring(0, 12)
            + " (\""
            + by.getShortMessage()
            + "\")"
            + " after this publish read the branch"
            + (base == null
                ? " (when it did not exist yet)"
                : " at " + base.name().substring(0, 12));
    problems.add(
        what
            + ": "
            + who
            + (m.equals(b)
                ? "; this stack file still has it as it was before, so publishing would revert"
                    + " that change"
                : "; this stack file changes it too, differently (a conflict)"));
  }

  /** The newest commit between base and tip that changed any of {@code paths}. */
  private RevCommit changedBy(String... paths) throws IOException {
    try (RevWalk walk = new RevWalk(reader)) {
      walk.markStart(walk.parseCommit(tip));
      if (base != null) {
        walk.markUninteresting(walk.parseCommit(base));
      }
      for (RevCommit c : walk) {
        RevCommit parent = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
        for (String p : paths) {
          ObjectId now = TreeReads.idAt(reader, c.getTree(), p);
          ObjectId before = parent == null ? null : TreeReads.idAt(reader, parent.getTree(), p);
          if (!Objects.equals(now, before)) {
            return c;
          }
        }
      }
    }
    return tip;
  }

  private static ObjectId tree(RevCommit commit) {
    return commit == null ? null : commit.getTree();
  }

  private static String chop(String name) {
    return name.endsWith("/")
        ? name.substring(0, name.length() - 1)
        : name.substring(0, name.length() - ".yaml".length());
  }
}
