package io.clickplane.gitops.publish;

import io.clickplane.core.manifest.ManifestSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * A rendered tree as git would store it, and its merge into a published tree.
 *
 * <p>The ids of every rendered blob and tree are computed up front from the bytes alone. Merging
 * then walks the published tree only where ids differ, so reading and writing follow the size of
 * the change, not of the fleet: an unchanged directory is kept by id without being opened, an
 * unchanged file keeps its blob, and only changed blobs and the trees above them are inserted.
 * Paths outside the owned directories are kept exactly as published.
 */
final class ManifestTree {
  private final Dir root;

  private ManifestTree(Dir root) {
    this.root = root;
  }

  /**
   * Hashes the rendered files and directories (no I/O). Blob ids are computed in parallel: hashing
   * the rendered bytes is the one part of a publish whose cost follows the size of the fleet.
   */
  static ManifestTree of(ManifestSet files) {
    return of(files, Map.of());
  }

  /**
   * Like {@link #of(ManifestSet)}, but each directory of {@code reused} is taken to have the given
   * tree id, without hashing (or even looking at) the files under it. The caller must know that the
   * rendered files under such a directory form exactly that tree, and that the published tree the
   * result is merged into has the same id there (a merge never opens a reused directory). A reused
   * directory's files may be absent from {@code files} (left unrendered).
   */
  static ManifestTree of(ManifestSet files, Map<String, ObjectId> reused) {
    Dir root = new Dir();
    java.util.SortedMap<String, byte[]> all = files.files();
    List<String> skipped = new ArrayList<>();
    for (Map.Entry<String, ObjectId> r : reused.entrySet()) {
      String dir = r.getKey();
      Dir stub = root.resolve(dir);
      stub.id = r.getValue();
      stub.reused = true;
      skipped.add(dir + "/");
    }
    // Files under a reused directory are skipped as whole ranges of the sorted map: the ranges
    // [dir/, dir0) hold exactly the paths under dir ('0' follows '/'), and are disjoint.
    skipped.sort(Comparator.naturalOrder());
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
    String cursor = "";
    for (String prefix : skipped) {
      entries.addAll(all.subMap(cursor, prefix).entrySet());
      cursor = prefix.substring(0, prefix.length() - 1) + "0";
    }
    entries.addAll(all.tailMap(cursor).entrySet());
    List<Dir> parents = new ArrayList<>(entries.size());
    List<String> names = new ArrayList<>(entries.size());
    String lastDir = null;
    Dir last = null;
    for (Map.Entry<String, byte[]> e : entries) {
      String path = e.getKey();
      int slash = path.lastIndexOf('/');
      String dir = slash < 0 ? "" : path.substring(0, slash);
      if (!dir.equals(lastDir)) {
        last = root.resolve(dir);
        lastDir = dir;
      }
      String name = path.substring(slash + 1);
      last.files.put(name, e.getValue());
      parents.add(last);
      names.add(name);
    }
    ObjectId[] blobs = new ObjectId[entries.size()];
    ThreadLocal<GitObjects> hashers = ThreadLocal.withInitial(GitObjects::new);
    java.util.stream.IntStream.range(0, blobs.length)
        .parallel()
        .forEach(i -> blobs[i] = hashers.get().id(Constants.OBJ_BLOB, entries.get(i).getValue()));
    for (int i = 0; i < blobs.length; i++) {
      Dir parent = parents.get(i);
      if (parent.dirs.containsKey(names.get(i))) {
        throw new IllegalArgumentException(
            entries.get(i).getKey() + " is both a file and a directory in the rendered tree");
      }
      parent.fileIds.put(names.get(i), blobs[i]);
    }
    root.hash(new GitObjects());
    return new ManifestTree(root);
  }

  /** Id of the whole rendered tree as a git tree. */
  ObjectId id() {
    return root.id;
  }

  /** Id of the rendered directory at {@code path}, or null when there is none. */
  ObjectId dirId(String path) {
    Dir d = root;
    for (String part : path.split("/")) {
      d = d.dirs.get(part);
      if (d == null) {
        return null;
      }
    }
    return d.id;
  }

  /** Whether the directory at {@code path} was taken by id, without its files. */
  boolean isReused(String path) {
    Dir d = find(path);
    return d != null && d.reused;
  }

  /**
   * The entries of the rendered directory at {@code path} (not a reused one): name, with a trailing
   * '/' for a directory, → id; empty when there is no such directory.
   */
  Map<String, ObjectId> entries(String path) {
    Dir d = find(path);
    Map<String, ObjectId> out = new java.util.HashMap<>();
    if (d == null || d.reused) {
      return out;
    }
    d.dirs.forEach((name, sub) -> out.put(name + "/", sub.id));
    out.putAll(d.fileIds);
    return out;
  }

