package io.clickplane.stacks.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.ServiceSpec;
import io.clickplane.istio.testing.Reachability;
import io.clickplane.istio.testing.Reachability.Verdict;
import io.clickplane.istio.testing.Reachability.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who reaches what in the rendered dev fleet, evaluated over its NetworkPolicies and Istio
 * policies: the matrix the endpoint layer promises (docs/endpoints.md, "Who reaches what").
 */
class ReachabilityMatrixTest {
  /** Every port any tenant workload listens on. */
  private static final List<Integer> ALL_PORTS =
      List.of(
          Ports.CLICKHOUSE_HTTP,
          Ports.CLICKHOUSE_NATIVE,
          Ports.CLICKHOUSE_NATIVE_TLS,
          Ports.CLICKHOUSE_HTTPS,
          Ports.CLICKHOUSE_INTERSERVER,
          Ports.CLICKHOUSE_METRICS,
          Ports.ZOOKEEPER_CLIENT,
          Ports.ZOOKEEPER_PEER,
          Ports.ZOOKEEPER_ELECTION,
          Ports.ZOOKEEPER_METRICS,
          Ports.ZOOKEEPER_ADMIN,
          Ports.KEEPER_RAFT);

  private static DevFleet fleet;
  private static Reachability reach;

  @BeforeAll
  static void render() throws Exception {
    fleet = new DevFleet();
    reach = fleet.reachability();
  }

  private static List<String> failures(
      Workload from, List<Workload> to, List<Integer> ports, boolean allowed) {
    List<String> out = new ArrayList<>();
    for (Workload pod : to) {
      for (int port : ports) {
        Verdict v = reach.connect(from, pod, port);
        if (v.allowed() != allowed) {
          out.add(from.name() + " -> " + pod.namespace() + "/" + pod.name() + ":" + port + " " + v);
        }
      }
    }
    return out;
  }

  private static List<Workload> allClickHouse() {
    return fleet.clickHouse.values().stream().flatMap(List::stream).toList();
  }

  private static List<Workload> allCoordinators() {
    return fleet.coordinators.values().stream().flatMap(List::stream).toList();
  }

  @Test
  void theFleetHasWhatTheMatrixNeeds() {
    int hosts =
        fleet.spec.organisations().stream()
            .flatMap(o -> o.services().stream())
            .mapToInt(s -> s.shards() * s.replicas())
            .sum();
    assertThat(allClickHouse()).hasSize(hosts).hasSizeGreaterThan(10);
    assertThat(fleet.coordinators.get("initech/reports")).as("a Keeper service").hasSize(3);
    assertThat(fleet.coordinators.get("acme/events")).as("a ZooKeeper service").hasSize(3);
    assertThat(allClickHouse()).allMatch(p -> p.mesh() == Reachability.Mesh.AMBIENT);
    assertThat(fleet.operator.mesh()).isEqualTo(Reachability.Mesh.AMBIENT);
  }

  @Test
  void theOperatorReachesEveryClickHouseHostOnHttpAndNative() {
    assertThat(
            failures(
                fleet.operator,
                allClickHouse(),
                List.of(Ports.CLICKHOUSE_HTTP, Ports.CLICKHOUSE_NATIVE),
                true))
        .isEmpty();
    assertThat(
            failures(
                fleet.operator,
                allClickHouse(),
                List.of(Ports.CLICKHOUSE_INTERSERVER, Ports.CLICKHOUSE_NATIVE_TLS),
                false))
        .isEmpty();
    assertThat(failures(fleet.operator, allCoordinators(), ALL_PORTS, false)).isEmpty();
  }

  @Test
  void theGatewayReachesClickHouseOnTheTlsPortsOnlyAndNeverACoordinator() {
    assertThat(
            failures(
                fleet.gateway,
                allClickHouse(),
                List.of(Ports.CLICKHOUSE_NATIVE_TLS, Ports.CLICKHOUSE_HTTPS),
                true))
        .isEmpty();
    assertThat(
            failures(
                fleet.gateway,
                allClickHouse(),
                List.of(
                    Ports.CLICKHOUSE_HTTP,
                    Ports.CLICKHOUSE_NATIVE,
                    Ports.CLICKHOUSE_INTERSERVER,
                    Ports.CLICKHOUSE_METRICS),
                false))
        .isEmpty();
    assertThat(failures(fleet.gateway, allCoordinators(), ALL_PORTS, false)).isEmpty();
  }

  @Test
  void oneOrganisationReachesNothingOfAnotherOnAnyPort() {
    List<String> out = new ArrayList<>();
    for (OrganisationSpec a : fleet.spec.organisations()) {
      List<Workload> sources = new ArrayList<>();
      sources.add(fleet.jobs.get(a.name()));
      for (ServiceSpec s : a.services()) {
        sources.addAll(fleet.clickHouse.get(a.name() + "/" + s.name()));
        sources.addAll(fleet.coordinators.get(a.name() + "/" + s.name()));
      }
      for (OrganisationSpec b : fleet.spec.organisations()) {
        if (a.equals(b)) {
          continue;
        }
        List<Workload> targets = new ArrayList<>();
        targets.add(fleet.jobs.get(b.name()));
        for (ServiceSpec s : b.services()) {
          targets.addAll(fleet.clickHouse.get(b.name() + "/" + s.name()));
          targets.addAll(fleet.coordinators.get(b.name() + "/" + s.name()));
        }
        for (Workload from : sources) {
          out.addAll(failures(from, targets, ALL_PORTS, false));
        }
      }
    }
    assertThat(out).isEmpty();
  }

