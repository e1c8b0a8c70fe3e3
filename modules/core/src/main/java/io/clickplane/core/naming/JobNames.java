package io.clickplane.core.naming;

import io.clickplane.core.manifest.Yaml;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the one-shot Jobs the platform renders. Kubernetes refuses any change to a Job's pod
 * template (kubernetes/kubernetes, pkg/apis/batch/validation/validation.go, {@code
 * ValidateJobSpecUpdate}: {@code spec.template} is immutable), and Flux applies without {@code
 * force}: a Job whose template changed under the same name would stop the organisation's reconcile.
 * So a Job's name ends with a hash of its whole pod template; any change (an image of a new
 * version, another database list) is a new Job, and Flux prunes the old one.
 *
 * <p>Kubernetes copies a Job's name into its pods' {@code batch.kubernetes.io/job-name} label, so
 * the name must fit a label value: {@link #LIMIT} characters ({@link NameBudgets} checks it).
 */
public final class JobNames {
  /** Longest Job name Kubernetes accepts (a label value). */
  public static final int LIMIT = 63;

  /**
   * Longest CronJob name: the CronJob controller names each run's Job {@code <name>-<11 digits>},
   * which must fit {@link #LIMIT} (kubernetes/kubernetes, pkg/apis/batch/validation: 52).
   */
  public static final int CRON_JOB_LIMIT = 52;

  /** Hex digits of the template hash in a Job's name. */
  public static final int HASH_LENGTH = 8;

  private JobNames() {}

  /** {@code clickhouse-<service>-db-<hash>}: the Job that creates a service's databases. */
  public static String databases(String service, Object podTemplate) {
    return databasesPrefix(service) + hash(podTemplate);
  }

  /** {@code restore-<service>-<hash>}: the Job that restores a new service from a backup. */
  public static String restore(String service, Object podTemplate) {
    return restorePrefix(service) + hash(podTemplate);
  }

  /** {@code backup-<service>}: the service's backup CronJob and its scripts' ConfigMap. */
  public static String backupCronJob(String service) {
    return "backup-" + service;
  }

  /** The longest name {@link #databases} gives for {@code service}. */
  public static String longestDatabases(String service) {
    return databasesPrefix(service) + "0".repeat(HASH_LENGTH);
  }

  /** The longest name {@link #restore} gives for {@code service}. */
  public static String longestRestore(String service) {
    return restorePrefix(service) + "0".repeat(HASH_LENGTH);
  }

  private static String databasesPrefix(String service) {
    return Naming.installationService(service) + "-db-";
  }

  private static String restorePrefix(String service) {
    return "restore-" + service + "-";
  }

  /** The first {@link #HASH_LENGTH} hex digits of the SHA-256 of the template's YAML. */
  static String hash(Object podTemplate) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Yaml.write(podTemplate).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
