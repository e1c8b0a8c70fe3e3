package io.clickplane.stacks.cli;

import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.spec.PlatformSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A Flux repository's history for {@code invoice}: one commit per published spec snapshot, at fixed
 * times, so commit ids are the same on every run.
 */
final class PublishedHistory {
  private PublishedHistory() {}

  /** A bare repository whose main branch published {@code states} at their times. */
  static Path write(Path git, Map<Instant, PlatformSpec> states) throws Exception {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(git.toFile()).setBare().build()) {
      repo.create(true);
      ObjectId parent = null;
      try (ObjectInserter ins = repo.newObjectInserter()) {
        for (var e : new TreeMap<>(states).entrySet()) {
          DirCache index = DirCache.newInCore();
          DirCacheBuilder b = index.builder();
          for (var f : new TreeMap<>(SpecSnapshot.write(e.getValue())).entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(f.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(
                ins.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8)));
            b.add(entry);
          }
          b.finish();
          CommitBuilder c = new CommitBuilder();
          c.setTreeId(index.writeTree(ins));
          if (parent != null) {
            c.setParentId(parent);
          }
          PersonIdent who =
              new PersonIdent("clickplane", "clickplane@example.com", e.getKey(), ZoneOffset.UTC);
          c.setAuthor(who);
          c.setCommitter(who);
          c.setMessage("publish " + e.getKey());
          parent = ins.insert(c);
        }
        ins.flush();
      }
      RefUpdate u = repo.updateRef("refs/heads/main");
      u.setNewObjectId(parent);
      u.forceUpdate();
    }
    return git;
  }
}
