package io.clickplane.keycloak.sync;

import java.util.List;
import java.util.Objects;

/**
 * What a sync would change in one realm, in the order it would apply it, and what it refuses to do.
 * A plan with refusals is never applied.
 *
 * @param realm the realm's name
 * @param changes creates and updates (parents first), then deletes
 * @param refusals deletions the stack does not allow, one message each
 */
public record SyncPlan(String realm, List<Change> changes, List<String> refusals) {
  public SyncPlan {
    Objects.requireNonNull(realm, "realm");
    changes = List.copyOf(changes);
    refusals = List.copyOf(refusals);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public long count(Change.Action action) {
    return changes.stream().filter(c -> c.action() == action).count();
  }

  /** The plan as printed by {@code identity sync}: a summary line, then one entry per change. */
  public String describe() {
    if (changes.isEmpty()) {
      return "realm " + realm + " is up to date: nothing to change";
    }
    StringBuilder out =
        new StringBuilder(
            "realm "
                + realm
                + ": "
                + count(Change.Action.CREATE)
                + " to create, "
                + count(Change.Action.UPDATE)
                + " to update, "
                + count(Change.Action.DELETE)
                + " to delete");
    for (Change change : changes) {
      out.append("\n  ").append(change.describe().replace("\n", "\n  "));
    }
    return out.toString();
  }
}
