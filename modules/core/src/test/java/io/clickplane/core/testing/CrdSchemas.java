package io.clickplane.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A strict validator of rendered custom resources against the upstream CRD schemas in {@code
 * ../shared/crds} (Altinity, Flux, Istio): the check the API server would make, made stricter.
 *
 * <p>The CRD is found by the resource's {@code apiVersion} group/version and {@code kind} across
 * every YAML file under the folder (multi-document files included). Its {@code openAPIV3Schema} is
 * validated as JSON Schema draft 4, after these changes:
 *
 * <ul>
 *   <li>unknown fields fail: every schema object with {@code properties} and neither {@code
 *       additionalProperties} nor {@code x-kubernetes-preserve-unknown-fields: true} gets {@code
 *       additionalProperties: false} (the API server would silently prune such fields);
 *   <li>{@code x-kubernetes-int-or-string} becomes "integer or string"; {@code nullable: true} adds
 *       {@code null} to the type;
 *   <li>types, enums, patterns, lengths, bounds and {@code required} are enforced as written; CEL
 *       rules ({@code x-kubernetes-validations}) and {@code format} are not checked.
 * </ul>
 *
 * <p>On top of the schema, {@code metadata} must hold only {@code name}, {@code namespace}, {@code
 * labels} and {@code annotations}; the name must be a DNS-1123 subdomain, the namespace a DNS-1123
 * label, label keys and values valid Kubernetes label syntax and annotations strings.
 *
 * <p>Shared by every module's tests: the CRDs are read once per folder and each schema is compiled
 * once.
 */
public final class CrdSchemas {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final Map<Path, CrdSchemas> LOADED = new ConcurrentHashMap<>();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().pathType(com.networknt.schema.PathType.JSON_PATH).build();

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Set<String> METADATA_FIELDS =
      Set.of("name", "namespace", "labels", "annotations");
  private static final Set<String> DROPPED_KEYWORDS =
      Set.of("nullable", "format", "example", "externalDocs");

  /** group/version/kind → strict schema document. */
  private final Map<String, JsonNode> schemas;

  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  private CrdSchemas(Map<String, JsonNode> schemas) {
    this.schemas = schemas;
  }

  /** The CRDs under {@code Repo.shared().resolve("crds")}. */
  public static CrdSchemas shared() {
    return load(Repo.shared().resolve("crds"));
  }

  /**
   * The CRDs in every {@code .yaml}/{@code .yml} file under {@code folder}, loaded once per folder.
   */
  public static CrdSchemas load(Path folder) {
    return LOADED.computeIfAbsent(folder.toAbsolutePath().normalize(), CrdSchemas::read);
  }

  /** True when a CRD defines {@code kind} at {@code apiVersion}. */
  public boolean knows(String apiVersion, String kind) {
    return schemas.containsKey(key(apiVersion, kind));
  }

  /** The {@code group/version/kind} keys of every CRD version found, sorted. */
  public Set<String> kinds() {
    return new java.util.TreeSet<>(schemas.keySet());
  }

  /**
   * Every problem of {@code resource} (one object, parsed from YAML or JSON), each as {@code
   * Kind/name: $.path: message}; empty when it validates.
   */
  public List<String> problems(JsonNode resource) {
    List<String> out = new ArrayList<>();
    String apiVersion = resource.path("apiVersion").asText("");
    String kind = resource.path("kind").asText("");
    String label = kind + "/" + resource.path("metadata").path("name").asText("?");
    String key = key(apiVersion, kind);
    JsonNode schema = schemas.get(key);
    if (schema == null) {
      out.add(label + ": no CRD defines apiVersion " + apiVersion + " kind " + kind);
      return out;
    }
    checkMetadata(resource.path("metadata"), label, out);
    JsonSchema validator =
        compiled.computeIfAbsent(key, k -> FACTORY.getSchema(schemas.get(k), CONFIG));
    List<String> messages = new ArrayList<>();
    for (ValidationMessage m : validator.validate(resource)) {
      messages.add(label + ": " + m.getMessage());
    }
    messages.sort(null);
    out.addAll(messages);
    return out;
  }

  /** Every problem of every YAML document in {@code yaml}. */
  public List<String> problems(String yaml) {
    List<String> out = new ArrayList<>();
    for (JsonNode doc : documents(yaml)) {
      out.addAll(problems(doc));
    }
    return out;
  }

