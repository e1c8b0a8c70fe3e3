package io.clickplane.gitops.publish;

import io.clickplane.core.flux.FluxPaths;
import io.clickplane.core.manifest.ManifestSet;
import io.clickplane.core.spec.PlatformSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * What a {@link Publish} of the same rendered tree would change on the target branch, without
 * writing anything: the changed files grouped by organisation and service, and optionally a unified
 * diff. Single use, like {@link Publish}.
 */
public final class Diff {
  private final FluxRepository repository;
  private String branch = "main";
  private PlatformSpec spec;
  private ManifestSet manifests;
  private boolean patch;
  private boolean called;

  private Diff(FluxRepository repository) {
    this.repository = Objects.requireNonNull(repository, "repository");
  }

  public static Diff of(FluxRepository repository) {
    return new Diff(repository);
  }

  public Diff branch(String value) {
    this.branch = Objects.requireNonNull(value, "branch");
    return this;
  }

  public Diff rendered(PlatformSpec value, ManifestSet files) {
    this.spec = Objects.requireNonNull(value, "spec");
    this.manifests = Objects.requireNonNull(files, "files");
    return this;
  }

  /** Also produce a unified diff (git's format, paths prefixed {@code a/} and {@code b/}). */
  public Diff patch(boolean value) {
    this.patch = value;
    return this;
  }

  /** The summary, and the unified diff when asked for (empty string otherwise). */
  public record Result(ChangeSummary summary, String patch) {}

  public Result call() throws IOException {
    if (called) {
      throw new IllegalStateException("a Diff can be called once");
    }
    called = true;
    Objects.requireNonNull(spec, "rendered(spec, files) is required");
    ManifestTree tree = ManifestTree.of(manifests);
    Optional<ObjectId> tip = repository.tip(branch);
    List<FileChange> changes = new ArrayList<>();
    try (ObjectReader reader = repository.objects().newObjectReader();
        RevWalk walk = new RevWalk(reader);
        ObjectInserter hashOnly = new HashingInserter()) {
      RevCommit base = tip.isPresent() ? walk.parseCommit(tip.get()) : null;
      tree.mergeInto(
          base == null ? null : base.getTree(),
          FluxPaths.owned(spec.environment()),
          reader,
          hashOnly,
          changes);
      changes.sort((a, b) -> a.path().compareTo(b.path()));
      ChangeSummary summary = ChangeSummary.of(spec.environment(), changes);
      return new Result(summary, patch ? unified(reader, changes) : "");
    }
  }

  private String unified(ObjectReader reader, List<FileChange> changes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(out)) {
      DiffAlgorithm algorithm =
          DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);
      for (FileChange c : changes) {
        byte[] before =
            c.oldId() == null ? new byte[0] : reader.open(c.oldId(), Constants.OBJ_BLOB).getBytes();
        byte[] after = c.newId() == null ? new byte[0] : manifests.bytes(c.path());
        RawText a = new RawText(before);
        RawText b = new RawText(after);
        EditList edits = algorithm.diff(RawTextComparator.DEFAULT, a, b);
        StringBuilder header =
            new StringBuilder("diff --git a/" + c.path() + " b/" + c.path() + "\n");
        if (c.kind() == FileChange.Kind.ADDED) {
          header.append("new file mode 100644\n");
        } else if (c.kind() == FileChange.Kind.DELETED) {
          header.append("deleted file mode 100644\n");
        }
        header
            .append("--- ")
            .append(c.oldId() == null ? "/dev/null" : "a/" + c.path())
            .append('\n');
        header
            .append("+++ ")
            .append(c.newId() == null ? "/dev/null" : "b/" + c.path())
            .append('\n');
        out.write(header.toString().getBytes(StandardCharsets.UTF_8));
        formatter.format(edits, a, b);
        formatter.flush();
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
