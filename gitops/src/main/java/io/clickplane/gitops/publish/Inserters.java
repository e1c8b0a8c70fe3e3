package io.clickplane.gitops.publish;

import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;

/**
 * The object inserter for a publish. In a file repository, new objects go into one pack file
 * written at {@code flush()} rather than one loose file per object (thousands of files for a first
 * publish), compressed for speed; objects already present are not written again.
 */
final class Inserters {
  private Inserters() {}

  static ObjectInserter forRepository(Repository repository) {
    if (repository instanceof FileRepository file) {
      PackInserter pack = file.getObjectDatabase().newPackInserter();
      pack.checkExisting(true);
      // Fast compression, as git itself uses for new loose objects (core.looseCompression = 1);
      // a later gc repacks them tighter.
      pack.setCompressionLevel(java.util.zip.Deflater.BEST_SPEED);
      return pack;
    }
    return repository.newObjectInserter();
  }
}
