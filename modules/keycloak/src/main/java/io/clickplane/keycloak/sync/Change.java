package io.clickplane.keycloak.sync;

import java.util.List;
import java.util.Objects;

/**
 * One step of a sync plan: what it does to which object, the fields that differ, and the call that
 * makes it so.
 *
 * @param action create, update or delete
 * @param kind {@code realm}, {@code role}, {@code organization}, {@code group} or {@code client}
 * @param name the object's name (a group's full path)
 * @param details for an update, one line per field that differs: {@code field: live → desired}
 */
public record Change(Action action, String kind, String name, List<String> details, Step step) {
  public Change {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    details = List.copyOf(details);
    Objects.requireNonNull(step, "step");
  }

  /** What a change does. */
  public enum Action {
    CREATE("+"),
    UPDATE("~"),
    DELETE("-");

    private final String symbol;

    Action(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** The admin REST calls of one change. */
  @FunctionalInterface
  public interface Step {
    void run(SyncContext context);
  }

  /** {@code + group /acme/admins}, with details indented below. */
  public String describe() {
    StringBuilder out = new StringBuilder(action.symbol() + " " + kind + " " + name);
    for (String detail : details) {
      out.append("\n    ").append(detail);
    }
    return out.toString();
  }
}
