package io.clickplane.gitops.publish;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Where the credentials for a Flux repository URL come from, first match wins:
 *
 * <ol>
 *   <li>{@code CLICKPLANE_GIT_USERNAME} and {@code CLICKPLANE_GIT_PASSWORD} (a password or token);
 *   <li>{@code CLICKPLANE_GIT_TOKEN} alone (sent as user {@code x-access-token}, as GitHub
 *       expects);
 *   <li>a git credentials file ({@code CLICKPLANE_GIT_CREDENTIALS}, else {@code
 *       ~/.git-credentials}), in git's {@code store} format: one {@code
 *       https://user:password@host[:port][/path]} per line, the line whose scheme, host, port and
 *       path prefix match the repository URL.
 * </ol>
 */
public final class GitCredentials {
  private GitCredentials() {}

  /** The credentials for {@code url}, or empty when none are configured. */
  public static Optional<CredentialsProvider> forUrl(String url, Map<String, String> env, Path home)
      throws IOException {
    String user = env.get("CLICKPLANE_GIT_USERNAME");
    String password = env.get("CLICKPLANE_GIT_PASSWORD");
    if (notBlank(user) && notBlank(password)) {
      return Optional.of(new UsernamePasswordCredentialsProvider(user, password));
    }
    String token = env.get("CLICKPLANE_GIT_TOKEN");
    if (notBlank(token)) {
      return Optional.of(new UsernamePasswordCredentialsProvider("x-access-token", token));
    }
    String file = env.get("CLICKPLANE_GIT_CREDENTIALS");
    Path store =
        notBlank(file) ? Path.of(file) : home == null ? null : home.resolve(".git-credentials");
    if (store == null || !Files.isRegularFile(store)) {
      return Optional.empty();
    }
    URI target = uri(url);
    if (target == null) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
      URI entry = uri(line.trim());
      if (entry == null || entry.getRawUserInfo() == null || !matches(entry, target)) {
        continue;
      }
      String[] info = entry.getRawUserInfo().split(":", 2);
      if (info.length == 2) {
        return Optional.of(
            new UsernamePasswordCredentialsProvider(decode(info[0]), decode(info[1])));
      }
    }
    return Optional.empty();
  }

  private static boolean matches(URI entry, URI target) {
    String entryPath = entry.getPath() == null ? "" : entry.getPath();
    return entry.getScheme().equalsIgnoreCase(target.getScheme())
        && entry.getHost().equalsIgnoreCase(target.getHost())
        && entry.getPort() == target.getPort()
        && (entryPath.isEmpty()
            || entryPath.equals("/")
            || (target.getPath() != null && target.getPath().startsWith(entryPath)));
  }

  private static URI uri(String text) {
    try {
      URI u = new URI(text);
      return u.getScheme() == null || u.getHost() == null ? null : u;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
