package io.clickplane.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.guard.Refusal;
import io.clickplane.core.spec.ChangeAllowances;
import io.clickplane.core.spec.Coordinator;
import io.clickplane.core.spec.Mode;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.core.spec.StorageClassName;
import io.clickplane.core.spec.StorageSpec;
import io.clickplane.core.spec.UpgradeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each guard refuses its change without the explicit allowance and lets it through with it. */
class ClickHouseChangeGuardsTest {
  private final ClickHouseChangeGuards guards = new ClickHouseChangeGuards();

  /**
   * The dev stack with its services on the lines these cases were written for (events and clicks on
   * 24.8, scratch and reports on 25.3): these guards compare versions whether or not a line is
   * still supported ({@code EndOfSupport} is a guard of its own).
   */
  private final PlatformSpec published = onOldLines(Stacks.load("dev"));

  private static PlatformSpec onOldLines(PlatformSpec dev) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec o : dev.organisations()) {
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : o.services()) {
        boolean older = s.name().equals("events") || s.name().equals("clicks");
        services.add(s.withVersion(older ? "24.8" : "25.3"));
      }
      orgs.add(o.withServices(services));
    }
    return dev.withOrganisations(orgs);
  }

  @Test
  void anUnchangedOrGrowingFleetPasses() {
    assertThat(guards.check(published, published)).isEmpty();
    PlatformSpec grown =
        change(
            "acme",
            "events",
            s ->
                service(
                    s,
                    s.mode(),
                    s.shards(),
                    5,
                    s.version(),
                    storage(s.storage(), "1Ti", s.storage().disks(), "20Gi"),
                    s.coordinator()));
    assertThat(guards.check(published, grown)).isEmpty();
  }

  @Test
  void aShrinkingDataDisk() {
    PlatformSpec next =
        change(
            "acme",
            "events",
            s ->
                service(
                    s,
                    s.mode(),
                    s.shards(),
                    s.replicas(),
                    s.version(),
                    storage(s.storage(), "100Gi", s.storage().disks(), s.storage().logSize()),
                    s.coordinator()));
    assertRefusedThenAllowed(
        next,
        "acme",
        "events",
        "data disk shrinks from 500Gi to 100Gi",
        "diskShrink",
        a -> new ChangeAllowances(true, false, false, false, false));
  }

  @Test
  void fewerDataDisks() {
    PlatformSpec next =
        change(
            "globex",
            "clicks",
            s ->
                service(
                    s,
                    s.mode(),
                    s.shards(),
                    s.replicas(),
                    s.version(),
                    storage(s.storage(), s.storage().size(), 1, s.storage().logSize()),
                    s.coordinator()));
    assertRefusedThenAllowed(
        next,
        "globex",
        "clicks",
        "data disks go down from 2 to 1 per replica",
        "diskShrink",
        a -> new ChangeAllowances(true, false, false, false, false));
  }

  @Test
  void aShrinkingLogDisk() {
    PlatformSpec next =
        change(
            "acme",
            "events",
            s ->
                service(
                    s,
                    s.mode(),
                    s.shards(),
                    s.replicas(),
                    s.version(),
                    storage(s.storage(), s.storage().size(), s.storage().disks(), "5Gi"),
                    s.coordinator()));
    assertRefusedThenAllowed(
        next,
        "acme",
        "events",
        "log disk shrinks from 10Gi to 5Gi",
        "diskShrink",
        a -> new ChangeAllowances(true, false, false, false, false));
  }

  @Test
  void aRemovedShard() {
    PlatformSpec next =
        change(
            "globex",
            "clicks",
            s ->
                service(
                    s,
                    Mode.REPLICATED,
                    1,
                    s.replicas(),
                    s.version(),
                    s.storage(),
                    s.coordinator()));
    assertRefusedThenAllowed(
        next,
        "globex",
        "clicks",
        "shards go down from 2 to 1",
        "shardRemoval",
        a -> new ChangeAllowances(false, true, false, false, false));
  }

  @Test
  void fewerReplicas() {
    PlatformSpec next =
        change(
            "acme",
            "events",
            s -> service(s, s.mode(), s.shards(), 2, s.version(), s.storage(), s.coordinator()));
    assertRefusedThenAllowed(
        next,
        "acme",
        "events",
        "replicas per shard go down from 3 to 2",
        "replicaReduction",
        a -> new ChangeAllowances(false, false, true, false, false));
  }

  @Test
  void aCoordinatorSwitch() {
    PlatformSpec next =
        change(
            "acme",
            "events",
            s ->
                service(
                    s,
                    s.mode(),
                    s.shards(),
                    s.replicas(),
                    s.version(),
                    s.storage(),
                    Coordinator.KEEPER));
    assertRefusedThenAllowed(
        next,
        "acme",
        "events",
        "coordinator switches from zookeeper to keeper",
        "coordinatorSwitch",
        a -> new ChangeAllowances(false, false, false, true, false));
  }

  @Test
  void aMajorVersionDowngrade() {
    PlatformSpec next =
        change(
            "initech",
            "reports",
            s ->
                service(
                    s, s.mode(), s.shards(), s.replicas(), "24.8", s.storage(), s.coordinator()));
    assertRefusedThenAllowed(
        next,
        "initech",
        "reports",
        "ClickHouse major version goes down from 25.3 to 24.8",
        "versionDowngrade",
        a -> new ChangeAllowances(false, false, false, false, true));
    PlatformSpec minorDowngrade =
        change(
            "initech",
            "reports",
            s ->
                service(
                    s, s.mode(), s.shards(), s.replicas(), "25.1", s.storage(), s.coordinator()));
    // Not a major downgrade; like any version change of a replicated service it goes through a
    // canary.
    assertThat(guards.check(published, minorDowngrade))
        .extracting(Refusal::howToAllow)
        .containsExactly("set allow.directUpgrade: true on the service in the stack file");
  }

  @Test
  void aVersionChangeOnEveryReplicaAtOnce() {
    PlatformSpec next = change("acme", "events", s -> s.withVersion("25.3"));
    assertRefusedThenAllowed(
        next,
        "acme",
        "events",
        "ClickHouse version changes from 24.8 to 25.3 on every replica at once; publish upgrade:"
            + " {canary: \"25.3\"} first",
        "directUpgrade",
        a -> a.withDirectUpgrade(true));
  }

  @Test
  void aCanaryThenItsPromotion() {
    PlatformSpec canary = change("acme", "events", s -> s.withUpgrade(new UpgradeSpec("25.3")));
    assertThat(guards.check(published, canary)).as("publishing a canary").isEmpty();
    PlatformSpec promoted =
        change(canary, "acme", "events", s -> s.withVersion("25.3").withUpgrade(UpgradeSpec.NONE));
    assertThat(guards.check(canary, promoted)).as("promoting the published canary").isEmpty();
    PlatformSpec otherVersion =
        change(canary, "acme", "events", s -> s.withVersion("25.8").withUpgrade(UpgradeSpec.NONE));
    assertThat(guards.check(canary, otherVersion))
        .as("a version the canary did not run")
        .extracting(Refusal::change)
        .singleElement()
        .asString()
        .startsWith("ClickHouse version changes from 24.8 to 25.8");
  }

  @Test
  void aSingleReplicaServiceChangesVersionDirectly() {
    PlatformSpec next = change("acme", "scratch", s -> s.withVersion("25.8"));
    assertThat(guards.check(published, next)).isEmpty();
  }

  @Test
  void aStorageClassChangeFromGp3ToIo2() {
    PlatformSpec next =
        change(
            "acme",
            "events",
            s -> withStorage(s, withClass(s.storage(), StorageClassName.IO2, 6000, 0)));
    assertRefusedThenAllowed(
        next,
        "acme",
        "events",
        "storage class changes from gp3 to io2 (a volume's class is immutable: every volume is"
            + " recreated empty",
        "storageClassChange",
        a -> a.withStorageClassChange(true));
  }

  @Test
  void aStorageClassChangeFromIo2BackToGp3() {
    PlatformSpec next =
        change(
            "globex",
            "clicks",
            s -> withStorage(s, withClass(s.storage(), StorageClassName.GP3, 3000, 125)));
    assertRefusedThenAllowed(
        next,
        "globex",
        "clicks",
        "storage class changes from io2 to gp3",
        "storageClassChange",
        a -> a.withStorageClassChange(true));
  }

  @Test
  void anotherAllowanceDoesNotLetAStorageClassChangeThrough() {
    PlatformSpec next =
        change(
            "acme",
            "events",
            s ->
                withStorage(s, withClass(s.storage(), StorageClassName.IO2, 6000, 0))
                    .withAllow(new ChangeAllowances(true, true, true, true, true)));
    assertThat(guards.check(published, next))
        .singleElement()
        .satisfies(r -> assertThat(r.howToAllow()).contains("allow.storageClassChange: true"));
  }

  private static ServiceSpec withStorage(ServiceSpec s, StorageSpec storage) {
    return service(s, s.mode(), s.shards(), s.replicas(), s.version(), storage, s.coordinator());
  }

  private static StorageSpec withClass(
      StorageSpec was, StorageClassName cls, int iops, int throughput) {
    return new StorageSpec(cls, was.size(), was.disks(), iops, throughput, was.logSize());
  }

  @Test
  void aProtectedServiceRemoved() {
    PlatformSpec next = remove("acme", "events");
    assertThat(guards.check(published, next))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.organisation()).isEqualTo("acme");
              assertThat(r.service()).isEqualTo("events");
              assertThat(r.change())
                  .isEqualTo("the service would be removed while deletionProtection is true");
              assertThat(r.howToAllow()).contains("deletionProtection: false");
            });
    // The explicit allowance: publish deletionProtection: false, then remove the service.
    PlatformSpec unprotected = change("acme", "events", s -> s.withDeletionProtection(false));
    assertThat(guards.check(published, unprotected)).isEmpty();
    assertThat(guards.check(unprotected, next)).isEmpty();
  }

  @Test
  void anUnprotectedServiceMayGo() {
    assertThat(
            published
                .organisation("acme")
                .orElseThrow()
                .service("scratch")
                .orElseThrow()
                .deletionProtection())
        .isFalse();
    assertThat(guards.check(published, remove("acme", "scratch"))).isEmpty();
  }

  @Test
  void anOrganisationRemovedWithItsProtectedServices() {
    List<OrganisationSpec> orgs = new ArrayList<>(published.organisations());
    orgs.removeIf(o -> o.name().equals("globex"));
    List<Refusal> refusals = guards.check(published, published.withOrganisations(orgs));
    assertThat(refusals)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.toString())
                  .startsWith("organisation globex, service clicks: ")
                  .contains("removed with its organisation");
            });
  }

  @Test
  void everyRefusalIsReportedAtOnce() {
    PlatformSpec next =
        change(
            "globex",
            "clicks",
            s ->
                service(
                    s,
                    Mode.REPLICATED,
                    1,
                    2,
                    "23.8",
                    storage(s.storage(), "1Gi", 1, s.storage().logSize()),
                    Coordinator.KEEPER));
    assertThat(guards.check(published, next)).extracting(Refusal::change).hasSize(6);
  }

  private void assertRefusedThenAllowed(
      PlatformSpec next,
      String org,
      String service,
      String change,
      String allowance,
      UnaryOperator<ChangeAllowances> allow) {
    List<Refusal> refusals = guards.check(published, next);
    assertThat(refusals)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.organisation()).isEqualTo(org);
              assertThat(r.service()).isEqualTo(service);
              assertThat(r.change()).startsWith(change);
              assertThat(r.howToAllow())
                  .isEqualTo("set allow." + allowance + ": true on the service in the stack file");
              assertThat(r.toString())
                  .contains("organisation " + org)
                  .contains("service " + service)
                  .contains(change);
            });
    PlatformSpec allowed = change(next, org, service, s -> s.withAllow(allow.apply(s.allow())));
    assertThat(guards.check(published, allowed)).isEmpty();
  }

  private PlatformSpec change(String org, String service, UnaryOperator<ServiceSpec> edit) {
    return change(published, org, service, edit);
  }

  private static PlatformSpec change(
      PlatformSpec spec, String org, String service, UnaryOperator<ServiceSpec> edit) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec o : spec.organisations()) {
      List<ServiceSpec> services = new ArrayList<>();
      for (ServiceSpec s : o.services()) {
        services.add(o.name().equals(org) && s.name().equals(service) ? edit.apply(s) : s);
      }
      orgs.add(o.withServices(services));
    }
    return spec.withOrganisations(orgs);
  }

  private PlatformSpec remove(String org, String service) {
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (OrganisationSpec o : published.organisations()) {
      orgs.add(
          o.withServices(
              o.services().stream()
                  .filter(s -> !(o.name().equals(org) && s.name().equals(service)))
                  .toList()));
    }
    return published.withOrganisations(orgs);
  }

  private static ServiceSpec service(
      ServiceSpec s,
      Mode mode,
      int shards,
      int replicas,
      String version,
      StorageSpec storage,
      Coordinator coordinator) {
    return new ServiceSpec(
        s.name(),
        mode,
        shards,
        replicas,
        version,
        s.resources(),
        storage,
        s.backup(),
        s.deletionProtection(),
        coordinator,
        s.allow());
  }

  private static StorageSpec storage(StorageSpec s, String size, int disks, String logSize) {
    return new StorageSpec(s.storageClass(), size, disks, s.iops(), s.throughput(), logSize);
  }
}
