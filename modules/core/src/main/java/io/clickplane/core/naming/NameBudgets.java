package io.clickplane.core.naming;

import io.clickplane.core.config.Rules;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every name the platform derives against the limit it must meet. Each method returns the
 * sentences describing what overflows; an empty list means every derived name fits.
 */
public final class NameBudgets {
  /** DNS-1123 label limit: Services, pod host names, PVCs, label values. */
  public static final int LABEL = 63;

  /**
   * StatefulSet names: the controller adds {@code -<10-character hash>} in the {@code
   * controller-revision-hash} label, which must stay within 63 characters.
   */
  public static final int STATEFUL_SET = 52;

  /** A fully-qualified host name. */
  public static final int HOST = 253;

  private NameBudgets() {}

  /** The names derived for one service of {@code organisation} in {@code domain}. */
  public static List<String> service(
      String organisation, String service, int shards, int replicas, int disks, String domain) {
    List<String> out = new ArrayList<>();
    if (Naming.CLUSTER.length() > Naming.OPERATOR_NAME_LIMIT) {
      out.add(
          "cluster name \""
              + Naming.CLUSTER
              + "\" exceeds the operator's "
              + Naming.OPERATOR_NAME_LIMIT
              + " characters");
    }
    String lastShard = Naming.shard(shards - 1);
    if (lastShard.length() > Naming.OPERATOR_NAME_LIMIT) {
      out.add(
          "shard name \""
              + lastShard
              + "\" exceeds the operator's "
              + Naming.OPERATOR_NAME_LIMIT
              + " characters");
    }
    int s = shards - 1;
    int r = replicas - 1;
    fit(out, "StatefulSet", Naming.replicaStatefulSet(service, s, r), STATEFUL_SET);
    fit(out, "pod", Naming.replicaPod(service, s, r), LABEL);
    fit(
        out,
        "volume claim",
        Naming.persistentVolumeClaim(Naming.dataVolume(disks - 1), service, s, r),
        LABEL);
    fit(out, "volume claim", Naming.persistentVolumeClaim(Naming.LOG_VOLUME, service, s, r), LABEL);
    fit(out, "Service", Naming.installationService(service), LABEL);
    fit(out, "ZooKeeper StatefulSet", Naming.zookeeper(service), STATEFUL_SET);
    fit(out, "ZooKeeper Service", Naming.zookeeperHeadless(service), LABEL);
    fit(out, "ZooKeeper Service", Naming.zookeeperClient(service), LABEL);
    fit(out, "Keeper installation", Naming.keeper(service), STATEFUL_SET);
    fit(out, "Job", JobNames.longestDatabases(service), JobNames.LIMIT);
    fit(out, "Job", JobNames.longestRestore(service), JobNames.LIMIT);
    fit(out, "CronJob", JobNames.backupCronJob(service), JobNames.CRON_JOB_LIMIT);
    String host = Naming.host(service, organisation, domain);
    fit(out, "host", host, HOST);
    return out;
  }

  /** The names derived for one organisation: namespace, backup bucket and IAM role. */
  public static List<String> organisation(String bucket, String role) {
    List<String> out = new ArrayList<>();
    Rules.s3Bucket(bucket).ifPresent(out::add);
    Rules.iamRole(role).ifPresent(out::add);
    return out;
  }

  private static void fit(List<String> out, String what, String name, int limit) {
    if (name.length() > limit) {
      out.add(
          "derived "
              + what
              + (what.equals("host") ? "" : " name")
              + " \""
              + name
              + "\" has "
              + name.length()
              + " characters; the limit is "
              + limit
              + " ("
              + (name.length() - limit)
              + " too many: shorten the service or organisation name)");
    }
  }
}
