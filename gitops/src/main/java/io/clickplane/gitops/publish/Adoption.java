package io.clickplane.gitops.publish;

import io.clickplane.core.flux.FluxPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Adopting an environment whose tree is published but whose spec snapshot is missing.
 *
 * <p>Without the snapshot the change guards have no previous spec to compare with, and the rendered
 * manifests alone do not say everything the guards read (which service is protected, what a change
 * allows). So the published state is reconstructed only where it is certain: an organisation or
 * service whose published files are, byte for byte, what this stack file renders there was
 * published from this stack file's spec, and no guard can refuse keeping it. Organisations and
 * services the tree does not have yet are additions. Anything else — a file of a published service
 * that the stack renders differently or not at all, a published organisation or service the stack
 * no longer has — could hide a shrink, a removal or a downgrade, and is refused. Not compared: the
 * generated {@code kustomization.yaml} files (lists of a directory's contents), an organisation's
 * own files (its namespace, accounts, policy and Flux Kustomization, which lists its services'
 * health checks and so changes when a service is added; no guard reads them) and the environment's
 * top-level files; they follow from the directories that are compared.
 */
final class Adoption {
  private static final int SHOWN = 10;

  private Adoption() {}

  /** What keeps {@code tree} from adopting the published environment: one line each. */
  static List<String> differences(ObjectReader reader, ObjectId root, String env, ManifestTree tree)
      throws IOException {
    List<String> out = new ArrayList<>();
    String tenants = FluxPaths.tenants(env);
    Map<String, ObjectId> orgs = new TreeMap<>(TreeReads.entries(reader, root, tenants));
    for (Map.Entry<String, ObjectId> org : orgs.entrySet()) {
      if (!org.getKey().endsWith("/")) {
        continue;
      }
      String dir = tenants + "/" + org.getKey().substring(0, org.getKey().length() - 1);
      compare(reader, dir, org.getValue(), tree, out, true);
    }
    if (out.size() > SHOWN) {
      int more = out.size() - SHOWN;
      out.subList(SHOWN, out.size()).clear();
      out.add("... and " + more + " more");
    }
    return out;
  }

  private static void compare(
      ObjectReader reader,
      String dir,
      ObjectId published,
      ManifestTree tree,
      List<String> out,
      boolean organisation)
      throws IOException {
    ObjectId rendered = tree.dirId(dir);
    if (rendered == null) {
      out.add(dir + "/ is published, and this stack file has no such organisation or service");
      return;
    }
    if (rendered.equals(published) || tree.isReused(dir)) {
      return; // reuse requires the published tree to be exactly the remembered rendering
    }
    Map<String, ObjectId> mine = tree.entries(dir);
    for (Map.Entry<String, ObjectId> e :
        new TreeMap<>(TreeReads.entriesOf(reader, published)).entrySet()) {
      String name = e.getKey();
      if (name.endsWith("/")) {
        String sub = dir + "/" + name.substring(0, name.length() - 1);
        compare(reader, sub, e.getValue(), tree, out, false);
      } else if (!organisation && !name.equals("kustomization.yaml")) {
        ObjectId want = mine.get(name);
        if (want == null) {
          out.add(dir + "/" + name + " is published, and this stack file does not render it");
        } else if (!want.equals(e.getValue())) {
          out.add(
              dir + "/" + name + " is published with other content than this stack file renders");
        }
      }
    }
  }
}
