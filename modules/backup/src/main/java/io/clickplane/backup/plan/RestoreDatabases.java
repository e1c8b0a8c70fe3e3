package io.clickplane.backup.plan;

import io.clickplane.backup.drill.FigureStatements;
import io.clickplane.core.naming.Naming;

/**
 * What a restore without {@code ON CLUSTER} needs first on a service of more than one server, whose
 * restore runs on one server (a root-layout backup) or on one server per shard (a per-shard one):
 * every database of the backup must exist on every server before the restore creates tables in it.
 * A database the restore itself created would exist only on the server that ran it.
 *
 * <p>So the restore Job first creates, {@code ON CLUSTER}, every database the backup holds and the
 * service lacks, with the engine the platform gives every database ({@code Replicated}, one
 * ZooKeeper path per database for all servers, as the databases Job creates the declared ones); the
 * restore then keeps that definition ({@code allow_different_database_def}), and its tables,
 * created on one server, reach every server through the database. Before a later shard's restore,
 * that shard's server is made to catch up with the tables shard 1's restore created.
 */
public final class RestoreDatabases {
  private RestoreDatabases() {}

  /**
   * The {@code CREATE DATABASE IF NOT EXISTS ... ON CLUSTER} statements, one per line, of every
   * database the descriptors under {@code descriptorGlob} (the key of a backup's {@code .backup},
   * or a glob over its shards' ones) list, except the system databases.
   */
  public static String createAll(S3Target target, String descriptorGlob) {
    String path =
        Naming.REPLICATED_DATABASE_PATH.substring(0, Naming.REPLICATED_DATABASE_PATH.indexOf("%s"));
    return "SELECT concat('CREATE DATABASE IF NOT EXISTS ', "
        + FigureStatements.identifier("db")
        + ", ' ON CLUSTER ', "
        + Sql.literal(Sql.literal(Naming.CLUSTER))
        + ", ' ENGINE = Replicated(', "
        + FigureStatements.quoted("concat(" + Sql.literal(path) + ", db)")
        + ", ', ''{shard}'', ''{replica}'')') FROM ("
        + FigureStatements.databases(target, descriptorGlob)
        + ") ORDER BY db FORMAT TSVRaw";
  }

  /**
   * The {@code SYSTEM SYNC DATABASE REPLICA} statements, one per line, of every {@code Replicated}
   * database of the server this runs on: each waits until the server has applied every change of
   * its database's log.
   */
  public static String syncAll() {
    return "SELECT concat('SYSTEM SYNC DATABASE REPLICA ', "
        + FigureStatements.identifier("name")
        + ") FROM system.databases"
        + " WHERE engine = 'Replicated' ORDER BY name FORMAT TSVRaw";
  }
}
