package io.clickplane.core.config;

import java.util.Objects;

/**
 * One mistake in a stack configuration: where it is and what is allowed.
 *
 * @param source the file (as the user named it) or another source such as {@code pulumi config}
 * @param line 1-based line in the file, or 0 when the source has no lines
 * @param path key path, e.g. {@code clickplane:organisations[1].services[0].shards}
 * @param message what is wrong and what is allowed; a credential in a Git URL it quotes is replaced
 *     by {@value GitUrls#REDACTED}, so no report can print one
 */
public record ConfigProblem(String source, int line, String path, String message) {
  public ConfigProblem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(path, "path");
    message = GitUrls.redact(Objects.requireNonNull(message, "message"));
  }

  /** {@code file:line: path: message}, the form every error is reported in. */
  @Override
  public String toString() {
    return source + (line > 0 ? ":" + line : "") + ": " + path + ": " + message;
  }
}
