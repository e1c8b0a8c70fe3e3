package io.clickplane.gitops.publish;

import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;

/**
 * One file that differs between the published tree and the rendered one.
 *
 * @param path repository-relative path
 * @param kind added, modified or deleted
 * @param oldId blob id in the published tree (null when added)
 * @param newId blob id in the rendered tree (null when deleted)
 */
public record FileChange(String path, Kind kind, ObjectId oldId, ObjectId newId) {
  public enum Kind {
    ADDED,
    MODIFIED,
    DELETED
  }

  public FileChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
  }
}
