package io.clickplane.backup.render;

import io.clickplane.core.spec.ServiceSpec;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a backup or restore job reaches a service's ClickHouse: the client image (the server image of
 * the service's version, which carries {@code clickhouse-client}), the platform's admin user and
 * the Secret holding its password. The ClickHouse module owns these; the stack's composition passes
 * them in, so this module does not reach into it.
 *
 * @param image the image for a service
 * @param user the admin user
 * @param passwordSecret the Secret of a service (by service name) holding the admin password
 * @param passwordKey the key of the password in that Secret
 */
public record ClickHouseAccess(
    Function<ServiceSpec, String> image,
    String user,
    Function<String, String> passwordSecret,
    String passwordKey) {
  public ClickHouseAccess {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(passwordSecret, "passwordSecret");
    Objects.requireNonNull(passwordKey, "passwordKey");
  }
}