  @Test
  void coordinatorPortsStayInsideTheirService() {
    List<Workload> events = fleet.coordinators.get("acme/events");
    List<Workload> scratch = fleet.coordinators.get("acme/scratch");
    for (Workload peer : events) {
      assertThat(
              failures(
                  peer,
                  events.stream().filter(p -> p != peer).toList(),
                  List.of(Ports.ZOOKEEPER_PEER, Ports.ZOOKEEPER_ELECTION, Ports.ZOOKEEPER_CLIENT),
                  true))
          .isEmpty();
      assertThat(
              failures(
                  peer,
                  scratch,
                  List.of(Ports.ZOOKEEPER_PEER, Ports.ZOOKEEPER_ELECTION, Ports.ZOOKEEPER_CLIENT),
                  false))
          .as("another service's ensemble")
          .isEmpty();
    }
    // The service's ClickHouse uses its own ensemble, not a neighbour's.
    for (Workload ch : fleet.clickHouse.get("acme/events")) {
      assertThat(failures(ch, events, List.of(Ports.ZOOKEEPER_CLIENT), true)).isEmpty();
      assertThat(failures(ch, scratch, List.of(Ports.ZOOKEEPER_CLIENT), false)).isEmpty();
    }
    // The same for Keeper: its Raft port between its members.
    List<Workload> keeper = fleet.coordinators.get("initech/reports");
    assertThat(failures(keeper.get(0), keeper.subList(1, 3), List.of(Ports.KEEPER_RAFT), true))
        .isEmpty();
    assertThat(
            failures(
                fleet.jobs.get("initech"),
                keeper,
                List.of(Ports.KEEPER_RAFT, Ports.KEEPER_CLIENT),
                false))
        .as("a job is not a member")
        .isEmpty();
  }

  @Test
  void replicasAndShardsOfAServiceTalkOnInterserverAndNative() {
    List<Workload> clicks = fleet.clickHouse.get("globex/clicks");
    for (Workload a : clicks) {
      assertThat(
              failures(
                  a,
                  clicks.stream().filter(p -> p != a).toList(),
                  List.of(Ports.CLICKHOUSE_INTERSERVER, Ports.CLICKHOUSE_NATIVE),
                  true))
          .isEmpty();
    }
  }

  @Test
  void monitoringScrapesMetricsPortsAndNothingElse() {
    assertThat(failures(fleet.prometheus, allClickHouse(), List.of(Ports.CLICKHOUSE_METRICS), true))
        .isEmpty();
    assertThat(
            failures(
                fleet.prometheus,
                fleet.coordinators.get("acme/events"),
                List.of(Ports.ZOOKEEPER_METRICS),
                true))
        .isEmpty();
    assertThat(
            failures(
                fleet.prometheus,
                allClickHouse(),
                List.of(Ports.CLICKHOUSE_HTTP, Ports.CLICKHOUSE_NATIVE),
                false))
        .isEmpty();
    assertThat(
            failures(
                fleet.prometheus,
                fleet.coordinators.get("acme/events"),
                List.of(Ports.ZOOKEEPER_CLIENT),
                false))
        .isEmpty();
  }

  @Test
  void anOrganisationsJobsReachItsClickHouseAndHttpsOutside() {
    Workload job = fleet.jobs.get("acme");
    assertThat(
            failures(
                job,
                fleet.clickHouse.get("acme/events"),
                List.of(Ports.CLICKHOUSE_HTTP, Ports.CLICKHOUSE_NATIVE),
                true))
        .isEmpty();
    assertThat(reach.toAddress(job, "52.218.0.10", 443).allowed()).as("S3, STS").isTrue();
    assertThat(reach.toAddress(job, "52.218.0.10", 80).allowed()).isFalse();
    assertThat(reach.toAddress(job, "52.218.0.10", 22).allowed()).isFalse();
  }

  @Test
  void theAllowListRefusesOtherClientsForItsServiceOnly() {
    String events = Naming.host("events", "acme", fleet.spec.domain());
    String scratch = Naming.host("scratch", "acme", fleet.spec.domain());
    Map<String, Boolean> expected =
        Map.of(
            "203.0.113.9", true, "198.51.100.17", true, "198.51.100.18", false, "192.0.2.1", false);
    for (int port : List.of(Ports.CLICKHOUSE_NATIVE_TLS, Ports.CLICKHOUSE_HTTPS)) {
      expected.forEach(
          (client, allowed) ->
              assertThat(reach.fromInternet(client, fleet.gateway, port, events).allowed())
                  .as(client + " -> " + events + ":" + port)
                  .isEqualTo(allowed));
      assertThat(reach.fromInternet("192.0.2.1", fleet.gateway, port, scratch).allowed())
          .as("a service without a list is open")
          .isTrue();
      // Envoy routes by server name case-insensitively (envoyproxy/envoy#14793); Istio's
      // connection.sni match is exact: another spelling of a listed service's name is refused
      // whatever the client's address, so it cannot reach the service past its allow-list.
      for (String client : List.of("192.0.2.1", "203.0.113.9")) {
        assertThat(
                reach
                    .fromInternet(client, fleet.gateway, port, events.toUpperCase(Locale.ROOT))
                    .allowed())
            .as(client + " -> " + events.toUpperCase(Locale.ROOT) + ":" + port)
            .isFalse();
      }
      assertThat(
              reach
                  .fromInternet(
                      "192.0.2.1", fleet.gateway, port, "Scratch.acme." + fleet.spec.domain())
                  .allowed())
          .isFalse();
    }
  }
}
