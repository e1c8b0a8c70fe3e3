package io.clickplane.backup.render;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * The security contexts of the backup, restore, prune and drill pods: Pod Security restricted, as
 * the clickhouse user of the ClickHouse image, with a read-only root file system.
 */
public final class JobSecurity {
  /** UID and GID of the clickhouse user in the ClickHouse image. */
  public static final long CLICKHOUSE_UID = 101L;

  private JobSecurity() {}

  /** The pod's: non-root as the clickhouse user, the runtime's default seccomp profile. */
  public static PodSecurityContext pod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(CLICKHOUSE_UID)
        .withRunAsGroup(CLICKHOUSE_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** Each container's: no privilege escalation, a read-only root, every capability dropped. */
  public static SecurityContext container() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }
}
