package io.clickplane.gitops.publish;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** A repository on the local file system, updated in place with compare-and-swap ref updates. */
public final class LocalFluxRepository implements FluxRepository {
  private final Repository repository;
  private final String description;

  private LocalFluxRepository(Repository repository, String description) {
    this.repository = repository;
    this.description = description;
  }

  /**
   * Opens an existing repository (bare, or a work tree's {@code .git}); fails if there is none.
   * Temporary packs a killed publish left behind are removed (see {@link #removeStaleTemporaries}).
   */
  public static LocalFluxRepository open(Path path) throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
    File dir = path.toFile();
    if (new File(dir, ".git").exists()) {
      builder.setWorkTree(dir);
    } else {
      builder.setGitDir(dir);
    }
    Repository repository;
    try {
      repository = builder.build();
    } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
      throw new IOException("no git repository at " + path, e);
    }
    removeStaleTemporaries(((FileRepository) repository).getObjectsDirectory().toPath());
    return new LocalFluxRepository(repository, path.toString());
  }

  /**
   * Opens the bare repository at {@code path}, creating it (with {@code HEAD} on {@code branch})
   * first if absent. Creation is atomic: the repository is initialised in a sibling directory and
   * renamed into place, so a concurrent publisher sees no repository or a whole one; when two
   * create it at once, one rename wins and the other opens the winner's.
   */
  public static LocalFluxRepository openOrCreateBare(Path path, String branch) throws IOException {
    if (!Files.exists(path.resolve("HEAD"))) {
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path staging = Files.createTempDirectory(parent, path.getFileName() + ".creating-");
      try {
        Repository created = new FileRepository(staging.toFile());
        created.create(true);
        RefUpdate head = created.getRefDatabase().newUpdate(Constants.HEAD, false);
        head.link(Constants.R_HEADS + branch);
        created.close();
        try {
          Files.move(staging, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileSystemException e) {
          // rename(2) fails when another publisher's repository is in place already (a non-empty
          // directory); an empty directory left at the path is replaced.
          if (!Files.exists(path.resolve("HEAD"))) {
            throw e;
          }
        }
      } finally {
        if (Files.exists(staging)) {
          deleteTree(staging);
        }
      }
    }
    return open(path);
  }

  /**
   * How old an object inserter's temporary pack ({@code objects/insert_*.pack} and its {@code
   * .idx}) must be to be taken as left behind by a killed publish. A live publisher writes its pack
   * within one attempt (seconds, even for a first publish of a large fleet), so an hour is far
   * outside any live one.
   */
  static final Duration STALE_TEMPORARY = Duration.ofHours(1);

  /**
   * Removes the temporary packs a killed publish left in {@code objects}: JGit's pack inserter
   * writes {@code insert_<n>.pack} (and {@code insert_<n>.idx}) there and renames them into {@code
   * pack/} on flush. Only files older than {@link #STALE_TEMPORARY} are removed, never a concurrent
   * publisher's live file. Best effort: a file that cannot be removed stays for the next run.
   */
  static void removeStaleTemporaries(Path objects) {
    Instant cutoff = Instant.now().minus(STALE_TEMPORARY);
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(objects, "insert_*.{pack,idx}")) {
      for (Path temp : temps) {
        try {
          if (Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)) {
            Files.deleteIfExists(temp);
          }
        } catch (IOException e) {
          // another process removed or renamed it meanwhile, or it is not ours to remove
        }
      }
    } catch (IOException e) {
      // no objects directory (yet), or unreadable: nothing to clean
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public boolean checkedOut(String branch) throws IOException {
    String ref = Constants.R_HEADS + branch;
    if (!repository.isBare() && ref.equals(repository.getFullBranch())) {
      return true;
    }
    // Linked work trees (git worktree add) keep their HEAD in <git dir>/worktrees/<name>/HEAD.
    Path linked = repository.getDirectory().toPath().resolve("worktrees");
    if (Files.isDirectory(linked)) {
      try (DirectoryStream<Path> trees = Files.newDirectoryStream(linked)) {
        for (Path tree : trees) {
          Path head = tree.resolve("HEAD");
          if (Files.isRegularFile(head) && Files.readString(head).trim().equals("ref: " + ref)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Override
  public Repository objects() {
    return repository;
  }

  @Override
  public Optional<ObjectId> tip(String branch) throws IOException {
    Ref ref = repository.exactRef(Constants.R_HEADS + branch);
    return ref == null || ref.getObjectId() == null
        ? Optional.empty()
        : Optional.of(ref.getObjectId());
  }

  @Override
  public RefMove update(String branch, ObjectId expected, ObjectId commit) throws IOException {
    RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
    update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
    update.setNewObjectId(commit);
    update.setRefLogMessage("clickplane publish", false);
    RefUpdate.Result result = update.update();
    switch (result) {
      case NEW:
        return RefMove.CREATED;
      case FAST_FORWARD:
        return RefMove.FAST_FORWARDED;
      case NO_CHANGE:
        return RefMove.UNCHANGED;
      case LOCK_FAILURE, REJECTED:
        return RefMove.STALE;
      default:
        throw new IOException("cannot update " + branch + " in " + description + ": " + result);
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    repository.close();
  }
}
