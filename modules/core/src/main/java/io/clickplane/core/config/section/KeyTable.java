package io.clickplane.core.config.section;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys one map of the stack file may hold, in the order messages and the configuration
 * reference list them. {@code id} names the table in {@code docs/configuration.md}, where it is
 * generated between {@code <!-- keys: ID -->} and {@code <!-- end keys -->}.
 */
public record KeyTable(String id, List<Key<?>> keys) {
  public KeyTable {
    keys = List.copyOf(keys);
  }

  public static KeyTable of(String id, Key<?>... keys) {
    return new KeyTable(id, List.of(keys));
  }

  /** The allowed key names, in order. */
  public List<String> names() {
    return keys.stream().map(Key::name).toList();
  }

  /**
   * This table and every table of its keys' maps that is documented on its own, depth first: the
   * tables {@code docs/configuration.md} shows.
   */
  public List<KeyTable> documented() {
    List<KeyTable> out = new ArrayList<>();
    out.add(this);
    collect(this, out);
    return out;
  }

  private static void collect(KeyTable table, List<KeyTable> out) {
    for (Key<?> key : table.keys) {
      if (key.table() != null) {
        if (!key.inline()) {
          out.add(key.table());
        }
        collect(key.table(), out);
      }
    }
  }

  /** {@code value} (the object bound from such a map) as the canonical spec writes it. */
  public Map<String, Object> write(Object value) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Key<?> key : keys) {
      Object v = key.write(value);
      if (v != null) {
        out.put(key.name(), v);
      }
    }
    return out;
  }

  /** The table as Markdown: key, type, default, meaning; maps documented inline as {@code a.b}. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| key | type | default | meaning |\n| --- | --- | --- | --- |\n");
    rows(this, "", out);
    return out.toString();
  }

  private static void rows(KeyTable table, String prefix, StringBuilder out) {
    for (Key<?> key : table.keys) {
      if (key.table() != null && key.inline()) {
        rows(key.table(), prefix + key.name() + ".", out);
        continue;
      }
      Key.Row row = key.row();
      out.append("| `")
          .append(prefix)
          .append(key.name())
          .append("` | ")
          .append(String.join(" | ", row.type(), row.defaultText(), row.meaning()))
          .append(" |\n");
    }
  }
}
