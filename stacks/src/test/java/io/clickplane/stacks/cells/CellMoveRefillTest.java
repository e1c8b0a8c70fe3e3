package io.clickplane.stacks.cells;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickplane.core.config.InvalidConfigException;
import io.clickplane.core.config.StackConfig;
import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.RestoreSpec;
import io.clickplane.stacks.render.Fleet;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Every guard together ({@link Fleet#guards}) on moves of the three-cell fixture: the move publish
 * may refill a service from its own backups, as the service is new in the target cell; outside a
 * move, a restore over a published service stays refused.
 */
class CellMoveRefillTest {
  private static final ChangeGuard GUARDS = Fleet.guards(() -> LocalDate.of(2026, 12, 7));
  private static final String SELF_RESTORE =
      "          restoreFrom:\n"
          + "            service: events\n"
          + "            backup: 20261206T020000Z\n"
          + "          deletionProtection: true\n";

  private static PlatformSpec parse(String text) throws InvalidConfigException {
    return StackConfig.parse("Pulumi.cells.yaml", text);
  }

  @Test
  void theMovePublishMayRestoreAServiceFromItsOwnBackups() throws Exception {
    String cells = ThreeCells.text();
    PlatformSpec published = parse(cells);
    PlatformSpec moved =
        parse(
            cells
                .replace("cell: eu1\n", "cell: eu2\n      allow: {cellMove: true}\n")
                .replace("          deletionProtection: true\n", SELF_RESTORE));
    assertThat(
            moved.organisation("acme").orElseThrow().service("events").orElseThrow().restoreFrom())
        .contains(new RestoreSpec("events", "20261206T020000Z"));
    assertThat(GUARDS.check(published, moved)).isEmpty();
    // the refill stays declared after the move: no new restore, nothing refused
    assertThat(GUARDS.check(moved, moved)).isEmpty();
  }

  @Test
  void withoutAMoveARestoreOverAPublishedServiceIsStillRefused() throws Exception {
    String cells = ThreeCells.text();
    PlatformSpec published = parse(cells);
    PlatformSpec stays =
        parse(
            cells
                .replace("cell: eu1\n", "cell: eu1\n      allow: {cellMove: true}\n")
                .replace("          deletionProtection: true\n", SELF_RESTORE));
    assertThat(GUARDS.check(published, stays))
        .extracting(Refusal::toString)
        .singleElement()
        .asString()
        .contains("organisation acme, service events: restoreFrom events/20261206T020000Z");
  }

  @Test
  void aServiceRestoredFromItselfNeedsItsOrganisationsAllowCellMove() {
    String text = ThreeCells.text().replace("          deletionProtection: true\n", SELF_RESTORE);
    assertThatThrownBy(() -> parse(text))
        .hasMessageContaining("restoreFrom.service")
        .hasMessageContaining("allow.cellMove");
  }
}
