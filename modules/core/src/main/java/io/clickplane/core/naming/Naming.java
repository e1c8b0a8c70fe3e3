package io.clickplane.core.naming;

import io.clickplane.core.flux.ClusterValues;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import io.clickplane.core.spec.ServiceSpec;

/**
 * The one place where every name the platform derives is computed: namespaces, Kubernetes object
 * names, the names the Altinity operator builds from them, buckets, IAM roles and host names.
 * Provisioning and rendering both call these, so rendering never waits on cloud outputs.
 *
 * <p>{@link NameBudgets} checks every result against the limit it must meet.
 */
public final class Naming {
  /**
   * Name of the single cluster inside every ClickHouseInstallation (the operator allows 15
   * characters).
   */
  public static final String CLUSTER = "main";

  /** The Altinity operator's limit on cluster and shard names. */
  public static final int OPERATOR_NAME_LIMIT = 15;

  /** Volume claim template holding ClickHouse server logs. */
  public static final String LOG_VOLUME = "logs";

  /**
   * ServiceAccount an organisation's ClickHouse pods run as, bound to its backup IAM role through
   * IRSA: BACKUP and RESTORE run inside the servers and reach the bucket as that role.
   */
  public static final String BACKUP_SERVICE_ACCOUNT = "clickhouse-backup";

  /**
   * ServiceAccount the backup and restore jobs of an organisation run as: no AWS role, they only
   * talk to ClickHouse (native port) in their namespace.
   */
  public static final String BACKUP_RUNNER_SERVICE_ACCOUNT = "clickhouse-backup-runner";

  /** ServiceAccount that an organisation's Flux Kustomization impersonates. */
  public static final String FLUX_SERVICE_ACCOUNT = "flux-reconciler";

  /** Label put on, and taint key put on, the nodes of the dedicated ClickHouse node group. */
  public static final String DEDICATED_NODE_LABEL = "clickplane.io/node-role";

  /** Value of {@link #DEDICATED_NODE_LABEL} on dedicated ClickHouse nodes. */
  public static final String DEDICATED_NODE_VALUE = "clickhouse";

  /** Label naming the environment on every object. */
  public static final String LABEL_ENVIRONMENT = "clickplane.io/environment";

  /** Label naming the organisation on every organisation-scoped object. */
  public static final String LABEL_ORGANISATION = "clickplane.io/organisation";

  /** Label naming the service on every service-scoped object. */
  public static final String LABEL_SERVICE = "clickplane.io/service";

  /**
   * Standard component label. The backup CronJob of every service carries it with {@link
   * #COMPONENT_BACKUP} next to the environment, organisation and service labels: the backup
   * freshness alerts find backup CronJobs by it.
   */
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";

  /** Value of {@link #LABEL_COMPONENT} on backup CronJobs and their Jobs. */
  public static final String COMPONENT_BACKUP = "backup";

  /**
   * Value of {@link #LABEL_COMPONENT} on restore drill CronJobs ({@code drill-<service>}) and their
   * Jobs: the drill alerts find them by it.
   */
  public static final String COMPONENT_BACKUP_DRILL = "backup-drill";

