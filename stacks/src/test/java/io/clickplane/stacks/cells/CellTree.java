package io.clickplane.stacks.cells;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.testing.CrdSchemas;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one cell's Flux applies, found the way Flux finds it: from the cell's entry point {@code
 * clusters/<env>/<cell>}, every {@code kustomization.yaml}'s resources (files, and directories with
 * their own {@code kustomization.yaml}), and every Flux Kustomization reading this repository
 * (source {@code flux-system}) met on the way, whose {@code spec.path} is read next. A
 * Kustomization reading another source (Keycloak's operator manifests) is not followed.
 */
public final class CellTree {
  /** Directories a Flux Kustomization of the cell reads, the entry point first. */
  public final Set<String> fluxPaths = new TreeSet<>();

  /** Every manifest file the cell applies. */
  public final Set<String> files = new TreeSet<>();

  /** Their documents. */
  public final List<JsonNode> documents = new ArrayList<>();

  /** References that lead nowhere: empty for a sound tree. */
  public final List<String> problems = new ArrayList<>();

  private final ManifestSet tree;

  private CellTree(ManifestSet tree) {
    this.tree = tree;
  }

  public static CellTree walk(ManifestSet tree, String entry) {
    CellTree cell = new CellTree(tree);
    Deque<String> queue = new ArrayDeque<>(List.of(entry));
    while (!queue.isEmpty()) {
      String path = queue.pop();
      if (cell.fluxPaths.add(path)) {
        cell.build(path, queue);
      }
    }
    return cell;
  }

  /** The tree of this cell's files only. */
  public ManifestSet subtree() {
    return tree.filter(files::contains);
  }

  private void build(String dir, Deque<String> queue) {
    String kustomization = dir + "/kustomization.yaml";
    if (!tree.paths().contains(kustomization)) {
      problems.add(dir + ": no kustomization.yaml");
      return;
    }
    JsonNode k = CrdSchemas.documents(tree.text(kustomization)).get(0);
    for (JsonNode r : k.path("resources")) {
      String target = Path.of(dir, r.asText()).normalize().toString();
      if (tree.paths().contains(target)) {
        if (!files.add(target)) {
          continue;
        }
        for (JsonNode doc : CrdSchemas.documents(tree.text(target))) {
          documents.add(doc);
          if (doc.path("kind").asText().equals("Kustomization")
              && doc.path("apiVersion").asText().startsWith("kustomize.toolkit.fluxcd.io/")
              && doc.at("/spec/sourceRef/name").asText().equals("flux-system")) {
            queue.add(doc.at("/spec/path").asText().replaceFirst("^\\./", ""));
          }
        }
      } else if (tree.paths().contains(target + "/kustomization.yaml")) {
        build(target, queue);
      } else {
        problems.add(kustomization + ": " + r.asText() + " is neither a file nor a directory");
      }
    }
  }
}
