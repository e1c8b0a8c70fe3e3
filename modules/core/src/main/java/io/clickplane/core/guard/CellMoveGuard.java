package io.clickplane.core.guard;

import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses moving a published organisation to another cell unless its {@code allow.cellMove} is
 * true. A move does not carry data: the organisation's services are created empty in the target
 * cell's cluster (their volumes stay in the source cell's zones and go with its objects), so they
 * are refilled from a backup and their names switched over in DNS (see {@code docs/cells.md}).
 *
 * <p>Not a move: the cell of an organisation published before the environment listed cells becomes
 * the first listed cell (the home cell adopts the cluster the environment had), and the reverse, an
 * organisation of the home cell when the environment stops listing cells.
 */
public final class CellMoveGuard implements ChangeGuard {
  @Override
  public List<Refusal> check(PlatformSpec previous, PlatformSpec next) {
    List<Refusal> out = new ArrayList<>();
    for (OrganisationSpec org : next.organisations()) {
      Optional<OrganisationSpec> published = previous.organisation(org.name());
      if (published.isEmpty() || org.allowCellMove()) {
        continue;
      }
      if (!moves(previous, published.get(), next, org)) {
        continue;
      }
      String from = cell(published.get(), next);
      String to = cell(org, previous);
      out.add(
          new Refusal(
              org.name(),
              "",
              "moving the organisation from cell "
                  + from
                  + " to cell "
                  + to
                  + " recreates its services empty in "
                  + to
                  + "'s cluster and removes them from "
                  + from
                  + "'s: their data comes back only by restoring a backup into "
                  + to
                  + " (restoreFrom), and their names follow once DNS switches to "
                  + to
                  + "'s endpoints",
              "take a fresh backup of every service, then set allow.cellMove: true on organisation "
                  + org.name()
                  + " (see docs/cells.md, Moving an organisation)"));
    }
    return List.copyOf(out);
  }

  /**
   * Whether organisation {@code org} of {@code next}, published as {@code published} in {@code
   * previous}, changes cluster: its cell differs, an environment's one cluster counting as its
   * first cell's. Its services are then new in the cell it moves to (a restore may refill them).
   */
  public static boolean moves(
      PlatformSpec previous, OrganisationSpec published, PlatformSpec next, OrganisationSpec org) {
    return !cell(published, next).equals(cell(org, previous));
  }

  /**
   * The cell {@code org} runs in; for an environment without cells, the cell that adopts (or
   * adopted) its one cluster: the first cell of {@code other}, the environment on the other side of
   * the change, when that lists cells.
   */
  private static String cell(OrganisationSpec org, PlatformSpec other) {
    return org.cell().isEmpty() && other.hasCells() ? other.cellNames().get(0) : org.cell();
  }
}
