package io.clickplane.core.naming;

import io.clickplane.core.spec.PlatformSpec;

/**
 * Names the Pulumi program (which generates the credentials in AWS Secrets Manager and the IAM role
 * that reads them) and the renderer (whose External Secrets objects copy them into Kubernetes) must
 * agree on.
 *
 * <p>Secrets Manager names: {@code clickplane/<env>/tenants/<org>/<service>/clickhouse} per
 * service, {@code clickplane/<env>/platform/clickhouse-operator} for the operator's own account. An
 * organisation's role may read {@code clickplane/<env>/tenants/<org>/*} only: the trailing slash
 * keeps {@code acme} from matching {@code acme-eu}.
 */
public final class SecretNames {
  private SecretNames() {}

  /** ServiceAccount in each organisation's namespace whose IRSA role reads its secrets. */
  public static final String STORE_SERVICE_ACCOUNT = "clickplane-secrets";

  /** Name of each organisation's SecretStore. */
  public static final String STORE = "clickplane-secrets-manager";

  /** Keys of a service's credentials (JSON properties in Secrets Manager, keys in Kubernetes). */
  public static final String ADMIN_PASSWORD_KEY = "admin-password";

  public static final String OWNER_PASSWORD_KEY = "owner-password";
  public static final String INTERSERVER_SECRET_KEY = "interserver-secret";

  /** Keys of the operator's credentials, as the operator reads its Secret. */
  public static final String OPERATOR_USERNAME_KEY = "username";

  public static final String OPERATOR_PASSWORD_KEY = "password";

  /** The operator's ClickHouse user (the name its chart uses). */
  public static final String OPERATOR_USER = "clickhouse_operator";

  /** Kubernetes Secret in the operator's namespace holding its ClickHouse credentials. */
  public static final String OPERATOR_SECRET = "clickhouse-operator-credentials";

  /** Prefix of an organisation's secrets, ending with a slash. */
  public static String organisationPrefix(PlatformSpec spec, String organisation) {
    return "clickplane/" + spec.environment() + "/tenants/" + organisation + "/";
  }

  /** Secrets Manager name of a service's credentials. */
  public static String service(PlatformSpec spec, String organisation, String service) {
    return organisationPrefix(spec, organisation) + service + "/clickhouse";
  }

  /**
   * Secrets Manager name of the operator's credentials: one operator per cluster, so one cell's is
   * {@code clickplane/<env>/platform/<cell>/clickhouse-operator} (but for an adopted cluster's, see
   * {@link Naming#keepsEnvironmentNames}).
   */
  public static String operator(PlatformSpec spec) {
    return "clickplane/"
        + spec.environment()
        + "/platform/"
        + (Naming.keepsEnvironmentNames(spec) ? "" : spec.cellName() + "/")
        + "clickhouse-operator";
  }

  /** IAM role an organisation's SecretStore assumes. */
  public static String organisationRole(PlatformSpec spec, String organisation) {
    return Naming.organisationGlobalName(spec, organisation, "secrets");
  }

  /** The role's ARN as rendered into Git (the account id is a Flux variable, see Naming). */
  public static String organisationRoleArnReference(PlatformSpec spec, String organisation) {
    return "arn:aws:iam::${"
        + Naming.AWS_ACCOUNT_ID_VARIABLE
        + "}:role/"
        + organisationRole(spec, organisation);
  }
}
