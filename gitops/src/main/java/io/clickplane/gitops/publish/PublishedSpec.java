package io.clickplane.gitops.publish;

import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.guard.RefusedChangeException;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The spec snapshot on the target branch's tip, as a publish checks a new tree against it: whether
 * it is there at all (or the published tree may be adopted without it), and what the change guard
 * says about going from it to the new spec.
 */
final class PublishedSpec {
  private final ObjectReader reader;
  private final FluxRepository repository;
  private final String branch;
  private final ObjectId root;

  PublishedSpec(ObjectReader reader, FluxRepository repository, String branch, RevCommit tip) {
    this.reader = reader;
    this.repository = repository;
    this.branch = branch;
    this.root = tip.getTree();
  }

  /**
   * Refuses a published environment without its spec snapshot (the guards would have nothing to
   * compare with), unless adopting it and the published files are what this spec renders.
   */
  void requireSnapshot(PlatformSpec spec, ManifestTree tree, boolean adopt)
      throws IOException, PublishRefusedException {
    String env = spec.environment();
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
   * Runs the guard against the published snapshot and answers the published spec (null when there
   * is no snapshot). An organisation whose published snapshot file is byte for byte the rendered
   * one (same blob id) is the new spec's organisation: its file is not parsed again, so reading the
   * previous spec follows the change, not the fleet.
   */
  PlatformSpec guard(PlatformSpec spec, ManifestTree tree, ChangeGuard guard)
      throws IOException, RefusedChangeException {
    String env = spec.environment();
    String orgDir = SpecSnapshot.organisationPath(env, "x");
    orgDir = orgDir.substring(0, orgDir.lastIndexOf('/'));
    Map<String, ObjectId> publishedOrgs = TreeReads.entries(reader, root, orgDir);
    Map<String, OrganisationSpec> known = new HashMap<>();
    for (OrganisationSpec org : spec.organisations()) {
      ObjectId published = publishedOrgs.get(org.name() + ".yaml");
      if (published != null
          && published.equals(tree.fileId(SpecSnapshot.organisationPath(env, org.name())))) {
        known.put(org.name(), org);
      }
    }
    Map<String, ObjectId> publishedState =
        TreeReads.entries(reader, root, orgDir.substring(0, orgDir.lastIndexOf('/')));
    String platform = SpecSnapshot.platformPath(env);
    String index = SpecSnapshot.indexPath(env);
    if (known.size() == publishedOrgs.size()
        && tree.fileId(platform).equals(publishedState.get(name(platform)))
        && Objects.equals(tree.fileId(index), publishedState.get(name(index)))) {
      return spec; // same spec: nothing for a guard to refuse
    }
    Optional<PlatformSpec> previous;
    try {
      previous = SpecSnapshot.read(branch + ":", env, this::read, known);
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
    // Without a snapshot every service is new: the guard still runs, against an empty fleet.
    List<Refusal> refusals = guard.check(previous.orElse(spec.withOrganisations(List.of())), spec);
    if (!refusals.isEmpty()) {
      throw new RefusedChangeException(refusals);
    }
    return previous.orElse(null);
  }

  /** A published file's text, or null when there is no regular file at {@code path}. */
  private String read(String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, path, root)) {
      return walk == null || !FileMode.REGULAR_FILE.equals(walk.getFileMode(0))
          ? null
          : new String(
              reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getBytes(),
              StandardCharsets.UTF_8);
    }
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
