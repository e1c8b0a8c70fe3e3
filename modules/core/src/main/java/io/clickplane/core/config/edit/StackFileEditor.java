package io.clickplane.core.config.edit;

import io.clickplane.core.config.ConfigDocument;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Edits scalar values of a stack file in place: every byte outside the edited lines (comments,
 * blank lines, key order, quoting, indentation) stays as it was. A value is replaced where it
 * stands and keeps its quoting style; a missing key is added as new lines at the end of its block
 * mapping, indented like its siblings; a removed key takes its lines with it (and its parent
 * mapping's key when nothing else is left in it).
 *
 * <p>All edits are planned against the text as read and applied at once, so a fleet-wide edit
 * parses the file once. Use: {@code StackFileEditor.of(file, text).set(path, "750Gi").apply()}.
 */
public final class StackFileEditor {
  private static final Resolver RESOLVER = new Resolver();

  private final String source;
  private final String text;
  private final Node root;
  private final int[] lineStarts;
  private final Map<KeyPath, String> sets = new LinkedHashMap<>();
  private final Set<KeyPath> removals = new LinkedHashSet<>();

  private StackFileEditor(String source, String text, Node root) {
    this.source = source;
    this.text = text;
    this.root = root;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Reads the text of a stack file; {@code source} names it in messages.
   *
   * @throws StackEditException when the text is not one YAML document with a top-level mapping
   */
  public static StackFileEditor of(String source, String text) throws StackEditException {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(ConfigDocument.MAX_FILE_BYTES + 1);
    options.setAllowDuplicateKeys(false);
    Node root;
    try {
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark();
      throw new StackEditException(
          source + ":" + (m == null ? 0 : m.getLine() + 1) + ": (file): " + e.getProblem());
    } catch (RuntimeException e) {
      throw new StackEditException(source + ":0: (file): " + e.getMessage());
    }
    if (!(root instanceof MappingNode)) {
      throw new StackEditException(source + ":1: (file): a stack file is a mapping with config:");
    }
    return new StackFileEditor(source, text, root);
  }

  /** Sets the scalar at {@code path} to {@code value} (a string; quoted where YAML needs it). */
  public StackFileEditor set(KeyPath path, String value) {
    removals.remove(path);
    sets.put(path, value);
    return this;
  }

  /** Removes the key at {@code path}; nothing when it is absent. */
  public StackFileEditor remove(KeyPath path) {
    sets.remove(path);
    removals.add(path);
    return this;
  }

  /** True when no edit is planned. */
  public boolean isEmpty() {
    return sets.isEmpty() && removals.isEmpty();
  }

  /** The edited text (the same text when every value was already as asked). */
  public String apply() throws StackEditException {
    List<Splice> splices = new ArrayList<>();
    Map<MappingNode, Map<String, Object>> inserts = new LinkedHashMap<>();
    for (Map.Entry<KeyPath, String> e : sets.entrySet()) {
      Found f = find(e.getKey());
      if (f.complete()) {
        if (!(f.node instanceof ScalarNode scalar)) {
          throw problem(f.node, e.getKey(), "is not a single value; it cannot be set here");
        }
        String written = scalar(e.getValue(), scalar.getScalarStyle());
        if (!scalar.getValue().equals(e.getValue())) {
          splices.add(
              new Splice(offset(scalar.getStartMark()), offset(scalar.getEndMark()), written));
        }
        continue;
      }
      if (!(f.node instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
        throw problem(f.node, e.getKey(), "has no block of keys to add " + f.rest() + " to");
      }
      if (mapping.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
        int close = offset(mapping.getEndMark()) - 1;
        if (f.rest().size() != 1 || f.rest().get(0).isItem() || text.charAt(close) != '}') {
          throw problem(f.node, e.getKey(), "is written in flow style {...}; write it as a block");
        }
        String key = f.rest().get(0).key();
        splices.add(
            new Splice(
                close,
                close,
                ", " + key + ": " + scalar(e.getValue(), DumperOptions.ScalarStyle.PLAIN)));
        continue;
      }
      Map<String, Object> tree = inserts.computeIfAbsent(mapping, m -> new LinkedHashMap<>());
      List<KeyPath.Step> rest = f.rest();
      for (int i = 0; i < rest.size(); i++) {
        KeyPath.Step step = rest.get(i);
        if (step.isItem()) {
          throw problem(f.node, e.getKey(), "has no item named \"" + step.itemName() + "\"");
        }
        if (i == rest.size() - 1) {
          tree.put(step.key(), e.getValue());
        } else {
          @SuppressWarnings("unchecked")
          Map<String, Object> next =
              (Map<String, Object>) tree.computeIfAbsent(step.key(), k -> new LinkedHashMap<>());
          tree = next;
        }
      }
    }
    for (Map.Entry<MappingNode, Map<String, Object>> e : inserts.entrySet()) {
      MappingNode mapping = e.getKey();
      int at = lineEnd(offset(lastEnd(mapping)));
      String indent = " ".repeat(mapping.getValue().get(0).getKeyNode().getStartMark().getColumn());
      StringBuilder b = new StringBuilder();
      if (at == text.length() && !text.endsWith("\n")) {
        b.append('\n');
      }
      lines(e.getValue(), indent, b);
      splices.add(new Splice(at, at, b.toString()));
    }
    for (Map.Entry<NodeTuple, MappingNode> removed : removedEntries().entrySet()) {
      NodeTuple t = removed.getKey();
      MappingNode parent = removed.getValue();
      if (parent != null && parent.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
        List<NodeTuple> siblings = parent.getValue();
        int i = siblings.indexOf(t);
        int from =
            i > 0
                ? offset(siblings.get(i - 1).getValueNode().getEndMark())
                : offset(t.getKeyNode().getStartMark());
        int to =
            i > 0 || siblings.size() == 1
                ? offset(t.getValueNode().getEndMark())
                : offset(siblings.get(1).getKeyNode().getStartMark());
        splices.add(new Splice(from, to, ""));
        continue;
      }
      int start = offset(t.getKeyNode().getStartMark());
      int lineStart = lineStarts[t.getKeyNode().getStartMark().getLine()];
      if (!text.substring(lineStart, start).isBlank()) {
        throw problem(
            t.getKeyNode(), null, "shares its line with other keys; it cannot be removed alone");
      }
      splices.add(new Splice(lineStart, lineEnd(offset(lastEnd(t.getValueNode()))), ""));
    }
    splices.sort(Comparator.comparingInt(Splice::start));
    StringBuilder out = new StringBuilder(text.length() + 64);
    int pos = 0;
    for (Splice s : splices) {
      if (s.start < pos) {
        throw new StackEditException(
            source + ":" + line(s.start) + ": (file): two edits touch the same lines");
      }
      out.append(text, pos, s.start).append(s.text);
      pos = s.end;
    }
    out.append(text, pos, text.length());
    return out.toString();
  }

  /**
   * The entries to delete, each with the mapping it is in (null when not known): each removed key,
   * or its parent entry when it empties the parent.
   */
  private Map<NodeTuple, MappingNode> removedEntries() throws StackEditException {
    Map<MappingNode, Set<NodeTuple>> byParent = new LinkedHashMap<>();
    Map<MappingNode, NodeTuple> parentEntry = new HashMap<>();
    for (KeyPath path : removals) {
      Found f = find(path);
      if (!f.complete()) {
        continue;
      }
      byParent.computeIfAbsent(f.parent, p -> new LinkedHashSet<>()).add(f.entry);
      if (f.parentEntry != null) {
        parentEntry.put(f.parent, f.parentEntry);
      }
    }
    Map<NodeTuple, MappingNode> out = new LinkedHashMap<>();
    for (Map.Entry<MappingNode, Set<NodeTuple>> e : byParent.entrySet()) {
      if (e.getValue().size() == e.getKey().getValue().size()
          && parentEntry.containsKey(e.getKey())) {
        out.put(parentEntry.get(e.getKey()), null);
      } else {
        e.getValue().forEach(t -> out.put(t, e.getKey()));
      }
    }
    return out;
  }

  private static void lines(Map<String, Object> tree, String indent, StringBuilder b) {
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      b.append(indent).append(e.getKey()).append(':');
      if (e.getValue() instanceof Map<?, ?> child) {
        b.append('\n');
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) child;
        lines(m, indent + "  ", b);
      } else {
        b.append(' ').append(scalar((String) e.getValue(), DumperOptions.ScalarStyle.PLAIN));
        b.append('\n');
      }
    }
  }

  /** What {@link #find} reached: the node at the end of the path, or the deepest one on it. */
  private record Found(
      Node node,
      int depth,
      List<KeyPath.Step> steps,
      MappingNode parent,
      NodeTuple entry,
      NodeTuple parentEntry) {
    boolean complete() {
      return depth == steps.size();
    }

    List<KeyPath.Step> rest() {
      return steps.subList(depth, steps.size());
    }
  }

  private Found find(KeyPath path) throws StackEditException {
    Node node = root;
    MappingNode parent = null;
    NodeTuple entry = null;
    NodeTuple parentEntry = null;
    List<KeyPath.Step> steps = path.steps();
    for (int i = 0; i < steps.size(); i++) {
      KeyPath.Step step = steps.get(i);
      Node next = null;
      if (step.isItem()) {
        if (!(node instanceof SequenceNode seq)) {
          throw problem(node, path, "is not a list of named items");
        }
        for (Node item : seq.getValue()) {
          if (item instanceof MappingNode m && step.itemName().equals(value(m, "name"))) {
            next = item;
          }
        }
        if (next == null) {
          throw problem(node, path, "has no item named \"" + step.itemName() + "\"");
        }
        entry = null;
        parent = null;
        parentEntry = null;
      } else {
        if (!(node instanceof MappingNode m)) {
          throw problem(node, path, "is not a mapping of keys");
        }
        for (NodeTuple t : m.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(step.key())) {
            next = t.getValueNode();
            parentEntry = entry;
            entry = t;
            parent = m;
          }
        }
        if (next == null) {
          return new Found(node, i, steps, parent, entry, parentEntry);
        }
      }
      node = next;
    }
    return new Found(node, steps.size(), steps, parent, entry, parentEntry);
  }

  private static String value(MappingNode m, String key) {
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k
          && k.getValue().equals(key)
          && t.getValueNode() instanceof ScalarNode v) {
        return v.getValue();
      }
    }
    return null;
  }

  /**
   * Where the last scalar inside {@code node} ends (a block collection's own end is the next
   * token).
   */
  private static Mark lastEnd(Node node) {
    if (node instanceof MappingNode m
        && !m.getValue().isEmpty()
        && m.getFlowStyle() != DumperOptions.FlowStyle.FLOW) {
      return lastEnd(m.getValue().get(m.getValue().size() - 1).getValueNode());
    }
    if (node instanceof SequenceNode s
        && !s.getValue().isEmpty()
        && s.getFlowStyle() != DumperOptions.FlowStyle.FLOW) {
      return lastEnd(s.getValue().get(s.getValue().size() - 1));
    }
    return node.getEndMark();
  }

  /** The character offset of a mark (SnakeYAML counts columns in code points). */
  private int offset(Mark mark) {
    int line = mark.getLine();
    if (line >= lineStarts.length) {
      return text.length();
    }
    return text.offsetByCodePoints(lineStarts[line], mark.getColumn());
  }

  /** Just past the line break of the line holding {@code offset} (or the end of the text). */
  private int lineEnd(int offset) {
    if (offset > 0 && offset <= text.length() && text.charAt(offset - 1) == '\n') {
      return offset;
    }
    int nl = text.indexOf('\n', offset);
    return nl < 0 ? text.length() : nl + 1;
  }

  private int line(int offset) {
    int i = java.util.Arrays.binarySearch(lineStarts, offset);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  private StackEditException problem(Node at, KeyPath path, String message) {
    return new StackEditException(
        source
            + ":"
            + (at.getStartMark().getLine() + 1)
            + ": "
            + (path == null ? "(file)" : path.toString())
            + ": "
            + message);
  }

  /**
   * A YAML scalar for {@code value}: in the given quoting style, or plain where that reads back as
   * the same string.
   */
  static String scalar(String value, DumperOptions.ScalarStyle style) {
    if (style == DumperOptions.ScalarStyle.SINGLE_QUOTED) {
      return "'" + value.replace("'", "''") + "'";
    }
    if (style != DumperOptions.ScalarStyle.DOUBLE_QUOTED
        && value.matches("[A-Za-z0-9][A-Za-z0-9._/-]*")
        && RESOLVER.resolve(NodeId.scalar, value, true).equals(Tag.STR)) {
      return value;
    }
    StringBuilder b = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private record Splice(int start, int end, String text) {}
}
