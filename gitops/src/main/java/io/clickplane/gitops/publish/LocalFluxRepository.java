package io.clickplane.gitops.publish;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** Opens an existing repository (bare, or a work tree's {@code .git}); fails if there is none. */
  public static LocalFluxRepository open(Path path) throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
    File dir = path.toFile();
    if (new File(dir, ".git").exists()) {
      builder.setWorkTree(dir);
    } else {
      builder.setGitDir(dir);
    }
    try {
      return new LocalFluxRepository(builder.build(), path.toString());
    } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
      throw new IOException("no git repository at " + path, e);
    }
  }

  /**
   * Opens the bare repository at {@code path}, creating it (with {@code HEAD} on {@code branch})
   * first if absent.
   */
  public static LocalFluxRepository openOrCreateBare(Path path, String branch) throws IOException {
    if (!Files.exists(path.resolve("HEAD"))) {
      Files.createDirectories(path);
      Repository created = new FileRepository(path.toFile());
      created.create(true);
      RefUpdate head = created.getRefDatabase().newUpdate(Constants.HEAD, false);
      head.link(Constants.R_HEADS + branch);
      created.close();
    }
    return open(path);
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
  public boolean update(String branch, ObjectId expected, ObjectId commit) throws IOException {
    RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
    update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
    update.setNewObjectId(commit);
    update.setRefLogMessage("clickplane publish", false);
    RefUpdate.Result result = update.update();
    switch (result) {
      case NEW, FAST_FORWARD, NO_CHANGE:
        return true;
      case LOCK_FAILURE, REJECTED:
        return false;
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
