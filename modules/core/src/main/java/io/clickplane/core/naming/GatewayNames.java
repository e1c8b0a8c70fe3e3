package io.clickplane.core.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the per-service objects in the shared gateway namespace ({@link
 * Namespaces#ISTIO_INGRESS}), where every organisation's objects meet: the dedicated load
 * balancer's Service and the allow-list policy. {@link DerivedNames} checks in validation that no
 * two services of the fleet derive the same one.
 */
public final class GatewayNames {
  private GatewayNames() {}

  /** The dedicated NLB's Service: {@code nlb-<org>-<service>}, fitted to a DNS label. */
  public static String dedicatedLoadBalancer(String organisation, String service) {
    return label("nlb-" + organisation + "-" + service);
  }

  /** The service's allow-list policy: {@code allow-list-<org>-<service>}, fitted to a label. */
  public static String allowList(String organisation, String service) {
    return label("allow-list-" + organisation + "-" + service);
  }

  /**
   * {@code name} if it is a valid DNS label length (63), else its first 54 characters, a hyphen and
   * 8 hex digits of its SHA-256: stable, and unique unless the hashes collide (which validation
   * would report).
   */
  public static String label(String name) {
    if (name.length() <= NameBudgets.LABEL) {
      return name;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      String hex = HexFormat.of().formatHex(digest).substring(0, 8);
      String head = name.substring(0, 54);
      while (head.endsWith("-")) {
        head = head.substring(0, head.length() - 1);
      }
      return head + "-" + hex;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