  private Dir find(String path) {
    Dir d = root;
    if (!path.isEmpty()) {
      for (String part : path.split("/")) {
        d = d.dirs.get(part);
        if (d == null) {
          return null;
        }
      }
    }
    return d;
  }

  /**
   * Id of the rendered file at {@code path}, or null when there is none (or it lies under a reused
   * directory).
   */
  ObjectId fileId(String path) {
    int slash = path.lastIndexOf('/');
    Dir d = slash < 0 ? root : null;
    if (d == null) {
      d = root;
      for (String part : path.substring(0, slash).split("/")) {
        d = d.dirs.get(part);
        if (d == null) {
          return null;
        }
      }
    }
    return d.fileIds.get(path.substring(slash + 1));
  }

  /**
   * Merges this tree into {@code base}: inside {@code owned} directories the result equals this
   * tree, elsewhere it equals {@code base}. Inserts new objects with {@code inserter} and records
   * every changed file in {@code changes}.
   *
   * @return id of the merged tree
   */
  ObjectId mergeInto(
      AnyObjectId base,
      List<String> owned,
      ObjectReader reader,
      ObjectInserter inserter,
      List<FileChange> changes)
      throws IOException {
    ObjectId merged = new Merge(owned, reader, inserter, changes).dir("", root, base);
    return merged == null ? inserter.insert(new TreeFormatter()) : merged;
  }

  private static final class Dir {
    final TreeMap<String, Dir> dirs = new TreeMap<>();
    final TreeMap<String, byte[]> files = new TreeMap<>();
    final Map<String, ObjectId> fileIds = new java.util.HashMap<>();
    ObjectId id;
    byte[] treeBytes;

    /** Taken as {@link #id} without its files: see {@link ManifestTree#of(ManifestSet, Map)}. */
    boolean reused;

    Dir resolve(String path) {
      Dir d = this;
      if (!path.isEmpty()) {
        for (String part : path.split("/")) {
          d = d.dirs.computeIfAbsent(part, k -> new Dir());
        }
      }
      return d;
    }

    /** Computes tree ids bottom-up from the (already computed) blob ids. */
    void hash(GitObjects objects) {
      if (reused) {
        return;
      }
      for (Dir d : dirs.values()) {
        d.hash(objects);
      }
      TreeFormatter tree = new TreeFormatter();
      for (Entry e : entries()) {
        if (e.dir) {
          tree.append(e.name, FileMode.TREE, dirs.get(e.name).id);
        } else {
          tree.append(e.name, FileMode.REGULAR_FILE, fileIds.get(e.name));
        }
      }
      treeBytes = tree.toByteArray();
      id = objects.id(Constants.OBJ_TREE, treeBytes);
    }

    List<Entry> entries() {
      List<Entry> out = new ArrayList<>();
      dirs.keySet().forEach(n -> out.add(new Entry(n, true, null, null)));
      files.keySet().forEach(n -> out.add(new Entry(n, false, null, null)));
      out.sort(Entry.GIT_ORDER);
      return out;
    }
  }

  /** A tree entry; git sorts directories as if their name ended in '/'. */
  private record Entry(String name, boolean dir, FileMode mode, ObjectId id) {
    static final Comparator<Entry> GIT_ORDER = Entry::gitCompare;

    /** Git's order: bytewise on UTF-8 names, a directory's name compared as if it ended in '/'. */
    private static int gitCompare(Entry a, Entry b) {
      String x = a.name;
      String y = b.name;
      int n = Math.min(x.length(), y.length());
      for (int i = 0; i < n; i++) {
        char cx = x.charAt(i);
        char cy = y.charAt(i);
        if (cx >= 0x80 || cy >= 0x80) {
          return Arrays.compareUnsigned(a.sortKey(), b.sortKey());
        }
        if (cx != cy) {
          return cx - cy;
        }
      }
      int ex = x.length() > n ? x.charAt(n) : a.dir ? '/' : -1;
      int ey = y.length() > n ? y.charAt(n) : b.dir ? '/' : -1;
      if (ex >= 0x80 || ey >= 0x80) {
        return Arrays.compareUnsigned(a.sortKey(), b.sortKey());
      }
      if (ex != ey) {
        return ex - ey;
      }
      return x.length() > n + 1 || y.length() > n + 1
          ? Arrays.compareUnsigned(a.sortKey(), b.sortKey())
          : 0;
    }

    byte[] sortKey() {
      return (dir ? name + "/" : name).getBytes(StandardCharsets.UTF_8);
    }
  }

  private static final class Merge {
    private final List<String> owned;
    private final ObjectReader reader;
    private final ObjectInserter inserter;
    private final List<FileChange> changes;

