package io.clickplane.stacks.cli;

import io.clickplane.core.config.ConfigDocument;
import io.clickplane.core.guard.Refusal;
import io.clickplane.core.release.EndOfSupport;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Prints refused changes as {@code FILE:LINE: ...}: the line of the refused service's entry in the
 * stack file (the organisation's, for a change of a whole organisation), or of its {@code version}
 * for a line past its end of support (then with that key path too).
 */
final class RefusalReport {
  private RefusalReport() {}

  static void print(Path file, PlatformSpec next, List<Refusal> refusals, PrintWriter err) {
    Optional<ConfigDocument> doc = read(file);
    for (Refusal r : refusals) {
      Optional<String> service = servicePath(next, r);
      boolean version = EndOfSupport.isEndOfSupport(r);
      Optional<String> path = service.map(p -> version ? p + ".version" : p);
      int line = doc.flatMap(d -> path.map(d::line)).orElse(0);
      err.println(
          file
              + (line > 0 ? ":" + line : "")
              + ": "
              + (version && path.isPresent() ? path.get() + ": " : "")
              + r);
    }
  }

  private static Optional<ConfigDocument> read(Path file) {
    try {
      return Optional.of(
          ConfigDocument.parseYaml(
              file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the refusal is still reported, without its line
    }
  }

  private static Optional<String> servicePath(PlatformSpec spec, Refusal r) {
    List<OrganisationSpec> orgs = spec.organisations();
    for (int o = 0; o < orgs.size(); o++) {
      if (!orgs.get(o).name().equals(r.organisation())) {
        continue;
      }
      if (r.service().isEmpty()) {
        return Optional.of("clickplane:organisations[" + o + "]");
      }
      for (int s = 0; s < orgs.get(o).services().size(); s++) {
        if (orgs.get(o).services().get(s).name().equals(r.service())) {
          return Optional.of("clickplane:organisations[" + o + "].services[" + s + "]");
        }
      }
    }
    return Optional.empty();
  }
}
