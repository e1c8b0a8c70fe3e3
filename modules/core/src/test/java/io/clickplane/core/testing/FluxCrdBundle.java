package io.clickplane.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Flux release the CRDs in {@code ../shared/crds/flux} come from, as their {@code SOURCE.md}
 * states it ("the controller versions shipped by **Flux vX.Y.Z**").
 */
public final class FluxCrdBundle {
  private static final Pattern SHIPPED_BY =
      Pattern.compile("shipped by \\*\\*Flux (v[0-9.]+)\\*\\*");

  private FluxCrdBundle() {}

  /** The Flux version of the bundle, such as {@code v2.9.4}. */
  public static String fluxVersion() {
    Path source = Repo.shared().resolve("crds/flux/SOURCE.md");
    String text;
    try {
      text = Files.readString(source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    Matcher m = SHIPPED_BY.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException(source + " does not say which Flux release it comes from");
    }
    return m.group(1);
  }
}
