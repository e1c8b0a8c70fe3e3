package io.clickplane.core.naming;

/**
 * Ports that more than one module must agree on: the renderer opens them, the mesh and network
 * policies admit them, the scraper and the backup jobs connect to them.
 */
public final class Ports {
  private Ports() {}

  /** ClickHouse HTTP interface (the operator's and probes' port). */
  public static final int CLICKHOUSE_HTTP = 8123;

  /** ClickHouse native protocol (the operator's schema propagation, inter-shard queries). */
  public static final int CLICKHOUSE_NATIVE = 9000;

  /** ClickHouse native protocol over TLS: the public endpoint. */
  public static final int CLICKHOUSE_NATIVE_TLS = 9440;

  /** ClickHouse HTTPS: the public endpoint. */
  public static final int CLICKHOUSE_HTTPS = 8443;

  /** HTTPS that the ingress gateway terminates itself (Keycloak's {@code id.<domain>}). */
  public static final int GATEWAY_HTTPS = 443;

  /** ClickHouse interserver HTTP (replication fetches between replicas). */
  public static final int CLICKHOUSE_INTERSERVER = 9009;

  /** ClickHouse's Prometheus endpoint. */
  public static final int CLICKHOUSE_METRICS = 9363;

  public static final int ZOOKEEPER_CLIENT = 2181;
  public static final int ZOOKEEPER_PEER = 2888;
  public static final int ZOOKEEPER_ELECTION = 3888;

  /** ZooKeeper's Prometheus metrics provider. */
  public static final int ZOOKEEPER_METRICS = 7000;

  /**
   * Name of the ZooKeeper members' metrics container port (beside {@code tcp-client}, {@code
   * tcp-peer}, {@code tcp-election}): what their PodMonitor targets.
   */
  public static final String ZOOKEEPER_METRICS_PORT_NAME = "http-metrics";

  /** ZooKeeper's admin server (local commands such as ruok). */
  public static final int ZOOKEEPER_ADMIN = 8080;

  /**
   * ClickHouse Keeper's client port, as the Altinity operator sets it (Altinity/clickhouse-operator
   * release-0.25.6, pkg/apis/clickhouse.altinity.com/v1/type_host.go {@code KpDefaultZKPortNumber};
   * also {@code keeper_server/tcp_port} in the installation's settings).
   */
  public static final int KEEPER_CLIENT = 2181;

  /**
   * Name the operator gives Keeper's client container port ({@code KpDefaultZKPortName}, same
   * file).
   */
  public static final String KEEPER_CLIENT_PORT_NAME = "zk";

  /**
   * ClickHouse Keeper's Raft port: the operator's default ({@code KpDefaultRaftPortNumber} in
   * type_host.go, release-0.25.6), which its Keeper config generator writes into every member's
   * {@code raft_configuration} (pkg/model/chk/config/generator.go {@code getRaftConfig}); the
   * installation does not override it.
   */
  public static final int KEEPER_RAFT = 9444;

  /**
   * ClickHouse Keeper's Prometheus endpoint (the Keeper installation serves it on the ClickHouse
   * metrics port; the operator does not declare it as a container port).
   */
  public static final int KEEPER_METRICS = CLICKHOUSE_METRICS;

  /**
   * The Altinity operator's metrics exporter (container {@code metrics-exporter}, Service port
   * {@code ch-metrics}): ClickHouse metrics it collects from every installation over {@link
   * #CLICKHOUSE_HTTP}. Scraped in the operator's namespace.
   */
  public static final int OPERATOR_CLICKHOUSE_EXPORTER = 8888;

  /** The Altinity operator's own metrics (Service port {@code op-metrics}). */
  public static final int OPERATOR_METRICS = 9999;

  /**
   * cert-manager controller's Prometheus endpoint (its container port; the Service port's name
   * changed in 1.21).
   */
  public static final int CERT_MANAGER_METRICS = 9402;

  /**
   * Istio's HBONE port: ambient traffic between mesh pods arrives on it (NetworkPolicy sees this
   * port; the mesh's AuthorizationPolicy sees the application port).
   */
  public static final int HBONE = 15008;

  /** The Istio gateway's readiness endpoint ({@code /healthz/ready}), the NLB's health check. */
  public static final int ISTIO_GATEWAY_STATUS = 15021;

  /**
   * Every Prometheus endpoint of the tenants' workloads: what the monitoring namespace may reach.
   */
  public static final java.util.List<Integer> METRICS =
      java.util.List.of(CLICKHOUSE_METRICS, ZOOKEEPER_METRICS);
}
