package io.clickplane.core.manifest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An immutable tree of rendered files: repository-relative path → bytes, sorted by path. The unit
 * that renderers produce, that gets written to a directory or published to the Flux repository.
 */
public final class ManifestSet {
  private static final ManifestSet EMPTY = new ManifestSet(new TreeMap<>());

  private final SortedMap<String, byte[]> files;

  private ManifestSet(SortedMap<String, byte[]> files) {
    this.files = Collections.unmodifiableSortedMap(files);
  }

  public static ManifestSet empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Paths in sorted order. */
  public java.util.SortedSet<String> paths() {
    return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(files.keySet()));
  }

  /** The files, sorted by path. The returned arrays must not be modified. */
  public SortedMap<String, byte[]> files() {
    return files;
  }

  public int size() {
    return files.size();
  }

  public boolean contains(String path) {
    return files.containsKey(path);
  }

  /** The bytes at {@code path}; throws if absent. */
  public byte[] bytes(String path) {
    byte[] b = files.get(path);
    if (b == null) {
      throw new IllegalArgumentException("no file " + path);
    }
    return b;
  }

  /** The file at {@code path} as UTF-8 text; throws if absent. */
  public String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  /** The files whose path satisfies {@code filter}. */
  public ManifestSet filter(Predicate<String> filter) {
    TreeMap<String, byte[]> out = new TreeMap<>();
    files.forEach(
        (p, b) -> {
          if (filter.test(p)) {
            out.put(p, b);
          }
        });
    return new ManifestSet(out);
  }

  /** The files under directory {@code prefix} (with or without trailing slash). */
  public ManifestSet under(String prefix) {
    String dir = prefix.endsWith("/") ? prefix : prefix + "/";
    return filter(p -> p.startsWith(dir));
  }

  /** This set plus {@code other}; a path present in both is an error. */
  public ManifestSet merge(ManifestSet other) {
    return builder().addAll(this).addAll(other).build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ManifestSet other) || other.files.size() != files.size()) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.files.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    return "ManifestSet" + files.keySet();
  }

  /** Collects files; a path may be added once. */
  public static final class Builder {
    private final TreeMap<String, byte[]> files = new TreeMap<>();

    private Builder() {}

    /** Adds a file; the path must be relative, use {@code /}, and not be present already. */
    public Builder add(String path, byte[] content) {
      Objects.requireNonNull(content, "content");
      checkPath(path);
      if (files.putIfAbsent(path, content.clone()) != null) {
        throw new IllegalStateException("two renderers produced the same file: " + path);
      }
      return this;
    }

    /** Adds a UTF-8 text file. */
    public Builder add(String path, String text) {
      return add(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds every file of {@code other}. */
    public Builder addAll(ManifestSet other) {
      other.files.forEach(this::add);
      return this;
    }

    public boolean contains(String path) {
      return files.containsKey(path);
    }

    public ManifestSet build() {
      return new ManifestSet(new TreeMap<>(files));
    }

    private static void checkPath(String path) {
      Objects.requireNonNull(path, "path");
      if (path.isEmpty()
          || path.startsWith("/")
          || path.endsWith("/")
          || path.contains("\\")
          || path.contains("//")) {
        throw new IllegalArgumentException("not a relative file path: " + path);
      }
      for (String part : path.split("/")) {
        if (part.equals(".") || part.equals("..") || part.equals(".git")) {
          throw new IllegalArgumentException("not a relative file path: " + path);
        }
      }
    }
  }
}
