package io.clickplane.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The users a service's installation defines in {@code users.xml} (the operator writes them to
 * {@code users.d/chop-generated-users.xml}; passwords reach the pod as environment variables from
 * the service's credentials Secret, never through Git or a ConfigMap):
 *
 * <ul>
 *   <li>{@code admin}, the platform's administrator: every privilege and access management; the
 *       databases Job and the backups connect as it. Its password stays with the platform, and it
 *       logs in only from loopback and the service's own pods ({@link AdminClients}), never through
 *       the ingress gateway.
 *   <li>{@code owner}, the customer's administrator (the account the customer receives): the {@link
 *       #customerGrants customer privileges} on each declared database with grant option, plus
 *       management of users, roles, row policies and quotas; no {@code CREATE DATABASE}, nothing in
 *       {@code default}, no settings profiles (the replication settings are constraints of the
 *       {@code default} profile every user gets, see {@link ServerConfigFiles}).
 *   <li>{@code default}: passwordless, reachable from the pod itself only (loopback), reads {@code
 *       system.one} only.
 * </ul>
 */
final class ServiceUsers {
  /** Privileges a customer holds on each declared database. */
  static final String CUSTOMER_DATABASE_PRIVILEGES =
      "SELECT, INSERT, ALTER, CREATE TABLE, CREATE VIEW, CREATE DICTIONARY, DROP TABLE, DROP VIEW,"
          + " DROP DICTIONARY, TRUNCATE, OPTIMIZE, SHOW TABLES, SHOW COLUMNS, SHOW DICTIONARIES,"
          + " dictGet";

  /** Access management the customer's administrator holds (on users and roles it creates). */
  static final String CUSTOMER_ACCESS_MANAGEMENT =
      "CREATE USER, ALTER USER, DROP USER, CREATE ROLE, ALTER ROLE, DROP ROLE, ROLE ADMIN,"
          + " CREATE ROW POLICY, ALTER ROW POLICY, DROP ROW POLICY, CREATE QUOTA, ALTER QUOTA,"
          + " DROP QUOTA, SHOW USERS, SHOW ROLES, SHOW ROW POLICIES, SHOW QUOTAS";

  private ServiceUsers() {}

  /** The {@code configuration.users} section of the installation. */
  static Map<String, Object> of(ServiceContext ctx) {
    String admin = ClickHouseDefaults.ADMIN_USER;
    String owner = ClickHouseDefaults.OWNER_USER;
    Map<String, Object> users = new TreeMap<>();
    // valueFrom/secretKeyRef: the operator passes the key to the pod as an environment variable and
    // writes from_env in users.xml.
    users.put(admin + "/password", secretKey(ctx, ClickHouseDefaults.ADMIN_PASSWORD_KEY));
    users.put(admin + "/networks/ip", List.of("127.0.0.1", "::1"));
    users.put(admin + "/networks/host_regexp", AdminClients.hostRegexp(ctx));
    users.put(admin + "/profile", "default");
    users.put(admin + "/quota", "default");
    users.put(admin + "/access_management", 1);
    users.put(admin + "/named_collection_control", 1);
    users.put(admin + "/show_named_collections", 1);
    users.put(admin + "/show_named_collections_secrets", 1);

    users.put(owner + "/password", secretKey(ctx, ClickHouseDefaults.OWNER_PASSWORD_KEY));
    users.put(owner + "/networks/ip", List.of("::/0"));
    users.put(owner + "/profile", "default");
    users.put(owner + "/quota", "default");
    users.put(owner + "/grants/query", customerGrants(ctx.service().databases()));

    users.put("default/networks/ip", List.of("127.0.0.1", "::1"));
    users.put("default/profile", "default");
    users.put("default/quota", "default");
    users.put("default/grants/query", List.of("GRANT SELECT ON system.one"));
    return users;
  }

  /** The grants of the customer's administrator over {@code databases}. */
  static List<String> customerGrants(List<String> databases) {
    List<String> grants = new ArrayList<>();
    grants.add("GRANT " + CUSTOMER_ACCESS_MANAGEMENT + " ON *.*");
    for (String database : databases) {
      grants.add(
          "GRANT " + CUSTOMER_DATABASE_PRIVILEGES + " ON " + database + ".* WITH GRANT OPTION");
    }
    return grants;
  }

  private static Map<String, Object> secretKey(ServiceContext ctx, String key) {
    return Map.of(
        "valueFrom",
        Map.of(
            "secretKeyRef",
            Map.of("name", ClickHouseDefaults.credentialsSecret(ctx.name()), "key", key)));
  }
}