  /** Fails with every problem listed when any document of {@code yaml} does not validate. */
  public void assertValid(String yaml) {
    List<String> problems = problems(yaml);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          problems.size() + " schema problem(s):\n  " + String.join("\n  ", problems));
    }
  }

  /** The non-empty YAML documents of {@code yaml}. */
  public static List<JsonNode> documents(String yaml) {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          out.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The documents of a CRD file, read with SnakeYAML so that anchors and merge keys ({@code !!merge
   * <<: *TypeStringBool}, used by the Altinity CRDs) are resolved.
   */
  private static List<JsonNode> crdDocuments(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10_000);
    options.setCodePointLimit(64 * 1024 * 1024);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    List<JsonNode> out = new ArrayList<>();
    for (Object doc : yaml.loadAll(text)) {
      if (doc != null) {
        out.add(YAML.valueToTree(doc));
      }
    }
    return out;
  }

  private static void checkMetadata(JsonNode metadata, String label, List<String> out) {
    if (!metadata.isObject()) {
      out.add(label + ": $.metadata: must be an object");
      return;
    }
    metadata
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!METADATA_FIELDS.contains(f)) {
                out.add(
                    label
                        + ": $.metadata."
                        + f
                        + ": not expected in a rendered manifest (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(METADATA_FIELDS))
                        + ")");
              }
            });
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      out.add(label + ": $.metadata.name: is required");
    } else if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      out.add(label + ": $.metadata.name: \"" + name + "\" is not a DNS-1123 subdomain");
    }
    JsonNode namespace = metadata.path("namespace");
    if (!namespace.isMissingNode()) {
      String ns = namespace.asText("");
      if (!namespace.isTextual() || ns.length() > 63 || !DNS_LABEL.matcher(ns).matches()) {
        out.add(label + ": $.metadata.namespace: \"" + ns + "\" is not a DNS-1123 label");
      }
    }
    JsonNode labels = metadata.path("labels");
    if (!labels.isMissingNode()) {
      if (!labels.isObject()) {
        out.add(label + ": $.metadata.labels: must be a map of strings");
      } else {
        labels
            .fields()
            .forEachRemaining(
                e -> {
                  if (!validQualifiedName(e.getKey())) {
                    out.add(
                        label
                            + ": $.metadata.labels: key \""
                            + e.getKey()
                            + "\" is not a valid label key");
                  }
                  String v = e.getValue().asText("");
                  if (!e.getValue().isTextual()
                      || v.length() > 63
                      || !LABEL_VALUE.matcher(v).matches()) {
                    out.add(
                        label
                            + ": $.metadata.labels."
                            + e.getKey()
                            + ": \""
                            + e.getValue()
                            + "\" is not a valid label value (a string)");
                  }
                });
      }
    }
    JsonNode annotations = metadata.path("annotations");
    if (!annotations.isMissingNode()) {
      if (!annotations.isObject()) {
        out.add(label + ": $.metadata.annotations: must be a map of strings");
      } else {
        annotations
            .fields()
            .forEachRemaining(
                e -> {
                  if (!validQualifiedName(e.getKey())) {
                    out.add(
                        label
                            + ": $.metadata.annotations: key \""
                            + e.getKey()
                            + "\" is not a valid key");
                  }
                  if (!e.getValue().isTextual()) {
                    out.add(
                        label + ": $.metadata.annotations." + e.getKey() + ": must be a string");
                  }
                });
      }
    }
  }

  private static boolean validQualifiedName(String key) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
    }
    return !name.isEmpty() && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "/" + kind;
  }

  private static CrdSchemas read(Path folder) {
    Map<String, JsonNode> schemas = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      for (JsonNode doc : crdDocuments(text)) {
        if (!"CustomResourceDefinition".equals(doc.path("kind").asText())) {
          continue;
        }
        String group = doc.path("spec").path("group").asText();
        String kind = doc.path("spec").path("names").path("kind").asText();
        for (JsonNode version : doc.path("spec").path("versions")) {
          JsonNode schema = version.path("schema").path("openAPIV3Schema");
          if (version.path("served").asBoolean(true) && schema.isObject()) {
            schemas.put(
                key(group + "/" + version.path("name").asText(), kind), root(strict(schema)));
          }
        }
      }
    }
    if (schemas.isEmpty()) {
      throw new IllegalStateException("no CustomResourceDefinition found under " + folder);
    }
    return new CrdSchemas(schemas);
  }

  /**
   * Every object carries {@code apiVersion}, {@code kind} and {@code metadata} whether or not its
   * CRD declares them (Istio's do not); metadata is checked apart.
   */
  private static JsonNode root(JsonNode schema) {
    ObjectNode out = (ObjectNode) schema;
    ObjectNode properties =
        out.has("properties") ? (ObjectNode) out.get("properties") : out.putObject("properties");
    if (!properties.has("apiVersion")) {
      properties.putObject("apiVersion").put("type", "string");
    }
    if (!properties.has("kind")) {
      properties.putObject("kind").put("type", "string");
    }
    if (!properties.has("metadata")) {
      properties.putObject("metadata").put("type", "object");
    }
    if (!out.has("additionalProperties") && !out.has("x-kubernetes-preserve-unknown-fields")) {
      out.put("additionalProperties", false);
    }
    return out;
  }

  /** The JSON Schema draft-4 form of one structural schema node, closed against unknown fields. */
  static JsonNode strict(JsonNode schema) {
    if (!schema.isObject()) {
      return schema;
    }
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode out = nodes.objectNode();
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
    boolean nullable = schema.path("nullable").asBoolean(false);
    Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      JsonNode value = f.getValue();
      if (name.startsWith("x-kubernetes-") || DROPPED_KEYWORDS.contains(name)) {
        continue;
      }
      switch (name) {
        case "properties", "patternProperties", "definitions" -> {
          ObjectNode props = nodes.objectNode();
          value.fields().forEachRemaining(p -> props.set(p.getKey(), strict(p.getValue())));
          out.set(name, props);
        }
        case "items", "additionalProperties", "not", "additionalItems" -> {
          if (value.isArray()) {
            ArrayNode items = nodes.arrayNode();
            value.forEach(v -> items.add(strict(v)));
            out.set(name, items);
          } else {
            out.set(name, strict(value));
          }
        }
        case "anyOf", "allOf", "oneOf" -> {
          ArrayNode branches = nodes.arrayNode();
          value.forEach(v -> branches.add(strict(v)));
          out.set(name, branches);
        }
        default -> out.set(name, value.deepCopy());
      }
    }
    if (intOrString && !out.has("type") && !out.has("anyOf")) {
      ArrayNode anyOf = out.putArray("anyOf");
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
    }
    if (nullable) {
      if (out.path("type").isTextual()) {
        ArrayNode types = nodes.arrayNode().add(out.get("type").asText()).add("null");
        out.set("type", types);
      }
      if (out.path("enum").isArray()) {
        ((ArrayNode) out.get("enum")).addNull();
      }
    }
    if (out.has("properties") && !out.has("additionalProperties") && !preserveUnknown) {
      out.put("additionalProperties", false);
    }
    return out;
  }
}
