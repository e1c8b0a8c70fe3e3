package io.clickplane.gitops.layout;

import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.manifest.Yaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generates every {@code kustomization.yaml} from the final tree, so files that any module adds are
 * picked up without edits here.
 *
 * <p>The rule: each directory under a Flux root gets a {@code kustomization.yaml} that lists its
 * YAML files and its subdirectories (each of which has one too). One exception makes impersonation
 * work: a <em>delegated</em> directory (an organisation) is reconciled by its own Flux
 * Kustomization, so its parent does not list it as a directory; the parent lists the delegated
 * directory's own files instead (they set up the delegation: namespace, account, binding, the Flux
 * Kustomization), and the delegated directory's {@code kustomization.yaml} lists only its
 * subdirectories (the services).
 */
public final class Kustomizations {
  /** The file name kustomize and Flux look for. */
  public static final String FILE = "kustomization.yaml";

  private Kustomizations() {}

  /**
   * The tree plus a {@code kustomization.yaml} in each directory at or below {@code roots} (every
   * root gets one even when empty).
   *
   * @param tree the rendered tree; must not contain any {@code kustomization.yaml} yet
   * @param roots directories Flux Kustomizations read
   * @param delegated directories reconciled by their own (impersonating) Flux Kustomization
   */
  public static ManifestSet complete(ManifestSet tree, Set<String> roots, Set<String> delegated) {
    return complete(tree, roots, delegated, Map.of());
  }

  /**
   * Like {@link #complete(ManifestSet, Set, Set)} for a tree that leaves out some directories
   * whole: each directory of {@code kept} is published already and stays as it is (its own {@code
   * kustomization.yaml} included), and {@code kept} gives the names of its files, which its parent
   * lists as if they were in the tree.
   */
  public static ManifestSet complete(
      ManifestSet tree,
      Set<String> roots,
      Set<String> delegated,
      Map<String, ? extends java.util.Collection<String>> kept) {
    List<String> paths = new ArrayList<>(tree.paths());
    kept.forEach((dir, names) -> names.forEach(n -> paths.add(dir + "/" + n)));
    Map<String, SortedSet<String>> files = new TreeMap<>();
    Map<String, SortedSet<String>> subdirs = new TreeMap<>();
    for (String root : roots) {
      files.computeIfAbsent(root, d -> new TreeSet<>());
      subdirs.computeIfAbsent(root, d -> new TreeSet<>());
    }
    for (String path : paths) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (name.equals(FILE)) {
        throw new IllegalArgumentException(
            path + ": kustomization.yaml files are generated, not rendered");
      }
      String dir = parent(path);
      if (dir == null || !isYaml(name) || !underAny(dir, roots)) {
        continue;
      }
      files.computeIfAbsent(dir, d -> new TreeSet<>()).add(name);
      subdirs.computeIfAbsent(dir, d -> new TreeSet<>());
      for (String d = dir; !roots.contains(d); d = parent(d)) {
        String up = parent(d);
        subdirs.computeIfAbsent(up, x -> new TreeSet<>()).add(d.substring(up.length() + 1));
        files.computeIfAbsent(up, x -> new TreeSet<>());
      }
    }
    ManifestSet.Builder out = ManifestSet.builder().addAll(tree);
    for (Map.Entry<String, SortedSet<String>> e : files.entrySet()) {
      String dir = e.getKey();
      if (kept.containsKey(dir)) {
        continue;
      }
      List<String> resources = new ArrayList<>();
      if (!delegated.contains(dir)) {
        resources.addAll(e.getValue());
      }
      for (String sub : subdirs.get(dir)) {
        String child = dir + "/" + sub;
        if (delegated.contains(child)) {
          for (String f : files.getOrDefault(child, new TreeSet<>())) {
            resources.add(sub + "/" + f);
          }
        } else {
          resources.add(sub);
        }
      }
      out.add(dir + "/" + FILE, render(resources));
    }
    return out.build();
  }

  static String render(List<String> resources) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
    k.put("kind", "Kustomization");
    k.put("resources", resources);
    return Yaml.write(k);
  }

  static boolean isYaml(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static boolean underAny(String dir, Set<String> roots) {
    for (String root : roots) {
      if (dir.equals(root) || dir.startsWith(root + "/")) {
        return true;
      }
    }
    return false;
  }

  private static String parent(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? null : path.substring(0, i);
  }
}
