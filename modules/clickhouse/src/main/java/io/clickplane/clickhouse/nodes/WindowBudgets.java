package io.clickplane.clickhouse.nodes;

import io.clickplane.core.spec.MaintenanceWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The disruption budgets of a ClickHouse NodePool that follow its maintenance window: Karpenter may
 * replace a drifted node, or consolidate an underutilised one, only while the window is open, one
 * node of the pool at a time; an empty node (no ClickHouse pod left on it) may go at any time, one
 * at a time.
 *
 * <p>How Karpenter reads them (kubernetes-sigs/karpenter v1.14.1, {@code pkg/apis/v1/nodepool.go},
 * {@code GetAllowedDisruptionsByReason} and {@code Budget.IsActive}): for a disruption reason it
 * takes the smallest {@code nodes} of the budgets that are active and name that reason (or name no
 * reason); a budget with {@code schedule} and {@code duration} is active from each cron hit of
 * {@code schedule} (UTC, five fields) for {@code duration}. So:
 *
 * <ul>
 *   <li>{@code nodes: "1"}, no reason, no schedule: always active, at most one node at a time for
 *       every reason;
 *   <li>for every span when the window is closed ({@link MaintenanceWindow#closedSpans}): {@code
 *       nodes: "0"} for {@code Drifted} and {@code Underutilized}, from the span's start ({@code
 *       minute hour * * weekday}) for its length. The spans cover the whole week outside the window
 *       and nothing inside it, so those reasons get 0 exactly while the window is closed.
 * </ul>
 *
 * A window spanning midnight ({@code sat 22:00-02:00}) closes on the next day, and the closed span
 * starts there; overlapping openings (a daily window longer than the gap between them) merge. At
 * most 7 closed spans and 1 permissive budget: within the CRD's 50 budgets.
 */
public final class WindowBudgets {
  /** Reasons a closed window holds; {@code Empty} is never held (nothing runs on the node). */
  static final List<String> HELD_REASONS = List.of("Drifted", "Underutilized");

  /** How many nodes of a pool may be disrupted at once while its window is open. */
  static final String OPEN_NODES = "1";

  private WindowBudgets() {}

  /** The budgets of the pool of {@code window}, the permissive one first. */
  public static List<Map<String, Object>> of(MaintenanceWindow window) {
    List<Map<String, Object>> budgets = new ArrayList<>();
    budgets.add(Map.of("nodes", OPEN_NODES));
    for (MaintenanceWindow.Closed closed : window.closedSpans()) {
      Map<String, Object> held = new LinkedHashMap<>();
      held.put("nodes", "0");
      held.put("reasons", HELD_REASONS);
      held.put("schedule", closed.cron());
      held.put("duration", closed.duration());
      budgets.add(held);
    }
    return budgets;
  }
}
