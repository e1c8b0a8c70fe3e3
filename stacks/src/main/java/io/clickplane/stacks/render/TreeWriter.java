package io.clickplane.stacks.render;

import io.clickplane.core.manifest.ManifestSet;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes an environment's rendered tree into a directory: every file of the tree is written (only
 * when its bytes differ, through a temporary file and a rename), and every other file under the
 * environment's own folders ({@code clusters/<env>}, {@code infrastructure/<env>}, {@code
 * tenants/<env>}, {@code .clickplane/<env>}) is removed, with the folders left empty. Other
 * environments and files outside those folders are never touched.
 */
public final class TreeWriter {
  private TreeWriter() {}

  /** What a write changed. */
  public record Result(int written, int unchanged, int removed) {}

  /** The folders, relative to the output directory, that belong to {@code environment}. */
  public static List<String> environmentFolders(String environment) {
    return List.of(
        "clusters/" + environment,
        "infrastructure/" + environment,
        "tenants/" + environment,
        ".clickplane/" + environment);
  }

  public static Result write(Path out, String environment, ManifestSet tree) throws IOException {
    for (String path : tree.paths()) {
      if (environmentFolders(environment).stream().noneMatch(f -> path.startsWith(f + "/"))) {
        throw new IllegalArgumentException(
            "rendered file outside the environment's folders: " + path);
      }
    }
    Files.createDirectories(out);
    int written = 0;
    int unchanged = 0;
    for (String path : tree.paths()) {
      Path file = out.resolve(path);
      byte[] bytes = tree.bytes(path);
      if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
        unchanged++;
        continue;
      }
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
      Files.write(temp, bytes);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      written++;
    }
    int removed = 0;
    for (String folder : environmentFolders(environment)) {
      Path root = out.resolve(folder);
      if (!Files.isDirectory(root)) {
        continue;
      }
      List<Path> entries;
      try (Stream<Path> walk = Files.walk(root)) {
        entries = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      }
      for (Path p : entries) {
        String relative = out.relativize(p).toString().replace('\\', '/');
        if (Files.isDirectory(p)) {
          try (Stream<Path> children = Files.list(p)) {
            if (children.findAny().isEmpty()) {
              Files.delete(p);
            }
          }
        } else if (!tree.contains(relative)) {
          Files.delete(p);
          removed++;
        }
      }
    }
    return new Result(written, unchanged, removed);
  }
}
