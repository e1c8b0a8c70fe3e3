package io.clickplane.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.gitops.publish.FluxRepository.RefMove;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a compare-and-swap branch move on a local repository answers: created, fast-forwarded,
 * unchanged, or stale when the branch is not where the caller read it (moved meanwhile, or existing
 * when it was to be created), and then it stays where it was.
 */
class RefMoveTest {
  @TempDir Path dir;

  @Test
  void eachOutcomeOfAMoveIsNamed() throws Exception {
    try (LocalFluxRepository repo =
        LocalFluxRepository.openOrCreateBare(dir.resolve("r.git"), "main")) {
      ObjectId first = commit(repo, null, "first");
      ObjectId second = commit(repo, first, "second");
      ObjectId other = commit(repo, first, "other");

      assertThat(repo.update("main", null, first)).isEqualTo(RefMove.CREATED);
      assertThat(repo.update("main", null, second)).isEqualTo(RefMove.STALE);
      assertThat(repo.tip("main")).contains(first);
      assertThat(repo.update("main", first, second)).isEqualTo(RefMove.FAST_FORWARDED);
      assertThat(repo.update("main", first, other)).isEqualTo(RefMove.STALE);
      assertThat(repo.tip("main")).contains(second);
      assertThat(repo.update("main", second, second)).isEqualTo(RefMove.UNCHANGED);
    }
  }

  private static ObjectId commit(FluxRepository repo, ObjectId parent, String message)
      throws Exception {
    try (ObjectInserter inserter = repo.objects().newObjectInserter()) {
      PersonIdent who =
          new PersonIdent(
              "t", "t@localhost", Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(new TreeFormatter()));
      if (parent != null) {
        commit.setParentId(parent);
      }
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }
}
