package io.clickplane.core.config.section;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickplane.core.config.ExplicitNull;
import io.clickplane.core.config.Suggestions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A map in the configuration at a key path, with the keys it may hold. Each read returns the value,
 * its default when the key is absent, or {@code null} after reporting why the value is refused; a
 * refused value also clears this scope's "ok" flag. A value that is not a map is reported once and
 * its keys read as absent.
 */
public final class Fields extends Scope {
  private final String path;
  private final ObjectNode node;

  Fields(
      Binding binding,
      Scope parent,
      String path,
      JsonNode value,
      boolean required,
      List<String> allowed) {
    super(binding, parent);
    this.path = path;
    if (value == null || value.isNull()) {
      if (required) {
        binding.problem(path, "must be a map with keys " + String.join(", ", allowed));
      }
      this.node = null;
    } else if (!(value instanceof ObjectNode on)) {
      binding.problem(
          path,
          "must be a map with keys "
              + String.join(", ", allowed)
              + " (got "
              + describe(value)
              + ")");
      this.node = null;
    } else {
      this.node = on;
      List<String> names = new ArrayList<>();
      on.fieldNames().forEachRemaining(names::add);
      for (String k : new LinkedHashSet<>(names)) {
        if (allowed.contains(k) && on.get(k).isNull()) {
          binding.problem(path + "." + k, ExplicitNull.MESSAGE);
        } else if (!allowed.contains(k)) {
          binding.problem(
              path + "." + k,
              "unknown key"
                  + Suggestions.didYouMean(k, allowed)
                  + "; allowed: "
                  + String.join(", ", allowed));
        }
      }
    }
  }

  /** The key path of this map, e.g. {@code clickplane:organisations[0].services[1]}. */
  public String path() {
    return path;
  }

  /** The key path of {@code key} in this map. */
  public String path(String key) {
    return path + "." + key;
  }

  /** True when this is a map (absent or refused: false). */
  public boolean present() {
    return node != null;
  }

  /** True when the map holds {@code key} with a value other than null. */
  public boolean has(String key) {
    return node != null && node.has(key) && !node.get(key).isNull();
  }

  JsonNode get(String key) {
    return has(key) ? node.get(key) : null;
  }

  private <T> T failed() {
    fail();
    return null;
  }

  public String string(String key, String def, Function<String, Optional<String>> rule) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (!v.isTextual()) {
      return refuse(
          path(key),
          "must be a string (got "
              + describe(v)
              + ")"
              + (v.isNumber() ? "; quote it: \"" + v.asText() + "\"" : ""));
    }
    return check(path(key), v.asText(), rule);
  }

  public String requiredString(String key, Function<String, Optional<String>> rule) {
    if (node != null && !has(key)) {
      return refuse(path(key), "required");
    }
    return node == null ? failed() : string(key, null, rule);
  }

  public Integer integer(String key, Integer def, int min, int max) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (!v.isIntegralNumber()) {
      return refuse(
          path(key),
          "must be a whole number from " + min + " to " + max + " (got " + describe(v) + ")");
    }
    BigInteger n = v.bigIntegerValue();
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      return refuse(path(key), "must be from " + min + " to " + max + " (got " + n + ")");
    }
    return n.intValue();
  }

  public BigDecimal decimal(String key, BigDecimal def, BigDecimal min, BigDecimal max) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    BigDecimal n = null;
    if (v.isNumber()) {
      n = v.decimalValue();
    } else if (v.isTextual()) {
      try {
        n = new BigDecimal(v.asText());
      } catch (NumberFormatException e) {
        n = null;
      }
    }
    String range = min.toPlainString() + " to " + max.toPlainString();
    if (n == null) {
      return refuse(
          path(key),
          "must be a decimal number from " + range + " such as \"0.05\" (got " + describe(v) + ")");
    }
    if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
      return refuse(path(key), "must be from " + range + " (got " + n.toPlainString() + ")");
    }
    return n.stripTrailingZeros().scale() < 0 ? n.setScale(0) : n.stripTrailingZeros();
  }

  public Boolean bool(String key, boolean def) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (!v.isBoolean()) {
      return refuse(path(key), "must be true or false (got " + describe(v) + ")");
    }
    return v.booleanValue();
  }

  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E def) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    List<String> names = enumNames(type);
    if (v.isTextual() && names.contains(v.asText())) {
      return Enum.valueOf(type, v.asText().toUpperCase(Locale.ROOT));
    }
    String given = v.isTextual() ? v.asText() : "";
    return refuse(
        path(key),
        "must be one of "
            + String.join(", ", names)
            + " (got "
            + describe(v)
            + ")"
            + Suggestions.didYouMean(given, names));
  }

  public <E extends Enum<E>> E requiredEnum(String key, Class<E> type) {
    if (node != null && !has(key)) {
      return refuse(path(key), "required: one of " + String.join(", ", enumNames(type)));
    }
    return node == null ? failed() : enumValue(key, type, null);
  }

  /** The map under {@code key}, holding the keys of {@code table}; its failures are this map's. */
  public Fields object(String key, KeyTable table) {
    return new Fields(binding, this, path(key), get(key), false, table.names());
  }

  /** The map of {@code key}, holding the keys of its table; its failures are this map's. */
  public Fields object(Key<?> key) {
    return object(key.name(), key.table());
  }

  public List<String> strings(
      String key, List<String> def, Function<String, Optional<String>> rule) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (!v.isArray()) {
      return refuse(path(key), "must be a list of strings (got " + describe(v) + ")");
    }
    List<String> out = new ArrayList<>();
    boolean good = true;
    for (int i = 0; i < v.size(); i++) {
      String itemPath = path(key) + "[" + i + "]";
      JsonNode item = v.get(i);
      if (!item.isTextual()) {
        binding.problem(itemPath, "must be a string (got " + describe(item) + ")");
        good = false;
      } else if (check(itemPath, item.asText(), rule) == null) {
        good = false;
      } else {
        out.add(item.asText());
      }
    }
    return good ? out : failed();
  }

  /**
   * A list of maps, each a scope of its own holding the keys of {@code table}; absent is an error
   * when {@code required}, else an empty list.
   */
  public List<Fields> objects(String key, boolean required, KeyTable table) {
    JsonNode v = get(key);
    if (v == null) {
      return required ? refuse(path(key), "required: a list") : List.of();
    }
    if (!v.isArray()) {
      return refuse(path(key), "must be a list (got " + describe(v) + ")");
    }
    return items(binding, path(key), v, table);
  }

  static List<Fields> items(Binding binding, String path, JsonNode list, KeyTable table) {
    List<Fields> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(new Fields(binding, null, path + "[" + i + "]", list.get(i), true, table.names()));
    }
    return out;
  }

  private String check(String at, String value, Function<String, Optional<String>> rule) {
    Optional<String> bad = rule == null ? Optional.empty() : rule.apply(value);
    if (bad.isPresent()) {
      return refuse(at, bad.get());
    }
    return value;
  }

  /** The stack-file spelling of an enum's values: lowercase names. */
  static <E extends Enum<E>> List<String> enumNames(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT))
        .toList();
  }

  /** How a value is named in messages: {@code string "x"}, {@code number 3}, {@code a list}. */
  public static String describe(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isTextual()) {
      return "string \"" + node.asText() + "\"";
    }
    if (node.isNumber()) {
      return "number " + node.asText();
    }
    if (node.isBoolean()) {
      return "boolean " + node.asText();
    }
    if (node.isArray()) {
      return "a list";
    }
    return "a map";
  }
}
