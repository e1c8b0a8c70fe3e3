package io.clickplane.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.config.StackConfig;
import io.clickplane.core.spec.PlatformSpec;
import org.junit.jupiter.api.Test;

/**
 * {@link CellMoveGuard}: a published organisation changes cell only with {@code allow.cellMove}.
 */
class CellMoveGuardTest {
  private static final ChangeGuard GUARD = new CellMoveGuard();

  private static final String THREE_CELLS =
      "  clickplane:cells:\n"
          + "    - name: a\n"
          + "    - name: b\n"
          + "      network: {cidr: 10.41.0.0/16}\n"
          + "    - name: c\n"
          + "      network: {cidr: 10.42.0.0/16}\n";

  private static PlatformSpec stack(String cells, String acme, String globex) throws Exception {
    return StackConfig.parse(
        "t.yaml",
        String.join(
            "\n",
            "config:",
            "  aws:region: eu-west-1",
            "  clickplane:environment: dev",
            "  clickplane:domain: ch.dev.example.com",
            "  clickplane:network: {cidr: 10.40.0.0/16}",
            "  clickplane:eks:",
            "    version: \"1.31\"",
            "    nodeGroups:",
            "      - {name: system, instanceType: m6i.large, min: 2, max: 4}",
            cells + "  clickplane:organisations:",
            "    - name: acme",
            acme,
            "      services:",
            "        - {name: events, mode: replicated}",
            "    - name: globex",
            globex,
            "      services:",
            "        - {name: clicks, mode: single}",
            ""));
  }

  @Test
  void aMoveIsRefusedNamingTheOrganisationBothCellsWhatItDoesAndTheKey() throws Exception {
    PlatformSpec published = stack(THREE_CELLS, "      cell: a", "      cell: b");
    PlatformSpec next = stack(THREE_CELLS, "      cell: c", "      cell: b");
    assertThat(GUARD.check(published, published)).isEmpty();
    assertThat(GUARD.check(published, next))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.organisation()).isEqualTo("acme");
              assertThat(r.toString())
                  .startsWith("organisation acme: moving the organisation from cell a to cell c")
                  .contains(
                      "recreates its services empty in c's cluster",
                      "restoring a backup into c (restoreFrom)",
                      "DNS switches",
                      "allow.cellMove: true",
                      "docs/cells.md");
            });
  }

  @Test
  void allowCellMoveLetsTheMoveThrough() throws Exception {
    PlatformSpec published = stack(THREE_CELLS, "      cell: a", "      cell: b");
    PlatformSpec next =
        stack(THREE_CELLS, "      cell: c\n      allow: {cellMove: true}", "      cell: b");
    assertThat(GUARD.check(published, next)).isEmpty();
  }

  @Test
  void theFirstCellAdoptsOrganisationsPublishedBeforeCellsAnyOtherCellIsAMove() throws Exception {
    PlatformSpec before = stack("", "", "");
    PlatformSpec adopted = stack(THREE_CELLS, "      cell: a", "      cell: a");
    assertThat(GUARD.check(before, adopted)).isEmpty();

    PlatformSpec spread = stack(THREE_CELLS, "      cell: a", "      cell: b");
    assertThat(GUARD.check(before, spread))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.toString())
                    .startsWith(
                        "organisation globex: moving the organisation from cell a to cell b"));

    // and back: leaving cells, the home cell's organisations stay on the environment's cluster
    assertThat(GUARD.check(adopted, before)).isEmpty();
    assertThat(GUARD.check(spread, before))
        .extracting(Refusal::organisation)
        .containsExactly("globex");
  }

  @Test
  void aNewOrganisationInAnyCellIsNoMove() throws Exception {
    PlatformSpec published = stack(THREE_CELLS, "      cell: a", "      cell: b");
    PlatformSpec withoutGlobex =
        published.withOrganisations(published.organisations().subList(0, 1));
    assertThat(GUARD.check(withoutGlobex, published)).isEmpty();
  }
}
