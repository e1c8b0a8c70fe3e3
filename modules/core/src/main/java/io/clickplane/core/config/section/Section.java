package io.clickplane.core.config.section;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickplane.core.config.ExplicitNull;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The part of a binding one section works in: it reads the section's top-level keys, and its "ok"
 * flag says whether everything the section needs was bound. Every failed read clears it.
 */
public final class Section extends Scope {
  Section(Binding binding) {
    super(binding, null);
  }

  /** The top-level map {@code key} (a full key such as {@code clickplane:network}). */
  public Fields map(Key<?> key) {
    if (binding.doc().value(key.name()).filter(JsonNode::isNull).isPresent()) {
      binding.problem(key.name(), ExplicitNull.MESSAGE);
    }
    return new Fields(
        binding,
        this,
        key.name(),
        binding.doc().value(key.name()).orElse(null),
        false,
        key.table().names());
  }

  /** The value of a top-level key, or null when it is absent or null. */
  public JsonNode value(String key) {
    JsonNode node = binding.doc().value(key).orElse(null);
    return node == null || node.isNull() ? null : node;
  }

  /**
   * A top-level string: {@code def} when absent ({@code null}: required, and {@code hint} says what
   * to write), checked by {@code rule}.
   */
  public String string(
      String key, String def, String hint, Function<String, Optional<String>> rule) {
    JsonNode node = value(key);
    if (node == null) {
      if (def != null && binding.doc().value(key).isPresent()) {
        return refuse(key, ExplicitNull.MESSAGE);
      }
      return def == null ? refuse(key, "required" + hint) : def;
    }
    if (!node.isTextual()) {
      return refuse(key, "must be a string (got " + Fields.describe(node) + ")");
    }
    Optional<String> bad = rule.apply(node.asText());
    return bad.isPresent() ? refuse(key, bad.get()) : node.asText();
  }

  /** The maps of a top-level list, each a scope of its own holding the keys of {@code table}. */
  public List<Fields> items(String key, JsonNode list, KeyTable table) {
    return Fields.items(binding, key, list, table);
  }

  /** True when the document gives {@code key} a line of its own (a file, not Pulumi's values). */
  public boolean hasLine(String key) {
    return binding.doc().hasLine(key);
  }
}
