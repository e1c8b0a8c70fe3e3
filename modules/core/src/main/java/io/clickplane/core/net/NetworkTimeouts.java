package io.clickplane.core.net;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a command waits on a server: to connect, for each answer (a read), and for a whole call
 * with its retries. Every network client of the command line (Keycloak's admin API, S3, the Git
 * transport, GitHub's API) is built with these, so a server that accepts a connection and never
 * answers ends in a message naming it instead of a hang.
 */
public record NetworkTimeouts(Duration connect, Duration read, Duration call) {
  /** What the command line uses. */
  public static final NetworkTimeouts DEFAULT =
      new NetworkTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));

  public NetworkTimeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(call, "call");
  }

  /** "30 s": a read's bound, for messages. */
  public String readText() {
    return seconds(read);
  }

  /** "60 s": a whole call's bound, for messages. */
  public String callText() {
    return seconds(call);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
