package io.clickplane.stacks.cli;

import io.clickplane.core.config.GitUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The URL options of the command line that name a server ({@code --keycloak}, {@code --endpoint},
 * {@code --s3-endpoint}): an http(s) URL with a host and without a credential anywhere in it
 * (credentials come from the environment or a file, never from a command line that shells log).
 * What is printed about one is redacted.
 */
final class EndpointUrls {
  private EndpointUrls() {}

  /** Why {@code value} of {@code option} is refused, or empty. */
  static Optional<String> problem(String option, String value) {
    String shown = GitUrls.redact(value);
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      return Optional.of(
          option + " '" + shown + "': an http(s) URL with a host is required, e.g. https://host");
    }
    if (uri.getRawUserInfo() != null || GitUrls.credential(value).isPresent()) {
      return Optional.of(
          option
              + " '"
              + shown
              + "': must not hold a credential; give the credentials through the environment or"
              + " a credentials file (see --help)");
    }
    return Optional.empty();
  }
}
