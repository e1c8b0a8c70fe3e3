package io.clickplane.core.config;

import java.util.Optional;

/**
 * The longest lists the stack file accepts, each bounded by what its consumer accepts, so a list
 * that would be refused later (by Linux, the API server, EKS) is refused at its key.
 */
public final class ListLimits {
  /**
   * {@code databases}: the databases Job runs every statement in one {@code sh -c} argument, which
   * Linux caps at 128 KiB ({@code MAX_ARG_STRLEN}, 32 pages); at the longest service and database
   * names a statement line is about 420 bytes, so 200 stay under half of it.
   */
  public static final int DATABASES = 200;

  /**
   * {@code access.allowedCidrs}: the gateway's AuthorizationPolicy lists them all, and the API
   * server refuses an object over 1.5 MiB (etcd's request limit); 1,000 keep the policy near 30 KB,
   * and every connection is matched against the list.
   */
  public static final int ALLOWED_CIDRS = 1000;

  /**
   * {@code eks.publicAccessCidrs}: EKS accepts at most 40 CIDR blocks for the public endpoint
   * ("Amazon EKS service quotas",
   * https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html).
   */
  public static final int PUBLIC_ACCESS_CIDRS = 40;

  /** {@code eks.nodeGroups}: EKS allows 30 managed node groups per cluster (same page). */
  public static final int NODE_GROUPS = 30;

  private ListLimits() {}

  /** Why a list of {@code size} entries is too long for {@code limit}, or empty. */
  public static Optional<String> check(int size, int limit, String why) {
    return size <= limit
        ? Optional.empty()
        : Optional.of(
            "lists " + size + " entries; at most " + limit + " are allowed (" + why + ")");
  }
}
