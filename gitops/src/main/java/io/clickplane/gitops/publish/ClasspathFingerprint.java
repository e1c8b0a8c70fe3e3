package io.clickplane.gitops.publish;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * A digest of the code that renders: what a memo of rendered output must be keyed by, so that a
 * different clickplane build never reuses output of another.
 *
 * <p>It covers the Java runtime's version and vendor and every class path entry in order: a
 * directory (clickplane's own {@code target/classes} in a build) by every file's path and bytes; a
 * jar whose name starts with {@code clickplane} (a module jar, or the command line's single jar )
 * by every entry's name, size and CRC-32; any other jar (a dependency from a repository, its
 * version in its name) by file name and size. The {@code Class-Path} of a {@code clickplane} jar's
 * manifest (how the command line's jar names its modules and dependencies in {@code lib/}) is
 * followed, since those entries are loaded too.
 */
public final class ClasspathFingerprint {
  private ClasspathFingerprint() {}

  /** The fingerprint of this JVM's class path ({@code java.class.path}). Computed on each call. */
  public static byte[] current() {
    return of(System.getProperty("java.class.path", ""));
  }

  /** The fingerprint of {@code classPath} (entries separated by the path separator). */
  public static byte[] of(String classPath) {
    MessageDigest sha = sha256();
    text(
        sha,
        "java "
            + System.getProperty("java.runtime.version")
            + " "
            + System.getProperty("java.vendor"));
    java.util.ArrayDeque<Path> work = new java.util.ArrayDeque<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        work.add(Path.of(entry).toAbsolutePath().normalize());
      }
    }
    java.util.Set<Path> seen = new java.util.HashSet<>();
    while (!work.isEmpty()) {
      Path path = work.poll();
      if (!seen.add(path)) {
        continue;
      }
      text(sha, "entry " + path);
      try {
        if (Files.isDirectory(path)) {
          directory(sha, path);
        } else if (Files.isRegularFile(path)) {
          String name = path.getFileName().toString();
          if (name.startsWith("clickplane") && name.endsWith(".jar")) {
            // its manifest's Class-Path (the command line's jar names every module and
            // dependency there) is loaded too: fingerprint it, in order, after this jar
            for (Path p : jar(sha, path)) {
              if (!seen.contains(p)) {
                work.add(p);
              }
            }
          } else {
            text(sha, "file " + name + " " + Files.size(path));
          }
        } else {
          text(sha, "missing");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read class path entry " + path, e);
      }
    }
    return sha.digest();
  }

  private static void directory(MessageDigest sha, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      names.add(dir.relativize(f).toString().replace(File.separatorChar, '/'));
    }
    names.sort(null);
    for (String name : names) {
      byte[] bytes = Files.readAllBytes(dir.resolve(name));
      text(sha, "file " + name + " " + bytes.length);
      sha.update(bytes);
    }
  }

  /** Digests a jar's entries; returns the entries of its manifest's {@code Class-Path}. */
  private static List<Path> jar(MessageDigest sha, Path jar) throws IOException {
    List<Path> classPath = new ArrayList<>();
    try (java.util.jar.JarFile zip = new java.util.jar.JarFile(jar.toFile(), false)) {
      List<String> lines = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry z = e.nextElement();
        lines.add(z.getName() + " " + z.getSize() + " " + Long.toHexString(z.getCrc()));
      }
      lines.sort(null);
      for (String line : lines) {
        text(sha, line);
      }
      java.util.jar.Manifest manifest = zip.getManifest();
      String value =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
      if (value != null) {
        java.net.URI base = jar.getParent().toUri();
        for (String token : value.trim().split("\\s+")) {
          if (!token.isEmpty()) {
            try {
              classPath.add(Path.of(base.resolve(token)).toAbsolutePath().normalize());
            } catch (RuntimeException ignored) {
              text(sha, "class-path " + token); // not a local file: named, not read
            }
          }
        }
      }
    }
    return classPath;
  }

  private static void text(MessageDigest sha, String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    sha.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
