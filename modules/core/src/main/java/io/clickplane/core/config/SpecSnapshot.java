package io.clickplane.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.clickplane.core.config.section.OrganisationsBinder;
import io.clickplane.core.manifest.Yaml;
import io.clickplane.core.spec.OrganisationSpec;
import io.clickplane.core.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The snapshot of a published spec, split so that a change rewrites only what it touches:
 *
 * <ul>
 *   <li>{@code .clickplane/<env>/spec.yaml}: the platform-level spec, canonical ({@link
 *       CanonicalSpec}) with no organisations;
 *   <li>{@code .clickplane/<env>/organisations.yaml}: the organisation names in stack-file order;
 *   <li>{@code .clickplane/<env>/organisations/<org>.yaml}: one organisation and its services, in
 *       the same canonical form.
 * </ul>
 *
 * <p>{@link #read} reassembles a spec equal to the one written. A snapshot without the index file
 * is the older single-file form, where {@code spec.yaml} holds the organisations too.
 */
public final class SpecSnapshot {
  private static final String HEADER =
      "# Canonical clickplane spec snapshot: every default written out. Generated; do not edit.\n";

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private SpecSnapshot() {}

  /** The platform-level file (also the path of the older single-file snapshot). */
  public static String platformPath(String environment) {
    return CanonicalSpec.snapshotPath(environment);
  }

  /** The file listing the organisations in order. */
  public static String indexPath(String environment) {
    return ".clickplane/" + environment + "/organisations.yaml";
  }

  /** The file of one organisation. */
  public static String organisationPath(String environment, String organisation) {
    return ".clickplane/" + environment + "/organisations/" + organisation + ".yaml";
  }

  /** Every file of the snapshot of {@code spec}: path → text. */
  public static Map<String, String> write(PlatformSpec spec) {
    String env = spec.environment();
    Map<String, String> files = new TreeMap<>();
    files.put(platformPath(env), CanonicalSpec.write(spec.withOrganisations(List.of())));
    List<String> names = new ArrayList<>();
    for (OrganisationSpec org : spec.organisations()) {
      names.add(org.name());
      files.put(organisationPath(env, org.name()), writeOrganisation(org));
    }
    files.put(indexPath(env), HEADER + Yaml.write(Map.of("organisations", names)));
    return files;
  }

  /** The canonical text of one organisation, as in its snapshot file. */
  public static String writeOrganisation(OrganisationSpec org) {
    return HEADER + Yaml.write(OrganisationsBinder.canonical(org));
  }

  /** The organisation names of an index file, in order. */
  public static List<String> organisationNames(String source, String indexText)
      throws InvalidConfigException {
    try {
      Map<String, List<String>> index =
          Yaml.mapper().readValue(indexText, new TypeReference<Map<String, List<String>>>() {});
      List<String> names = index == null ? null : index.get("organisations");
      if (names == null) {
        throw invalid(source, "organisations", "must be a list of organisation names");
      }
      return List.copyOf(names);
    } catch (JsonProcessingException e) {
      throw invalid(source, "organisations", "is not YAML: " + e.getOriginalMessage());
    }
  }

  /**
   * Reassembles a spec from its snapshot files.
   *
   * @param source names the snapshot in messages
   * @param platformText the text of {@link #platformPath}
   * @param names the organisations in order ({@link #organisationNames})
   * @param texts the text of each organisation's file, by name, for every organisation of {@code
   *     names} not in {@code known}
   * @param known organisations already known to equal their file (their file's bytes are {@link
   *     #writeOrganisation} of them); they are not parsed again
   * @throws InvalidConfigException when a file is missing or does not validate
   */
  public static PlatformSpec read(
      String source,
      String platformText,
      List<String> names,
      Map<String, String> texts,
      Map<String, OrganisationSpec> known)
      throws InvalidConfigException {
    Map<String, Object> document;
    try {
      document = Yaml.mapper().readValue(platformText, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw invalid(source, "config", "is not YAML: " + e.getOriginalMessage());
    }
    Object config = document == null ? null : document.get("config");
    if (!(config instanceof Map<?, ?> configMap)) {
      throw invalid(source, "config", "the platform snapshot has no 'config:' map");
    }
    List<Object> parsed = new ArrayList<>();
    for (String name : names) {
      if (known.containsKey(name)) {
        continue;
      }
      String text = texts.get(name);
      if (text == null) {
        throw invalid(source, "clickplane:organisations", "no snapshot file for " + name);
      }
      try {
        parsed.add(Yaml.mapper().readValue(text, new TypeReference<Map<String, Object>>() {}));
      } catch (JsonProcessingException e) {
        throw invalid(
            source, "clickplane:organisations", name + " is not YAML: " + e.getOriginalMessage());
      }
    }
    Map<Object, Object> merged = new LinkedHashMap<>(configMap);
    merged.put("clickplane:organisations", parsed);
    // Bound through the structured-values path (JSON text per key), which skips the line
    // tracking a stack file's parse does: the snapshot is machine-written.
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<Object, Object> e : merged.entrySet()) {
      Object value = e.getValue();
      if (value instanceof Map<?, ?> || value instanceof List<?>) {
        try {
          values.put(String.valueOf(e.getKey()), JSON.writeValueAsString(value));
        } catch (JsonProcessingException ex) {
          throw invalid(source, String.valueOf(e.getKey()), ex.getOriginalMessage());
        }
      } else if (value != null) {
        values.put(String.valueOf(e.getKey()), String.valueOf(value));
      }
    }
    // What was published is read as it was: the capacity model checks the new stack file, never
    // the snapshot (which may hold only some organisations, or predate a rule).
    PlatformSpec partial = SpecBinder.bind(ConfigDocument.fromValues(source, values), false);
    List<OrganisationSpec> orgs = new ArrayList<>();
    for (String name : names) {
      OrganisationSpec org = known.get(name);
      if (org == null) {
        org = partial.organisation(name).orElse(null);
      }
      if (org == null || !org.name().equals(name)) {
        throw invalid(
            source,
            "clickplane:organisations",
            "the snapshot file of " + name + " names another organisation");
      }
      orgs.add(org);
    }
    return partial.withOrganisations(orgs);
  }

  /** Where a snapshot's files are read from. */
  @FunctionalInterface
  public interface Files {
    /** The text of the file at {@code path} (a path of the tree), or null when there is none. */
    String text(String path) throws java.io.IOException;
  }

  /**
   * Reads the snapshot of {@code environment} from {@code files}: the split form, or the older
   * single file. Empty when there is no snapshot.
   *
   * @param known organisations already known to equal their snapshot file, not parsed again
   */
  public static java.util.Optional<PlatformSpec> read(
      String source, String environment, Files files, Map<String, OrganisationSpec> known)
      throws InvalidConfigException, java.io.IOException {
    String platform = files.text(platformPath(environment));
    if (platform == null) {
      return java.util.Optional.empty();
    }
    String index = files.text(indexPath(environment));
    if (index == null) {
      return java.util.Optional.of(
          SpecBinder.bind(
              ConfigDocument.parseYaml(source + platformPath(environment), platform), false));
    }
    List<String> names = organisationNames(source + indexPath(environment), index);
    Map<String, String> texts = new TreeMap<>();
    for (String name : names) {
      if (!known.containsKey(name)) {
        String text = files.text(organisationPath(environment, name));
        if (text != null) {
          texts.put(name, text);
        }
      }
    }
    return java.util.Optional.of(
        read(source + ".clickplane/" + environment, platform, names, texts, known));
  }

  private static InvalidConfigException invalid(String source, String path, String message) {
    return new InvalidConfigException(List.of(new ConfigProblem(source, 0, path, message)));
  }
}
