package io.clickplane.core.config.section;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One key of the stack file, declared once: its name, how it is read (reader and rule), its
 * default, and what the configuration reference says of it (type and one-line meaning). The allowed
 * keys of a map and the tables of {@code docs/configuration.md} are made from these.
 *
 * <p>A key without a reader is bound by its section's own code (its default or rule depends on
 * other values); a key with a table holds a map, or a list of maps, of further keys.
 *
 * @param <T> the bound value's type
 */
public final class Key<T> {
  /**
   * A key as the configuration reference shows it.
   *
   * @param type what may be written, e.g. {@code integer 2..6}
   * @param defaultText the default as written in the reference, or how it is found
   * @param meaning one line saying what the key does
   */
  public record Row(String type, String defaultText, String meaning) {}

  /** Reads a key's value from its map. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(Fields fields, String name);
  }

  private final String name;
  private final Reader<T> reader;
  private final String defaultDoc;
  private final String type;
  private final String meaning;
  private final KeyTable table;
  private final boolean inline;
  private final Function<Object, Object> writer;

  private Key(
      String name,
      Reader<T> reader,
      String defaultDoc,
      String type,
      String meaning,
      KeyTable table,
      boolean inline,
      Function<Object, Object> writer) {
    this.name = name;
    this.reader = reader;
    this.defaultDoc = defaultDoc;
    this.type = type;
    this.meaning = meaning;
    this.table = table;
    this.inline = inline;
    this.writer = writer;
  }

  /** A string, {@code def} when absent ({@code null}: required), checked by {@code rule}. */
  public static Key<String> string(
      String name, String def, Function<String, Optional<String>> rule) {
    return new Key<>(
        name,
        def == null ? (f, n) -> f.requiredString(n, rule) : (f, n) -> f.string(n, def, rule),
        def == null ? "required" : code(def),
        null,
        null,
        null,
        false,
        null);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static Key<Integer> integer(String name, Integer def, int min, int max) {
    return new Key<>(
        name,
        (f, n) -> f.integer(n, def, min, max),
        def == null ? "none" : "`" + def + "`",
        null,
        null,
        null,
        false,
        null);
  }

  /** A decimal number from {@code min} to {@code max}. */
  public static Key<BigDecimal> decimal(
      String name, BigDecimal def, BigDecimal min, BigDecimal max) {
    String text = def.toPlainString();
    return new Key<>(
        name,
        (f, n) -> f.decimal(n, def, min, max),
        def.scale() > 0 ? "`\"" + text + "\"`" : "`" + text + "`",
        null,
        null,
        null,
        false,
        null);
  }

  /** {@code true} or {@code false}. */
  public static Key<Boolean> bool(String name, boolean def) {
    return new Key<>(
        name, (f, n) -> f.bool(n, def), "`" + def + "`", null, null, null, false, null);
  }

  /** One of an enum's values, spelt in lower case; {@code def} null: required. */
  public static <E extends Enum<E>> Key<E> oneOf(String name, Class<E> type, E def) {
    return new Key<>(
        name,
        def == null ? (f, n) -> f.requiredEnum(n, type) : (f, n) -> f.enumValue(n, type, def),
        def == null ? "required" : "`" + def.name().toLowerCase(Locale.ROOT) + "`",
        null,
        null,
        null,
        false,
        null);
  }

  /** A list of strings, each checked by {@code rule}. */
  public static Key<List<String>> strings(
      String name, List<String> def, Function<String, Optional<String>> rule) {
    return new Key<>(
        name,
        (f, n) -> f.strings(n, def, rule),
        def.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ", "`[", "]`")),
        null,
        null,
        null,
        false,
        null);
  }

  /** A key its section reads itself (its default or rule depends on other values). */
  public static <T> Key<T> bound(String name) {
    return new Key<>(name, null, null, null, null, null, false, null);
  }

  /**
   * A key its section reads itself, {@code def} when absent (the rule or, in some cases, the
   * default depends on other values).
   */
  public static <T> Key<T> bound(String name, T def) {
    String text = def instanceof String s ? code(s) : "`" + def + "`";
    return new Key<>(name, null, text, null, null, null, false, null);
  }

  /**
   * A map or list of maps documented in a table of its own (a section, the node groups, the
   * services).
   */
  public static <T> Key<T> table(String name, KeyTable table) {
    return new Key<>(name, null, null, null, null, table, false, null);
  }

  /** A map whose keys are documented in its parent's table, as {@code name.key}. */
  public static <T> Key<T> nested(String name, KeyTable table) {
    return new Key<>(name, null, null, null, null, table, true, null);
  }

  /** The same key with its type and one-line meaning, as the configuration reference shows them. */
  public Key<T> doc(String type, String meaning) {
    return new Key<>(name, reader, defaultDoc, type, meaning, table, inline, writer);
  }

  /** The same key with its default described in words (when it is not one fixed value). */
  public Key<T> defaultDoc(String text) {
    return new Key<>(name, reader, text, type, meaning, table, inline, writer);
  }

  /**
   * The same key, written into the canonical spec ({@code CanonicalSpec}) as {@code value} gives it
   * from the bound object of the map that holds the key; a null value leaves the key out.
   */
  @SuppressWarnings("unchecked")
  public <P> Key<T> writes(Function<P, ?> value) {
    Function<Object, Object> w = (Function<Object, Object>) value;
    return new Key<>(name, reader, defaultDoc, type, meaning, table, inline, w);
  }

  /** True when the canonical spec holds this key. */
  public boolean written() {
    return writer != null;
  }

  /**
   * The key's value in the canonical spec, taken from {@code parent} (the bound object of the map
   * holding the key): a map for a table, a list of maps for a list of them, a string for an enum or
   * a decimal; null when it is left out.
   */
  Object write(Object parent) {
    Object value = writer == null ? null : writer.apply(parent);
    if (value == null) {
      return null;
    }
    if (table != null) {
      return value instanceof List<?> items
          ? items.stream().map(table::write).toList()
          : table.write(value);
    }
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return value;
  }

  /** Reads this key from {@code fields}. */
  public T read(Fields fields) {
    if (reader == null) {
      throw new IllegalStateException("key " + name + " is bound by its section");
    }
    return reader.read(fields, name);
  }

  public String name() {
    return name;
  }

  /** The key's row in the configuration reference: type, default and meaning. */
  public Row row() {
    return new Row(type, defaultDoc, meaning);
  }

  /** The keys of this key's map (or its list's maps), or {@code null} for a plain value. */
  public KeyTable table() {
    return table;
  }

  /** True when the table's keys are listed in the parent's table as {@code name.key}. */
  public boolean inline() {
    return inline;
  }

  /** A string default as the reference writes it: quoted where YAML would read another type. */
  static String code(String value) {
    boolean quote =
        value.isEmpty()
            || value.matches("[0-9.]+")
            || value.matches(".*[\\s*:#{}\\[\\],&!|>'\"%@`].*")
            || List.of("true", "false", "null", "yes", "no", "on", "off").contains(value);
    return quote ? "`\"" + value + "\"`" : "`" + value + "`";
  }
}
