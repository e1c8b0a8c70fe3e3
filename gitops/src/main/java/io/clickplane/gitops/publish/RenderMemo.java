package io.clickplane.gitops.publish;

import io.clickplane.core.config.SpecSnapshot;
import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What each organisation directory rendered to last time, by the inputs it was rendered from: a
 * memo of a pure function, kept next to the repository's objects (never in the published tree).
 *
 * <p>The key of an organisation directory digests everything its bytes depend on: the renderer's
 * fingerprint (clickplane's own classes and resources, the dependencies and the Java runtime; see
 * {@link ClasspathFingerprint}), the directory's path, the platform-level spec snapshot and the
 * organisation's snapshot (the canonical text of its spec, services included). That rests on the
 * renderer's contract that an organisation's directory is a pure function of the platform-level
 * spec and that organisation (checked in {@code FleetTest}). An entry is used only when its key
 * equals the new key AND the published tree holds exactly the remembered tree there, so a stale,
 * foreign or hand-edited entry only costs a full comparison of that directory.
 */
final class RenderMemo {
  private static final String VERSION = "clickplane render memo v1";

  /** One directory's inputs digest and the tree it rendered to. */
  record Entry(String key, ObjectId tree) {}

  private final Path file;
  private final SortedMap<String, Entry> entries;

  private RenderMemo(Path file, SortedMap<String, Entry> entries) {
    this.file = file;
    this.entries = entries;
  }

  /**
   * The memo of {@code environment} in the repository at {@code gitDir} (empty when there is none
   * or it cannot be read; null {@code gitDir}: an in-memory memo that is never saved).
   */
  static RenderMemo load(java.io.File gitDir, String environment) {
    SortedMap<String, Entry> entries = new TreeMap<>();
    if (gitDir == null) {
      return new RenderMemo(null, entries);
    }
    Path file = gitDir.toPath().resolve("clickplane").resolve("render-memo-" + environment);
    try {
      if (Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String[] f = line.split("\t");
          if (f.length == 3 && ObjectId.isId(f[2])) {
            entries.put(f[0], new Entry(f[1], ObjectId.fromString(f[2])));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      entries.clear(); // unreadable: compare everything
    }
    return new RenderMemo(file, entries);
  }

  /** The tree remembered for {@code dir} under {@code key}, or null. */
  ObjectId lookup(String dir, String key) {
    Entry e = entries.get(dir);
    return e != null && e.key().equals(key) ? e.tree() : null;
  }

  /** Remembers that {@code dir} rendered to {@code tree} from inputs {@code key}. */
  void remember(String dir, String key, ObjectId tree) {
    entries.put(dir, new Entry(key, tree));
  }

  /** Keeps only the given directories. */
  void retain(java.util.Set<String> dirs) {
    entries.keySet().retainAll(dirs);
  }

  /** Writes the memo atomically (a reader sees the old or the new file, never a torn one). */
  void save() throws IOException {
    if (file == null) {
      return;
    }
    StringBuilder out = new StringBuilder();
    entries.forEach(
        (dir, e) ->
            out.append(dir)
                .append('\t')
                .append(e.key())
                .append('\t')
                .append(e.tree().name())
                .append('\n'));
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, out, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The inputs key of every organisation directory of a rendered tree: organisation directory → hex
   * digest. Computed from the tree's own spec snapshot, so keys and bytes come from the same
   * render.
   */
  static Map<String, String> keys(
      ManifestSet tree, String environment, byte[] rendererFingerprint) {
    Map<String, String> keys = new TreeMap<>();
    byte[] platform = tree.bytes(SpecSnapshot.platformPath(environment));
    String prefix = SpecSnapshot.organisationPath(environment, "");
    prefix = prefix.substring(0, prefix.length() - ".yaml".length());
    String end = prefix.substring(0, prefix.length() - 1) + "0";
    MessageDigest sha = sha256();
    for (Map.Entry<String, byte[]> e : tree.files().subMap(prefix, end).entrySet()) {
      String name = e.getKey().substring(prefix.length());
      if (!name.endsWith(".yaml") || name.indexOf('/') >= 0) {
        continue;
      }
      name = name.substring(0, name.length() - ".yaml".length());
      String dir = FluxPaths.organisation(environment, name);
      sha.reset();
      field(sha, VERSION.getBytes(StandardCharsets.UTF_8));
      field(sha, rendererFingerprint);
      field(sha, dir.getBytes(StandardCharsets.UTF_8));
      field(sha, platform);
      field(sha, e.getValue());
      keys.put(dir, HexFormat.of().formatHex(sha.digest()));
    }
    return keys;
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
