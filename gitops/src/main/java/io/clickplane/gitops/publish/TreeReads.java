package io.clickplane.gitops.publish;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reads single paths and single directories of a published tree, without walking the rest. */
final class TreeReads {
  private TreeReads() {}

  /**
   * The id of the file or directory at {@code path} under {@code root}, or null (null root too).
   */
  static ObjectId idAt(ObjectReader reader, AnyObjectId root, String path) throws IOException {
    if (root == null) {
      return null;
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, path, root)) {
      return walk == null ? null : walk.getObjectId(0);
    }
  }

  /**
   * The entries of the directory at {@code dir} under {@code root}: name (with a trailing '/' for a
   * directory) → id; empty when there is no such directory (or no root).
   */
  static Map<String, ObjectId> entries(ObjectReader reader, AnyObjectId root, String dir)
      throws IOException {
    Map<String, ObjectId> out = new HashMap<>();
    if (root == null) {
      return out;
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, dir, root)) {
      if (walk == null || !FileMode.TREE.equals(walk.getFileMode(0))) {
        return out;
      }
      return entriesOf(reader, walk.getObjectId(0));
    }
  }

  /** The entries of the tree {@code tree}, named as in {@link #entries}. */
  static Map<String, ObjectId> entriesOf(ObjectReader reader, AnyObjectId tree) throws IOException {
    Map<String, ObjectId> out = new HashMap<>();
    CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
    for (; !parser.eof(); parser.next()) {
      boolean isDir = FileMode.TREE.equals(parser.getEntryFileMode());
      out.put(parser.getEntryPathString() + (isDir ? "/" : ""), parser.getEntryObjectId());
    }
    return out;
  }
}
