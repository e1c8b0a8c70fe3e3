package io.clickplane.gitops.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a publish changes, grouped by organisation and service: the commit message and the pull
 * request's body.
 */
public final class ChangeSummary {
  /** Files listed per group in {@link #body()}; the rest are counted. */
  public static final int FILES_PER_GROUP = 12;

  private final String environment;
  private final List<FileChange> changes;
  private final Map<String, List<FileChange>> groups = new TreeMap<>();
  private final String note;

  private ChangeSummary(String environment, List<FileChange> changes, String note) {
    this.environment = environment;
    this.note = note;
    List<FileChange> sorted = new ArrayList<>(changes);
    sorted.sort(java.util.Comparator.comparing(FileChange::path));
    this.changes = List.copyOf(sorted);
    for (FileChange c : this.changes) {
      groups.computeIfAbsent(group(c.path()), k -> new ArrayList<>()).add(c);
    }
  }

  public static ChangeSummary of(String environment, List<FileChange> changes) {
    return new ChangeSummary(environment, changes, "");
  }

  /** The same summary with {@code text} after the file list (e.g. the cost before and after). */
  public ChangeSummary withNote(String text) {
    return new ChangeSummary(environment, changes, text == null ? "" : text);
  }

  public List<FileChange> changes() {
    return changes;
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * The group a path belongs to: {@code <org>/<service>} for a service's files, {@code <org>} for
   * the organisation's own files, {@code platform} for everything else.
   */
  public String group(String path) {
    String prefix = "tenants/" + environment + "/";
    if (!path.startsWith(prefix)) {
      return "platform";
    }
    String[] parts = path.substring(prefix.length()).split("/");
    if (parts.length == 1) {
      return "platform";
    }
    if (parts.length == 2) {
      return parts[0];
    }
    return parts[0] + "/" + parts[1];
  }

  /** One line: e.g. {@code clickplane dev: 3 changed (acme/events, acme/scratch, platform)}. */
  public String title() {
    List<String> names = new ArrayList<>(groups.keySet());
    String list =
        names.size() <= 4
            ? String.join(", ", names)
            : String.join(", ", names.subList(0, 4)) + ", ...";
    return "clickplane " + environment + ": " + names.size() + " changed (" + list + ")";
  }

  /**
   * One line per group and what happened to it, then its files (at most {@value #FILES_PER_GROUP}).
   */
  public String body() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<FileChange>> g : groups.entrySet()) {
      out.append(g.getKey()).append(": ").append(verdict(g.getValue())).append('\n');
      List<FileChange> files = g.getValue();
      for (FileChange c : files.subList(0, Math.min(FILES_PER_GROUP, files.size()))) {
        out.append("  ").append(symbol(c.kind())).append(' ').append(c.path()).append('\n');
      }
      if (files.size() > FILES_PER_GROUP) {
        out.append("  ... and ").append(files.size() - FILES_PER_GROUP).append(" more\n");
      }
    }
    if (!note.isEmpty()) {
      out.append('\n').append(note.endsWith("\n") ? note : note + "\n");
    }
    return out.toString();
  }

  /** The commit message: title, blank line, body. */
  public String message() {
    return title() + "\n\n" + body();
  }

  private static String verdict(List<FileChange> files) {
    long added = files.stream().filter(c -> c.kind() == FileChange.Kind.ADDED).count();
    long deleted = files.stream().filter(c -> c.kind() == FileChange.Kind.DELETED).count();
    long modified = files.size() - added - deleted;
    if (added == files.size()) {
      return "added (" + plural(added) + ")";
    }
    if (deleted == files.size()) {
      return "removed (" + plural(deleted) + ")";
    }
    List<String> parts = new ArrayList<>();
    if (modified > 0) {
      parts.add(modified + " modified");
    }
    if (added > 0) {
      parts.add(added + " added");
    }
    if (deleted > 0) {
      parts.add(deleted + " deleted");
    }
    return "changed (" + String.join(", ", parts) + ")";
  }

  private static String plural(long n) {
    return n == 1 ? "1 file" : n + " files";
  }

  private static char symbol(FileChange.Kind kind) {
    return switch (kind) {
      case ADDED -> 'A';
      case MODIFIED -> 'M';
      case DELETED -> 'D';
    };
  }
}
