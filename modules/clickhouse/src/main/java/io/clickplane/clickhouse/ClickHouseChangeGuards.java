package io.clickplane.clickhouse;

import io.clickplane.core.guard.ChangeGuard;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.Quantities;
import io.clickplane.core.spec.ReleaseOrder;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses the changes to ClickHouse services that lose data or break a running cluster, unless the
 * next spec allows them on the service ({@code allow.*} in the stack file):
 *
 * <ul>
 *   <li>a data or log disk that shrinks, or fewer data disks ({@code allow.diskShrink});
 *   <li>fewer shards ({@code allow.shardRemoval});
 *   <li>fewer replicas per shard ({@code allow.replicaReduction});
 *   <li>a switch between ZooKeeper and Keeper ({@code allow.coordinatorSwitch});
 *   <li>a lower ClickHouse release line ({@link ReleaseOrder}; {@code allow.versionDowngrade});
 *   <li>another EBS volume type, gp3 to io2 or back ({@code allow.storageClassChange}): a
 *       PersistentVolumeClaim's storage class is immutable, so the volumes are recreated;
 *   <li>a new ClickHouse version on a service with more than one replica per shard, in one step
 *       ({@code allow.directUpgrade}): the version must first run as {@code upgrade.canary} on one
 *       replica of every shard and be published so, then be promoted (see docs/endpoints.md);
 *   <li>a service (or its whole organisation) removed while the published spec has {@code
 *       deletionProtection: true}: publish it with {@code deletionProtection: false} first.
 * </ul>
 */
public final class ClickHouseChangeGuards implements ChangeGuard {
  @Override
  public List<Refusal> check(PlatformSpec previous, PlatformSpec next) {
    List<Refusal> refusals = new ArrayList<>();
    for (OrganisationSpec org : previous.organisations()) {
      Optional<OrganisationSpec> nextOrg = next.organisation(org.name());
      if (nextOrg.isPresent() && nextOrg.get().equals(org)) {
        continue; // every refusal compares a service with its next state: nothing to refuse here
      }
      for (ServiceSpec before : org.services()) {
        Optional<ServiceSpec> after = nextOrg.flatMap(o -> o.service(before.name()));
        if (after.isEmpty()) {
          if (before.deletionProtection()) {
            refusals.add(
                new Refusal(
                    org.name(),
                    before.name(),
                    nextOrg.isEmpty()
                        ? "the service would be removed with its organisation while deletionProtection is true"
                        : "the service would be removed while deletionProtection is true",
                    "publish the service with deletionProtection: false first, then remove it"));
          }
          continue;
        }
        if (!after.get().equals(before)) {
          compare(org.name(), before, after.get(), refusals);
        }
      }
    }
    return List.copyOf(refusals);
  }

  private static void compare(
      String org, ServiceSpec before, ServiceSpec after, List<Refusal> out) {
    String service = before.name();
    StorageSpec was = before.storage();
    StorageSpec is = after.storage();
    if (!after.allow().diskShrink()) {
      if (Quantities.value(is.size()).compareTo(Quantities.value(was.size())) < 0) {
        out.add(
            refusal(
                org,
                service,
                "data disk shrinks from " + was.size() + " to " + is.size(),
                "diskShrink"));
      }
      if (is.disks() < was.disks()) {
        out.add(
            refusal(
                org,
                service,
                "data disks go down from " + was.disks() + " to " + is.disks() + " per replica",
                "diskShrink"));
      }
      if (Quantities.value(is.logSize()).compareTo(Quantities.value(was.logSize())) < 0) {
        out.add(
            refusal(
                org,
                service,
                "log disk shrinks from " + was.logSize() + " to " + is.logSize(),
                "diskShrink"));
      }
    }
    if (is.storageClass() != was.storageClass() && !after.allow().storageClassChange()) {
      out.add(
          refusal(
              org,
              service,
              "storage class changes from "
                  + was.storageClass().configName()
                  + " to "
                  + is.storageClass().configName()
                  + " (a volume's class is immutable: every volume is recreated empty and "
                  + (after.replicas() > 1
                      ? "refilled from the other replicas"
                      : "the single replica's data is lost")
                  + ")",
              "storageClassChange"));
    }
    if (after.shards() < before.shards() && !after.allow().shardRemoval()) {
      out.add(
          refusal(
              org,
              service,
              "shards go down from "
                  + before.shards()
                  + " to "
                  + after.shards()
                  + " (shard data is lost)",
              "shardRemoval"));
    }
    if (after.replicas() < before.replicas() && !after.allow().replicaReduction()) {
      out.add(
          refusal(
              org,
              service,
              "replicas per shard go down from " + before.replicas() + " to " + after.replicas(),
              "replicaReduction"));
    }
    if (after.coordinator() != before.coordinator() && !after.allow().coordinatorSwitch()) {
      out.add(
          refusal(
              org,
              service,
              "coordinator switches from "
                  + before.coordinator().configName()
                  + " to "
                  + after.coordinator().configName()
                  + " (replication metadata does not move)",
              "coordinatorSwitch"));
    }
    if (ReleaseOrder.isDowngrade(before.version(), after.version())
        && !after.allow().versionDowngrade()) {
      out.add(
          refusal(
              org,
              service,
              "ClickHouse release line goes down from "
                  + before.version()
                  + " to "
                  + after.version(),
              "versionDowngrade"));
    }
    // A downgrade has its own allowance (above); every other version change goes through a
    // canary when a shard has replicas to compare with.
    if (!after.version().equals(before.version())
        && !ReleaseOrder.isDowngrade(before.version(), after.version())
        && after.replicas() > 1
        && !before.upgrade().canary().equals(after.version())
        && !after.allow().directUpgrade()) {
      out.add(
          refusal(
              org,
              service,
              "ClickHouse version changes from "
                  + before.version()
                  + " to "
                  + after.version()
                  + " on every replica at once; publish upgrade: {canary: \""
                  + after.version()
                  + "\"} first, check the canary replicas, then promote",
              "directUpgrade"));
    }
  }

  private static Refusal refusal(String org, String service, String change, String allowance) {
    return new Refusal(
        org, service, change, "set allow." + allowance + ": true on the service in the stack file");
  }
}
