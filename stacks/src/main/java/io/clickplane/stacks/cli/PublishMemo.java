package io.clickplane.stacks.cli;

import io.clickplane.gitops.publish.LocalFluxRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What the last {@code publish} of a stack file found: that its local repository's branch was at a
 * given commit holding exactly what the stack file renders. The next publish of the same bytes,
 * with the same options and the same renderer, into a branch still at that commit is up to date
 * without loading the stack file: loading, validating, rendering and comparing are pure functions
 * of those inputs and that commit, so they would find nothing to publish again.
 *
 * <p>Kept in {@code <project>/.clickplane/publish-memo/<hash of the stack file's path>} (never in
 * the published tree). Recorded only for a local repository, only when the branch ended up holding
 * the rendered tree (up to date, or a {@code --direct} or first publish), and only when the stack
 * file's bytes and modification time were the same before loading and after publishing (an edit
 * during the run records nothing). Anything else, or any doubt, runs the whole publish.
 */
final class PublishMemo {
  private static final String VERSION = "clickplane publish memo v1";

  private final Path file;
  private final String key;
  private final FileTime modified;

  private PublishMemo(Path file, String key, FileTime modified) {
    this.file = file;
    this.key = key;
    this.modified = modified;
  }

  /**
   * The memo slot of a publish: the stack file's bytes (read now), the renderer's fingerprint and
   * the options that shape the outcome.
   */
  static PublishMemo of(Path stackFile, byte[] fingerprint, List<String> options)
      throws IOException {
    Path absolute = stackFile.toAbsolutePath().normalize();
    FileTime modified = Files.getLastModifiedTime(absolute);
    MessageDigest sha = sha256();
    field(sha, VERSION.getBytes(StandardCharsets.UTF_8));
    field(sha, fingerprint);
    field(sha, absolute.toString().getBytes(StandardCharsets.UTF_8));
    field(sha, Files.readAllBytes(absolute));
    for (String o : options) {
      field(sha, o.getBytes(StandardCharsets.UTF_8));
    }
    String key = HexFormat.of().formatHex(sha.digest());
    String slot =
        HexFormat.of()
            .formatHex(
                sha256().digest(absolute.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
    Path file = FluxTarget.stateDir(stackFile).resolve("publish-memo").resolve(slot);
    return new PublishMemo(file, key, modified);
  }

  /**
   * The repository and branch the stack file is up to date in, when the memo holds this key and the
   * repository's branch is still at the remembered commit.
   */
  Optional<String[]> upToDate() {
    try {
      List<String> lines = lines();
      if (lines == null || !lines.get(0).equals(key)) {
        return Optional.empty();
      }
      try (LocalFluxRepository repo = LocalFluxRepository.open(Path.of(lines.get(1)))) {
        Optional<ObjectId> tip = repo.tip(lines.get(2));
        if (tip.isPresent() && tip.get().name().equals(lines.get(3))) {
          return Optional.of(new String[] {repo.describe(), lines.get(2)});
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable or foreign: run the whole publish
    }
    return Optional.empty();
  }

  /**
   * Opens and reads the repository the last publish used, whatever its key: the publish that
   * follows most likely uses it, and doing this while the stack file loads overlaps the two.
   */
  void warmUp() {
    try {
      List<String> lines = lines();
      if (lines != null) {
        try (LocalFluxRepository repo = LocalFluxRepository.open(Path.of(lines.get(1)))) {
          repo.tip(lines.get(2));
        }
      }
    } catch (IOException | RuntimeException e) {
      // only a head start
    }
  }

  /** The memo's four lines (key, repository, branch, commit), or null. */
  private List<String> lines() throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.size() != 4
        || !ObjectId.isId(lines.get(3))
        || !Files.isDirectory(Path.of(lines.get(1)))) {
      return null;
    }
    return lines;
  }

  /**
   * Remembers that {@code branch} of the local repository at {@code repository} is at {@code
   * commit}, holding what the stack file renders; nothing when the stack file changed since {@link
   * #of}.
   */
  void record(
      Path stackFile,
      byte[] fingerprint,
      List<String> options,
      Path repository,
      String branch,
      ObjectId commit)
      throws IOException {
    PublishMemo now = of(stackFile, fingerprint, options);
    if (!now.key.equals(key) || !now.modified.equals(modified)) {
      return;
    }
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(
          tmp,
          key
              + "\n"
              + repository.toAbsolutePath().normalize()
              + "\n"
              + branch
              + "\n"
              + commit.name()
              + "\n",
          StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Length-prefixed, so no two different inputs digest the same byte stream. */
  private static void field(MessageDigest sha, byte[] value) {
    long n = value.length;
    for (int i = 7; i >= 0; i--) {
      sha.update((byte) (n >>> (8 * i)));
    }
    sha.update(value);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
