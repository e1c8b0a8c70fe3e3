package io.clickplane.core.naming;

import java.util.List;
import java.util.Optional;

/**
 * The longest AWS names one cluster's resources get ({@link Naming#clusterPrefix} and a suffix),
 * against the limits AWS sets on them. With cells the prefix carries the cell's name, so the cell
 * and environment names together must leave room for the longest suffix.
 */
public final class ClusterNames {
  /**
   * One kind of name: the longest suffix the program puts after the cluster prefix, and AWS's limit
   * on the whole name.
   */
  public record Budget(String what, String longestSuffix, int limit) {}

  /**
   * IAM role names (64 characters): the load balancer controller's role is the longest; EventBridge
   * rule names (64): Karpenter's spot interruption rule; SQS queue names (80) and EKS cluster names
   * (100) are the prefix itself.
   */
  public static final List<Budget> BUDGETS =
      List.of(
          new Budget("IAM role", "-aws-load-balancer-controller", 64),
          new Budget("EventBridge rule", "-karpenter-spot-interruption", 64),
          new Budget("SQS queue", "", 80),
          new Budget("EKS cluster", "", 100));

  private ClusterNames() {}

  /**
   * What overflows when the cluster prefix is {@code prefix}, or empty when every name fits.
   *
   * @param prefix {@link Naming#clusterPrefix}'s value
   */
  public static Optional<String> overflow(String prefix) {
    for (Budget b : BUDGETS) {
      String name = prefix + b.longestSuffix();
      if (name.length() > b.limit()) {
        return Optional.of(
            "makes the "
                + b.what()
                + " name \""
                + name
                + "\" "
                + name.length()
                + " characters long; AWS allows "
                + b.limit()
                + " ("
                + (name.length() - b.limit())
                + " too many: shorten the cell's or the environment's name)");
      }
    }
    return Optional.empty();
  }

  /** {@link Naming#clusterPrefix} of cell {@code cell} of environment {@code environment}. */
  public static String prefix(String environment, String cell) {
    String env = "clickplane-" + environment;
    return cell.isEmpty() ? env : env + Naming.UNAMBIGUOUS_SEPARATOR + cell;
  }
}
