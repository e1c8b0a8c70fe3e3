package io.clickplane.gitops.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reads trees back from a repository for assertions. */
public final class Trees {
  private Trees() {}

  /** path → blob id of every file in the tree of {@code branch}. */
  public static Map<String, ObjectId> blobs(Repository repository, String branch)
      throws IOException {
    Map<String, ObjectId> out = new TreeMap<>();
    ObjectId tip = repository.resolve(Constants.R_HEADS + branch);
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree = new TreeWalk(repository)) {
      tree.addTree(walk.parseCommit(tip).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        out.put(tree.getPathString(), tree.getObjectId(0));
      }
    }
    return out;
  }

  /** path → text of every file in the tree of {@code branch}. */
  public static Map<String, String> files(Repository repository, String branch) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ObjectId> e : blobs(repository, branch).entrySet()) {
      out.put(
          e.getKey(), new String(repository.open(e.getValue()).getBytes(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The rendered files as text. */
  public static Map<String, String> text(io.clickplane.core.manifest.ManifestSet set) {
    Map<String, String> out = new TreeMap<>();
    set.files().forEach((p, b) -> out.put(p, new String(b, StandardCharsets.UTF_8)));
    return out;
  }
}
