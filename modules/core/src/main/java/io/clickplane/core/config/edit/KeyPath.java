package io.clickplane.core.config.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path to a value in a stack file: mapping keys, and list items chosen by their {@code name}
 * (organisations and services are lists of named items).
 */
public final class KeyPath {
  /** One step: a mapping key, or the list item whose {@code name} is {@code itemName}. */
  public record Step(String key, String itemName) {
    public Step {
      if ((key == null) == (itemName == null)) {
        throw new IllegalArgumentException("a step is a key or a named item");
      }
    }

    boolean isItem() {
      return itemName != null;
    }

    @Override
    public String toString() {
      return isItem() ? "[" + itemName + "]" : key;
    }
  }

  private final List<Step> steps;

  private KeyPath(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** {@code config.<key>}: a top-level configuration key such as {@code clickplane:maintenance}. */
  public static KeyPath config(String key) {
    return new KeyPath(List.of(new Step("config", null), new Step(key, null)));
  }

  /** {@code config.clickplane:organisations[org]}. */
  public static KeyPath organisation(String organisation) {
    return config("clickplane:organisations").item(organisation);
  }

  /** {@code config.clickplane:organisations[org].services[service]}. */
  public static KeyPath service(String organisation, String service) {
    return organisation(organisation).key("services").item(service);
  }

  /** This path, then the given keys. */
  public KeyPath key(String... keys) {
    List<Step> out = new ArrayList<>(steps);
    for (String k : keys) {
      out.add(new Step(Objects.requireNonNull(k, "key"), null));
    }
    return new KeyPath(out);
  }

  /** This path, then the list item named {@code name}. */
  public KeyPath item(String name) {
    List<Step> out = new ArrayList<>(steps);
    out.add(new Step(null, Objects.requireNonNull(name, "name")));
    return new KeyPath(out);
  }

  public List<Step> steps() {
    return steps;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPath p && p.steps.equals(steps);
  }

  @Override
  public int hashCode() {
    return steps.hashCode();
  }

  /** {@code config.clickplane:organisations[acme].services[events].storage.size}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Step s : steps) {
      if (!s.isItem() && b.length() > 0) {
        b.append('.');
      }
      b.append(s);
    }
    return b.toString();
  }
}
