package io.clickplane.clickhouse;

import io.clickplane.core.capacity.PodResources;
import io.clickplane.core.naming.Naming;
import io.clickplane.core.naming.Ports;
import io.clickplane.core.naming.SecretNames;
import io.clickplane.core.spec.ClickHouseReleases;

/**
 * Fixed choices of the ClickHouse side that the stack file does not (yet) configure: images, ports,
 * mount paths, the names of the Secret a service's credentials live in, and the operator's own
 * naming conventions this module relies on. Kept here until core's {@code Naming} grows the names
 * (see docs/clickhouse.md, "Names").
 */
public final class ClickHouseDefaults {
  /** ClickHouse server image repository; the tag is pinned per release line. */
  public static final String CLICKHOUSE_IMAGE = ClickHouseReleases.SERVER_IMAGE;

  /** ClickHouse Keeper image repository; the tag is pinned per release line. */
  public static final String KEEPER_IMAGE = ClickHouseReleases.KEEPER_IMAGE;

  /** ZooKeeper image: the version the acceptance test runs the rendered {@code zoo.cfg} with. */
  public static final String ZOOKEEPER_IMAGE = "zookeeper:3.9.5";

  /** ClickHouse's user and group in the official images. */
  public static final long CLICKHOUSE_UID = 101;

  /** ZooKeeper's user and group in the official image. */
  public static final long ZOOKEEPER_UID = 1000;

  public static final int HTTP_PORT = Ports.CLICKHOUSE_HTTP;
  public static final int NATIVE_PORT = Ports.CLICKHOUSE_NATIVE;
  public static final int PROMETHEUS_PORT = Ports.CLICKHOUSE_METRICS;
  public static final int ZOOKEEPER_CLIENT_PORT = Ports.ZOOKEEPER_CLIENT;
  public static final int ZOOKEEPER_PEER_PORT = Ports.ZOOKEEPER_PEER;
  public static final int ZOOKEEPER_ELECTION_PORT = Ports.ZOOKEEPER_ELECTION;
  public static final int ZOOKEEPER_METRICS_PORT = Ports.ZOOKEEPER_METRICS;

  /** Mount path of data disk 0: ClickHouse's own data path, the {@code default} disk. */
  public static final String DATA_PATH = "/var/lib/clickhouse";

  /** Parent of the mount paths of data disks 1..n-1. */
  public static final String EXTRA_DISKS_PATH = "/var/lib/clickhouse-disks";

  /** Size of each ZooKeeper or Keeper node's volume. */
  public static final String COORDINATOR_VOLUME_SIZE = PodResources.COORDINATOR_VOLUME_SIZE;

  /** Name of the platform admin user: the only user allowed to create databases. */
  public static final String ADMIN_USER = "admin";

  /** Name of the customer's administrator: the account a customer receives (see ServiceUsers). */
  public static final String OWNER_USER = "owner";

  /** Key, in the service's credentials Secret, of the customer administrator's password. */
  public static final String OWNER_PASSWORD_KEY = SecretNames.OWNER_PASSWORD_KEY;

  /** Key, in the service's credentials Secret, of the admin password. */
  public static final String ADMIN_PASSWORD_KEY = SecretNames.ADMIN_PASSWORD_KEY;

  /** Key, in the service's credentials Secret, of the inter-server secret of the cluster. */
  public static final String INTERSERVER_SECRET_KEY = SecretNames.INTERSERVER_SECRET_KEY;

  /** The operator's label on every ClickHouse pod it runs, whatever the installation. */
  public static final String OPERATOR_APP_LABEL = "clickhouse.altinity.com/app";

  /** Value of {@link #OPERATOR_APP_LABEL}. */
  public static final String OPERATOR_APP_VALUE = "chop";

  /** The operator's label naming a pod's installation. */
  public static final String OPERATOR_CHI_LABEL = Naming.CLICKHOUSE_INSTALLATION_LABEL;

  /** The operator's label naming a pod's shard. */
  public static final String OPERATOR_SHARD_LABEL = "clickhouse.altinity.com/shard";

  /** The Keeper operator's label naming a pod's installation. */
  public static final String OPERATOR_CHK_LABEL = Naming.KEEPER_INSTALLATION_LABEL;

  private ClickHouseDefaults() {}

  /** The pinned server image of a release line ({@link ClickHouseReleases}). */
  public static String serverImage(String line) {
    return ClickHouseReleases.of(line).serverImage();
  }

  /** The pinned Keeper image of a release line. */
  public static String keeperImage(String line) {
    return ClickHouseReleases.of(line).keeperImage();
  }

  /**
   * The Secret in the organisation's namespace (written by the External Secrets Operator from AWS
   * Secrets Manager, see ExternalSecrets) holding {@link #ADMIN_PASSWORD_KEY} and {@link
   * #INTERSERVER_SECRET_KEY} for a service: {@code clickhouse-<service>-credentials}.
   */
  public static String credentialsSecret(String service) {
    return Naming.installationService(service) + "-credentials";
  }

  /** PodDisruptionBudget of one shard: {@code clickhouse-<service>-shard-<i>}. */
  public static String shardDisruptionBudget(String service, int shard) {
    return Naming.installationService(service) + "-shard-" + Naming.shard(shard);
  }

  /** Client Service the Keeper operator creates for a ClickHouseKeeperInstallation. */
  /** The headless Service naming the pods {@code admin} may log in from (see AdminClients). */
  public static String adminClientsService(String service) {
    return Naming.installationService(service) + "-admin-clients";
  }

  public static String keeperClientService(String service) {
    return "keeper-" + Naming.keeper(service);
  }

  /** Mount path of data disk {@code index} (1-based beyond the default disk 0). */
  public static String extraDiskPath(int index) {
    return EXTRA_DISKS_PATH + "/" + Naming.dataVolume(index) + "/";
  }
}