  /** Standard managed-by label and tag. */
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Value of {@link #LABEL_MANAGED_BY}. */
  public static final String MANAGED_BY = "clickplane";

  private Naming() {}

  /** Kubernetes namespace of an organisation: the organisation's name. */
  public static String namespace(String organisation) {
    return organisation;
  }

  /** Name of the service's ClickHouseInstallation: the service's name. */
  public static String installation(String service) {
    return service;
  }

  /** Name of shard {@code index} (0-based) as the operator names it. */
  public static String shard(int index) {
    return Integer.toString(index);
  }

  /** Name of replica {@code index} (0-based) as the operator names it. */
  public static String replica(int index) {
    return Integer.toString(index);
  }

  /** StatefulSet (and per-replica Service) the operator creates for one replica of one shard. */
  public static String replicaStatefulSet(String service, int shard, int replica) {
    return "chi-"
        + installation(service)
        + "-"
        + CLUSTER
        + "-"
        + shard(shard)
        + "-"
        + replica(replica);
  }

  /**
   * ZooKeeper path of a service's {@code Replicated} database {@code %s} (the database name): one
   * path for every server of every shard, so a table created on one server is created on all.
   */
  public static final String REPLICATED_DATABASE_PATH = "/clickhouse/databases/%s";

  /** Pod of a replica's StatefulSet. */
  public static String replicaPod(String service, int shard, int replica) {
    return replicaStatefulSet(service, shard, replica) + "-0";
  }

  /** Volume claim template of data disk {@code index} (0-based). */
  public static String dataVolume(int index) {
    return "data-" + index;
  }

  /** PersistentVolumeClaim the operator creates from a volume claim template for one replica. */
  public static String persistentVolumeClaim(
      String volume, String service, int shard, int replica) {
    return volume + "-" + replicaPod(service, shard, replica);
  }

  /** Service the operator creates as the installation's single in-cluster endpoint. */
  public static String installationService(String service) {
    return "clickhouse-" + installation(service);
  }

  /**
   * Secret holding the TLS certificate and key of a service's endpoint (written by cert-manager,
   * mounted by ClickHouse).
   */
  public static String certificateSecret(String service) {
    return installationService(service) + "-tls";
  }

  /** Label the Altinity operator puts on every ClickHouse pod, naming its installation. */
  public static final String CLICKHOUSE_INSTALLATION_LABEL = "clickhouse.altinity.com/chi";

  /** Label the Keeper operator puts on every Keeper pod, naming its installation. */
  public static final String KEEPER_INSTALLATION_LABEL = "clickhouse-keeper.altinity.com/chk";

  /** Label on a service's ZooKeeper pods (value: {@link #zookeeper}). */
  public static final String ZOOKEEPER_APP_LABEL = "app.kubernetes.io/name";

  /** StatefulSet (and base name) of the service's ZooKeeper ensemble. */
  public static String zookeeper(String service) {
    return "zk-" + service;
  }

  /** Headless Service of the ZooKeeper ensemble (peer and leader-election traffic). */
  public static String zookeeperHeadless(String service) {
    return zookeeper(service) + "-hs";
  }

  /** Client Service of the ZooKeeper ensemble. */
  public static String zookeeperClient(String service) {
    return zookeeper(service) + "-client";
  }

  /** Stable DNS name of ZooKeeper node {@code index} inside the namespace. */
  public static String zookeeperNodeHost(String organisation, String service, int index) {
    return zookeeper(service)
        + "-"
        + index
        + "."
        + zookeeperHeadless(service)
        + "."
        + namespace(organisation)
        + ".svc.cluster.local";
  }

  /** Name of the ClickHouseKeeperInstallation when a service uses Keeper. */
  public static String keeper(String service) {
    return "keeper-" + service;
  }

  /** Public host name of a service: {@code <service>.<org>.<domain>}. */
  public static String host(PlatformSpec spec, OrganisationSpec org, ServiceSpec service) {
    return host(service.name(), org.name(), spec.domain());
  }

  /** Public host name of a service: {@code <service>.<org>.<domain>}. */
  public static String host(String service, String organisation, String domain) {
    return service + "." + organisation + "." + domain;
  }

  /** Joins the parts of a global name when no part but the last variable one holds a '-'. */
  static final String SEPARATOR = "-";

  /**
   * Joins the parts of a global name when an earlier part holds a '-'; validation refuses it inside
   * every part ({@link io.clickplane.core.config.Rules#namePart}).
   */
  public static final String UNAMBIGUOUS_SEPARATOR = "--";

  /**
   * A name that is global in an AWS account (or, for buckets, in all of AWS), derived from the
   * bucket prefix, the environment and the organisation: {@code <prefix>-<env>-<org>-<suffix>}
   * while the prefix and the environment hold no '-' (the only form up to now, so existing names
   * stay), else {@code <prefix>--<env>--<org>--<suffix>}.
   *
   * <p>No two (prefix, environment, organisation) triples give the same name: no part contains "--"
   * and no part starts or ends with '-', so a name with "--" splits back into its parts; a name
   * without one has a prefix and an environment without '-', so its first two '-' are the
   * separators. Environment {@code dev} with organisation {@code eu-acme} and environment {@code
   * dev-eu} with organisation {@code acme} used to share a name; now the second is {@code
   * clickplane--dev-eu--acme--backup}.
   */
  public static String organisationGlobalName(
      PlatformSpec spec, String organisation, String suffix) {
    String sep =
        spec.bucketPrefix().contains("-") || spec.environment().contains("-")
            ? UNAMBIGUOUS_SEPARATOR
            : SEPARATOR;
    return spec.bucketPrefix() + sep + spec.environment() + sep + organisation + sep + suffix;
  }

  /** S3 bucket holding an organisation's backups (see {@link #organisationGlobalName}). */
  public static String backupBucket(PlatformSpec spec, String organisation) {
    return organisationGlobalName(spec, organisation, "backup");
  }

  /**
   * Key prefix of one service's backups inside its organisation's bucket: {@code <service>/}. Each
   * backup lives under {@code <service>/<backup-id>/} (ClickHouse's own files, every shard of an ON
   * CLUSTER backup included) next to the platform's manifest of it.
   */
  public static String backupPrefix(String service) {
    return service + "/";
  }

  /**
   * The virtual-hosted HTTPS endpoint of an organisation's backup bucket, as ClickHouse's {@code
   * S3(...)} backup engine and table function address it: {@code
   * https://<bucket>.s3.<region>.amazonaws.com/}.
   */
  public static String backupEndpoint(PlatformSpec spec, String organisation) {
    return "https://"
        + backupBucket(spec, organisation)
        + ".s3."
        + spec.region()
        + ".amazonaws.com/";
  }

  /**
   * Annotation through which EKS (IAM roles for service accounts) gives a ServiceAccount's pods an
   * IAM role: the webhook injects {@code AWS_ROLE_ARN} and {@code AWS_WEB_IDENTITY_TOKEN_FILE}.
   */
  public static final String IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

  /**
   * The Flux variable holding the AWS account id in rendered role ARNs: {@link
   * ClusterValues#AWS_ACCOUNT_ID}, under the name other modules' code uses.
   */
  public static final String AWS_ACCOUNT_ID_VARIABLE = ClusterValues.AWS_ACCOUNT_ID;

  /**
   * ARN of an organisation's backup role as rendered into Git: the account id is the Flux variable
   * {@link ClusterValues#AWS_ACCOUNT_ID} (rendering runs offline and never knows the account), the
   * role name the same rule Pulumi names the role with.
   */
  public static String backupRoleArnReference(PlatformSpec spec, String organisation) {
    return "arn:aws:iam::"
        + ClusterValues.reference(ClusterValues.AWS_ACCOUNT_ID)
        + ":role/"
        + backupRole(spec, organisation);
  }

  /**
   * IAM role that an organisation's backup ServiceAccount assumes (see {@link
   * #organisationGlobalName}).
   */
  public static String backupRole(PlatformSpec spec, String organisation) {
    return organisationGlobalName(spec, organisation, "backup");
  }

  /**
   * EKS cluster name: {@link #clusterPrefix}, {@code clickplane-<env>} without cells and {@code
   * clickplane-<env>--<cell>} for one cell.
   */
  public static String cluster(PlatformSpec spec) {
    return clusterPrefix(spec);
  }

  /**
   * Prefix of every AWS name that belongs to one cluster (its network, control plane, node roles,
   * controllers' roles, Karpenter's queue and rules): {@link #resourcePrefix} without cells, {@code
   * <resourcePrefix>--<cell>} for one cell of a stack with cells ({@code spec} is {@link
   * PlatformSpec#forCell}, or a stack listing one cell).
   *
   * <p>The cell that adopted the environment's cluster from before cells keeps the environment's
   * prefix ({@link #keepsEnvironmentNames}). Neither the environment nor a cell name holds "--"
   * (both are refused with it), so the first "--" after {@code clickplane-} ends the environment:
   * no cell's name equals a name of an environment without cells or of another environment's cell,
   * and two cells of one environment share a name only if one suffix the program uses were another
   * with a {@code <x>-} in front, which the program's tests rule out. {@link ClusterNames} checks
   * the longest names against AWS's limits.
   *
   * @throws IllegalStateException for a spec listing several cells: project one with forCell
   */
  public static String clusterPrefix(PlatformSpec spec) {
    return keepsEnvironmentNames(spec)
        ? resourcePrefix(spec)
        : resourcePrefix(spec) + UNAMBIGUOUS_SEPARATOR + spec.cellName();
  }

  /**
   * Whether one cluster's names are the environment's: without cells, and for the cell that adopted
   * the environment's cluster from before cells ({@link io.clickplane.core.spec.CellSpec#adopted}).
   *
   * @throws IllegalStateException for a spec listing several cells: project one with forCell
   */
  public static boolean keepsEnvironmentNames(PlatformSpec spec) {
    return spec.cellName().isEmpty() || spec.cells().get(0).adopted();
  }

  /**
   * IAM role of the nodes Karpenter launches; the EC2NodeClasses name it and Pulumi creates it with
   * its EKS access entry. One per cluster ({@link #clusterPrefix}).
   */
  public static String karpenterNodeRole(PlatformSpec spec) {
    return clusterPrefix(spec) + "-karpenter-nodes";
  }

  /**
   * Prefix of every AWS resource name of the environment; names that belong to one cluster use
   * {@link #clusterPrefix}, which is this one without cells.
   */
  public static String resourcePrefix(PlatformSpec spec) {
    return "clickplane-" + spec.environment();
  }
}
