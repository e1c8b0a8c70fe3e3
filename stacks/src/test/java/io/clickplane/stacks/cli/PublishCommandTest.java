package io.clickplane.stacks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.testing.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code clickplane publish} and {@code clickplane diff} end to end on a copy of the dev stack. */
class PublishCommandTest {
  @TempDir Path project;
  private Path stack;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void copyStack() throws Exception {
    Files.createDirectories(project.resolve("stacks"));
    stack = project.resolve("stacks/Pulumi.dev.yaml");
    Files.copy(Repo.stackFile("dev"), stack);
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Clickplane.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path defaultRepo() {
    return project.resolve(".clickplane/flux.git");
  }

  @Test
  void firstPublishCreatesTheLocalDefaultRepositoryThenIsUpToDate() throws Exception {
    assertThat(run("diff", "--config", stack.toString())).isZero();
    assertThat(out.toString())
        .startsWith(defaultRepo() + " (not created yet), branch main: clickplane dev:");
    assertThat(Files.exists(defaultRepo())).isFalse();

    assertThat(run("publish", "--config", stack.toString())).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("published ")
        .contains(
            " to " + defaultRepo() + ", branch main\n",
            "acme: added (22 files)",
            "look at it: git --git-dir=" + defaultRepo() + " log --stat -1 main");
    try (Repository repo = new FileRepositoryBuilder().setGitDir(defaultRepo().toFile()).build()) {
      assertThat(repo.isBare()).isTrue();
      assertThat(repo.resolve("refs/heads/main")).isNotNull();
    }

    assertThat(run("publish", "--config", stack.toString())).isZero();
    assertThat(out.toString())
        .isEqualTo(
            defaultRepo() + ": branch main is up to date with the stack; nothing to publish\n");
    assertThat(run("diff", "--config", stack.toString())).isZero();
    assertThat(out.toString()).isEqualTo(defaultRepo() + ", branch main: no changes\n");

    // what each organisation rendered to is remembered next to the objects, not published
    assertThat(Files.readString(defaultRepo().resolve("clickplane/render-memo-dev")))
        .contains("tenants/dev/acme\t", "tenants/dev/globex\t", "tenants/dev/initech\t");
    assertThat(run("publish", "--config", stack.toString(), "--full")).isZero();
    assertThat(out.toString())
        .isEqualTo(
            defaultRepo() + ": branch main is up to date with the stack; nothing to publish\n");
  }

  @Test
  void problemsInTheStackFileReachAnAutoFlushingStreamAsTheProcessPrintsThem() throws Exception {
    Files.writeString(stack, Files.readString(stack).replace("size: 500Gi", "size: lots"));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    // as Clickplane.main prints: auto-flush on println only, nothing flushed at exit
    PrintWriter processErr = new PrintWriter(bytes, true);
    int code =
        Clickplane.run(
            new String[] {"publish", "--config", stack.toString()},
            new PrintWriter(out, true),
            processErr);
    assertThat(code).isEqualTo(2);
    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains(stack + ":")
        .contains("storage.size")
        .contains("nothing was changed");
  }

  @Test
  void theSameStackFileIntoAnUnmovedBranchIsUpToDateWithoutBeingLoadedAgain() throws Exception {
    assertThat(run("publish", "--config", stack.toString(), "--direct")).isZero();
    Path renderMemo = defaultRepo().resolve("clickplane/render-memo-dev");
    java.nio.file.attribute.FileTime old =
        java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(renderMemo, old);
    // the whole publish would rewrite the render memo; the remembered outcome answers first
    assertThat(run("publish", "--config", stack.toString(), "--direct")).isZero();
    assertThat(out.toString())
        .isEqualTo(
            defaultRepo() + ": branch main is up to date with the stack; nothing to publish\n");
    assertThat(Files.getLastModifiedTime(renderMemo)).isEqualTo(old);

    // another option, --full, or the branch moved by someone else: the whole publish runs
    assertThat(run("publish", "--config", stack.toString())).isZero();
    assertThat(Files.getLastModifiedTime(renderMemo)).isNotEqualTo(old);
    Path other = project.resolve("stacks/Pulumi.other.yaml");
    Files.writeString(other, Files.readString(stack).replace("retention: 14", "retention: 15"));
    assertThat(run("publish", "--config", other.toString(), "--direct")).isZero();
    assertThat(run("publish", "--config", stack.toString(), "--direct")).isZero();
    assertThat(out.toString())
        .startsWith("published ")
        .contains("M .clickplane/dev/organisations/acme.yaml");
    assertThat(out.toString()).doesNotContain("up to date");

    // other bytes (a comment) with the same meaning: the whole publish runs and finds nothing
    Files.writeString(stack, Files.readString(stack) + "# edited\n");
    Files.setLastModifiedTime(renderMemo, old);
    assertThat(run("publish", "--config", stack.toString(), "--direct")).isZero();
    assertThat(out.toString()).contains("up to date");
    assertThat(Files.getLastModifiedTime(renderMemo)).isNotEqualTo(old);
  }

  @Test
  void aMissingSnapshotIsRefusedWithExit2AndAdoptTakesTheTreeOver() throws Exception {
    assertThat(run("publish", "--config", stack.toString())).as(err.toString()).isZero();
    try (Repository repo = new FileRepositoryBuilder().setGitDir(defaultRepo().toFile()).build();
        org.eclipse.jgit.lib.ObjectInserter ins = repo.newObjectInserter();
        org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
      // main without .clickplane/dev/: the tree as published, minus the snapshot directory
      org.eclipse.jgit.revwalk.RevCommit tip = walk.parseCommit(repo.resolve("main"));
      org.eclipse.jgit.dircache.DirCache index = org.eclipse.jgit.dircache.DirCache.newInCore();
      org.eclipse.jgit.dircache.DirCacheBuilder b = index.builder();
      b.addTree(new byte[0], 0, repo.newObjectReader(), tip.getTree());
      b.finish();
      org.eclipse.jgit.dircache.DirCacheEditor e = index.editor();
      e.add(new org.eclipse.jgit.dircache.DirCacheEditor.DeleteTree(".clickplane/dev"));
      e.finish();
      org.eclipse.jgit.lib.CommitBuilder c = new org.eclipse.jgit.lib.CommitBuilder();
      c.setTreeId(index.writeTree(ins));
      c.setParentId(tip);
      org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("t", "t@t");
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage("snapshot removed");
      org.eclipse.jgit.lib.ObjectId id = ins.insert(c);
      ins.flush();
      org.eclipse.jgit.lib.RefUpdate u = repo.updateRef("refs/heads/main");
      u.setNewObjectId(id);
      u.setExpectedOldObjectId(tip);
      assertThat(u.update()).isEqualTo(org.eclipse.jgit.lib.RefUpdate.Result.FAST_FORWARD);
    }
    Files.writeString(stack, Files.readString(stack).replace("size: 500Gi", "size: 100Gi"));
    assertThat(run("publish", "--config", stack.toString(), "--direct")).isEqualTo(2);
    assertThat(err.toString())
        .contains(stack + ": branch main at " + defaultRepo() + " has a published environment")
        .contains("publish with --adopt")
        .contains("clickplane: the publish was refused; nothing was published")
        .doesNotContain("\tat ");
    assertThat(run("publish", "--config", stack.toString(), "--direct", "--adopt")).isEqualTo(2);
    assertThat(err.toString())
        .contains("tenants/dev/acme/events/")
        .contains("is published with other content than this stack file renders");
    Files.copy(Repo.stackFile("dev"), stack, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(run("publish", "--config", stack.toString(), "--direct", "--adopt"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("A .clickplane/dev/spec.yaml");
  }

  @Test
  void aChangedStackIsDiffedThenPublishedOnAChangeBranchOrDirectly() throws Exception {
    assertThat(run("publish", "--config", stack.toString(), "--direct")).isZero();
    Files.writeString(stack, Files.readString(stack).replace("retention: 14", "retention: 21"));
    assertThat(run("diff", "--config", stack.toString(), "--patch")).isZero();
    assertThat(out.toString())
        .contains(
            "clickplane dev: 2 changed (acme/events, platform)",
            "M .clickplane/dev/organisations/acme.yaml",
            // retention is applied from the backup CronJob's annotation
            "M tenants/dev/acme/events/backup-cronjob.yaml",
            "-    clickplane.io/backup-retention: \"14\"\n+    clickplane.io/backup-retention: \"21\"\n",
            "-      retention: 14\n+      retention: 21\n");
    assertThat(run("publish", "--config", stack.toString())).isZero();
    assertThat(out.toString()).containsPattern("branch clickplane/dev/[0-9a-f]{12}\n");
    assertThat(run("publish", "--config", stack.toString())).isZero();
    assertThat(out.toString())
        .containsPattern("this change already waits on branch clickplane/dev/[0-9a-f]{12} ");
    assertThat(run("publish", "--config", stack.toString(), "--direct")).isZero();
    assertThat(out.toString()).contains("branch main\n");
  }

  @Test
  void mistakesExitTwoAndWriteNothing() throws Exception {
    assertThat(run("publish", "--config", stack.toString(), "--direct", "--pull-request"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
    assertThat(run("publish", "--config", stack.toString(), "--pull-request")).isEqualTo(2);
    assertThat(err.toString()).contains("--pull-request needs a GitHub repository URL");
    assertThat(
            run(
                "publish",
                "--config",
                stack.toString(),
                "--repo",
                project.resolve("nowhere").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("nowhere: no such directory");
    assertThat(Files.exists(project.resolve(".clickplane"))).isFalse();
  }

  @Test
  void aCredentialInARepoUrlNeverReachesTheOutput() {
    assertThat(
            run(
                "publish",
                "--config",
                stack.toString(),
                "--repo",
                "https://fleet-bot:ghp_NotARealToken0123@127.0.0.1:1/flux.git"))
        .isEqualTo(1);
    assertThat(err.toString())
        .startsWith(
            "clickplane: failed: cannot reach the git server at https://127.0.0.1:1/flux.git")
        .doesNotContain("ghp_NotARealToken0123")
        .doesNotContain("fleet-bot");
    assertThat(out.toString()).doesNotContain("ghp_NotARealToken0123");
  }

  @Test
  void anUnreachableRemoteExitsOneWithAClearMessage() {
    assertThat(run("publish", "--config", stack.toString(), "--repo", "git://127.0.0.1:1/flux.git"))
        .isEqualTo(1);
    assertThat(err.toString())
        .startsWith(
            "clickplane: failed: cannot reach the git server at git://127.0.0.1:1/flux.git");
  }

  @Test
  void aRepositoryPathIsPublishedToInPlace() throws Exception {
    assertThat(run("publish", "--config", stack.toString(), "--direct")).isZero();
    Path other = project.resolve("elsewhere.git");
    Files.createDirectories(other);
    new FileRepositoryBuilder().setGitDir(other.toFile()).build().create(true);
    assertThat(run("diff", "--config", stack.toString(), "--repo", other.toString())).isZero();
    assertThat(out.toString()).startsWith(other + ", branch main: clickplane dev:");
    assertThat(run("publish", "--config", stack.toString(), "--repo", other.toString())).isZero();
    assertThat(out.toString())
        .startsWith("published ")
        .contains(" to " + other + ", branch main\n");
    assertThat(run("diff", "--config", stack.toString(), "--repo", other.toString())).isZero();
    assertThat(out.toString()).isEqualTo(other + ", branch main: no changes\n");
  }

  @Test
  void aRefusedChangeExitsTwoAndPublishesNothing() throws Exception {
    assertThat(run("publish", "--config", stack.toString(), "--direct")).isZero();
    String before;
    try (Repository repo = new FileRepositoryBuilder().setGitDir(defaultRepo().toFile()).build()) {
      before = repo.resolve("refs/heads/main").name();
    }
    Files.writeString(stack, Files.readString(stack).replace("retention: 14", "retention: 2"));
    ChangeGuard shorterRetention =
        (previous, next) ->
            List.of(
                new Refusal(
                    "acme", "events", "backup retention shrinks", "set allow.retention: true"));
    CommandLine cli = new CommandLine(new PublishCommand(shorterRetention));
    StringWriter refusal = new StringWriter();
    cli.setErr(new PrintWriter(refusal, true));
    assertThat(cli.execute("--config", stack.toString(), "--direct")).isEqualTo(2);
    assertThat(refusal.toString())
        .contains(
            "organisation acme, service events: backup retention shrinks", "nothing was published");
    try (Repository repo = new FileRepositoryBuilder().setGitDir(defaultRepo().toFile()).build()) {
      assertThat(repo.resolve("refs/heads/main").name()).isEqualTo(before);
      assertThat(repo.getRefDatabase().getRefsByPrefix("refs/heads/")).hasSize(1);
    }
  }
}
