package io.clickplane.stacks.storage;

import java.util.List;
import java.util.Locale;

/** The proposal table printed by {@code storage propose} and the figures of its change summary. */
public final class StorageTable {
  private StorageTable() {}

  /** One line per service, with a header and the rule's figures under it. */
  public static String table(List<StorageProposal> proposals, int thresholdPercent) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-28s %9s %7s %10s %10s %6s %9s  %s%n",
            "SERVICE",
            "VOLUMES",
            "SIZE",
            "USED",
            "CAPACITY",
            "USE%",
            "PROPOSED",
            "VERDICT"));
    int grow = 0;
    for (StorageProposal p : proposals) {
      if (p.status() == StorageProposal.Status.GROW) {
        grow++;
      }
      b.append(
          String.format(
              Locale.ROOT,
              "%-28s %9s %7s %10s %10s %6s %9s  %s%n",
              p.organisation() + "/" + p.service(),
              p.measured() + "/" + p.volumes(),
              p.currentSize(),
              p.measured() == 0 ? "-" : gib(p.usedBytes()),
              p.measured() == 0 ? "-" : gib(p.capacityBytes()),
              p.measured() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", p.usedPercent()),
              p.proposedSize().orElse("-"),
              verdict(p)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%d of %d services to grow (threshold %d%% used; fullest volume of each service)%n",
            grow,
            proposals.size(),
            thresholdPercent));
    return b.toString();
  }

  /** The figures of the services that grow, for the change summary. */
  public static String summary(List<StorageProposal> growing, int thresholdPercent) {
    StringBuilder b =
        new StringBuilder(
            "Disk sizes from measured usage (clickplane storage propose, threshold "
                + thresholdPercent
                + "% used):\n");
    for (StorageProposal p : growing) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %s/%s: %s -> %s (fullest volume %s of %s used, %.1f%%; %d volumes)%n",
              p.organisation(),
              p.service(),
              p.currentSize(),
              p.proposedSize().orElseThrow(),
              gib(p.usedBytes()),
              gib(p.capacityBytes()),
              p.usedPercent(),
              p.volumes()));
    }
    b.append(
        "Rule: grow by "
            + StepRule.STEP_PERCENT
            + "% or to "
            + StepRule.TARGET_PERCENT
            + "% used, whichever is more, rounded up to "
            + StepRule.ROUND_GIB
            + " GiB, within storage.maxSize and EBS's limits.\n");
    return b.toString();
  }

  private static String verdict(StorageProposal p) {
    return p.cooldownUntil().map(t -> p.status().text() + " until " + t).orElse(p.status().text());
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1fGi", bytes / (double) (1L << 30));
  }
}