    Merge(
        List<String> owned,
        ObjectReader reader,
        ObjectInserter inserter,
        List<FileChange> changes) {
      this.owned = owned;
      this.reader = reader;
      this.inserter = inserter;
      this.changes = changes;
    }

    /** The merged directory at {@code path}, or null when it ends up empty. */
    ObjectId dir(String path, Dir desired, AnyObjectId base) throws IOException {
      Scope scope = scope(path);
      if (scope == Scope.OUTSIDE) {
        return base == null ? null : base.toObjectId();
      }
      if (scope == Scope.OWNED) {
        if (desired == null) {
          deleteAll(path, base);
          return null;
        }
        if (desired.id.equals(base)) {
          return desired.id;
        }
        if (desired.reused) {
          throw new IllegalStateException(
              path + " was reused as " + desired.id.name() + " but the published tree differs");
        }
      }
      Map<String, Entry> published = base == null ? Map.of() : read(base);
      TreeMap<String, Entry> union = new TreeMap<>();
      published.forEach((k, e) -> union.put(key(e.name, e.dir), e));
      if (desired != null) {
        desired.entries().forEach(e -> union.putIfAbsent(key(e.name, e.dir), e));
      }
      List<Entry> merged = new ArrayList<>();
      for (Entry e : union.values()) {
        String child = path.isEmpty() ? e.name : path + "/" + e.name;
        Entry old = published.get(key(e.name, e.dir));
        if (e.dir) {
          Dir want = desired == null ? null : desired.dirs.get(e.name);
          ObjectId id = dir(child, want, old == null ? null : old.id);
          if (id != null) {
            merged.add(new Entry(e.name, true, FileMode.TREE, id));
          }
        } else {
          Entry kept = file(child, desired == null ? null : desired, e.name, old);
          if (kept != null) {
            merged.add(kept);
          }
        }
      }
      if (merged.isEmpty()) {
        return null;
      }
      if (desired != null && scope == Scope.OWNED) {
        return inserter.insert(Constants.OBJ_TREE, desired.treeBytes);
      }
      merged.sort(Entry.GIT_ORDER);
      TreeFormatter tree = new TreeFormatter();
      for (Entry e : merged) {
        tree.append(e.name, e.mode, e.id);
      }
      ObjectId id = inserter.insert(tree);
      return id.equals(base) ? base.toObjectId() : id;
    }

    private Entry file(String path, Dir desired, String name, Entry old) throws IOException {
      Scope scope = scope(path);
      if (scope == Scope.OUTSIDE) {
        return old;
      }
      byte[] content = desired == null ? null : desired.files.get(name);
      if (content == null) {
        if (old != null) {
          changes.add(new FileChange(path, FileChange.Kind.DELETED, old.id, null));
        }
        return null;
      }
      ObjectId want = desired.fileIds.get(name);
      if (old == null) {
        changes.add(new FileChange(path, FileChange.Kind.ADDED, null, want));
        inserter.insert(Constants.OBJ_BLOB, content);
      } else if (!want.equals(old.id) || !FileMode.REGULAR_FILE.equals(old.mode)) {
        changes.add(new FileChange(path, FileChange.Kind.MODIFIED, old.id, want));
        inserter.insert(Constants.OBJ_BLOB, content);
      }
      return new Entry(name, false, FileMode.REGULAR_FILE, want);
    }

    private void deleteAll(String path, AnyObjectId base) throws IOException {
      if (base == null) {
        return;
      }
      for (Entry e : read(base).values()) {
        String child = path + "/" + e.name;
        if (e.dir) {
          deleteAll(child, e.id);
        } else {
          changes.add(new FileChange(child, FileChange.Kind.DELETED, e.id, null));
        }
      }
    }

    private Map<String, Entry> read(AnyObjectId tree) throws IOException {
      Map<String, Entry> out = new TreeMap<>();
      CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
      for (; !parser.eof(); parser.next()) {
        FileMode mode = parser.getEntryFileMode();
        boolean dir = FileMode.TREE.equals(mode);
        Entry e = new Entry(parser.getEntryPathString(), dir, mode, parser.getEntryObjectId());
        out.put(key(e.name, dir), e);
      }
      return out;
    }

    private static String key(String name, boolean dir) {
      return dir ? name + "/" : name;
    }

    private Scope scope(String path) {
      if (path.isEmpty()) {
        return Scope.ANCESTOR;
      }
      Scope scope = Scope.OUTSIDE;
      for (String o : owned) {
        if (path.equals(o) || path.startsWith(o + "/")) {
          return Scope.OWNED;
        }
        if (o.startsWith(path + "/")) {
          scope = Scope.ANCESTOR;
        }
      }
      return scope;
    }
  }

  private enum Scope {
    OWNED,
    ANCESTOR,
    OUTSIDE
  }
}
