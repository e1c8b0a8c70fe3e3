package io.clickplane.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The raw {@code config:} map of a stack, before validation: each full key ({@code clickplane:eks})
 * with its value as a JSON tree, and the line of every key path when the source is a file.
 *
 * <p>Two front ends build it: {@link #parseYaml} for a stack file read by the CLI, and {@link
 * #fromValues} for the values Pulumi hands a running program. Both feed the same {@link
 * SpecBinder}.
 */
public final class ConfigDocument {
  /** Top-level keys of a Pulumi stack file besides {@code config}. */
  static final List<String> STACK_FILE_KEYS =
      List.of("config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLFactory YAML_FACTORY = new YAMLFactory();

  private final String source;
  private final Map<String, JsonNode> values;
  private final Map<String, Integer> lines;
  private final List<ConfigProblem> syntaxProblems;

  private ConfigDocument(
      String source,
      Map<String, JsonNode> values,
      Map<String, Integer> lines,
      List<ConfigProblem> syntaxProblems) {
    this.source = source;
    this.values = values;
    this.lines = lines;
    this.syntaxProblems = List.copyOf(syntaxProblems);
  }

  /**
   * Parses the text of a Pulumi stack file. Malformed YAML, duplicate keys and a missing or non-map
   * {@code config:} become {@link #syntaxProblems()} rather than exceptions.
   *
   * @param source how to name the file in messages (the path the user gave)
   */
  public static ConfigDocument parseYaml(String source, String text) {
    Map<String, Integer> lines = new HashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    JsonNode root;
    try (JsonParser parser = YAML_FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        problems.add(
            new ConfigProblem(
                source,
                1,
                "config",
                "the file is empty; a stack file has a top-level 'config:' map"));
        return new ConfigDocument(source, Map.of(), lines, problems);
      }
      root = new PositionedReader(parser, source, lines, problems).read("");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : at.getLineNr();
      problems.add(malformed(source, line, e.getOriginalMessage()));
      return new ConfigDocument(source, Map.of(), lines, problems);
    } catch (IOException e) {
      problems.add(new ConfigProblem(source, 0, "(yaml)", "cannot read: " + e.getMessage()));
      return new ConfigDocument(source, Map.of(), lines, problems);
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    if (!(root instanceof ObjectNode top)) {
      problems.add(
          new ConfigProblem(
              source, 1, "config", "a stack file is a YAML map with a top-level 'config:' map"));
      return new ConfigDocument(source, values, lines, problems);
    }
    for (Map.Entry<String, JsonNode> e : top.properties()) {
      if (!STACK_FILE_KEYS.contains(e.getKey())) {
        problems.add(
            new ConfigProblem(
                source,
                lines.getOrDefault(e.getKey(), 0),
                e.getKey(),
                "unknown top-level key"
                    + Suggestions.didYouMean(e.getKey(), STACK_FILE_KEYS)
                    + "; allowed: "
                    + String.join(", ", STACK_FILE_KEYS)));
      }
    }
    JsonNode config = top.get("config");
    if (config == null || config.isNull()) {
      problems.add(
          new ConfigProblem(
              source, 1, "config", "missing: a stack file needs a top-level 'config:' map"));
    } else if (!(config instanceof ObjectNode configMap)) {
      problems.add(
          new ConfigProblem(
              source,
              lines.getOrDefault("config", 0),
              "config",
              "must be a map of 'namespace:key' entries (got "
                  + SpecBinder.describe(config)
                  + ")"));
    } else {
      for (Map.Entry<String, JsonNode> e : configMap.properties()) {
        values.put(e.getKey(), e.getValue());
      }
      // Key paths are reported relative to config:, e.g. "clickplane:eks.version".
      Map<String, Integer> relative = new HashMap<>();
      lines.forEach(
          (path, line) -> {
            if (path.startsWith("config.")) {
              relative.put(path.substring("config.".length()), line);
            }
          });
      relative.put("config", lines.getOrDefault("config", 1));
      return new ConfigDocument(source, values, relative, problems);
    }
    return new ConfigDocument(source, values, lines, problems);
  }

  private static final java.util.regex.Pattern MARK =
      java.util.regex.Pattern.compile("line (\\d+), column (\\d+)");

  /**
   * One line from SnakeYAML's multi-line report: its reasons joined, at the problem mark (the last
   * position it names), e.g. {@code malformed YAML: expected <block end>, but found '<block mapping
   * start>' (column 2)}.
   */
  static ConfigProblem malformed(String source, int fallbackLine, String message) {
    String text = message == null ? "" : message;
    int line = fallbackLine;
    String column = null;
    var m = MARK.matcher(text);
    while (m.find()) {
      line = Integer.parseInt(m.group(1));
      column = m.group(2);
    }
    List<String> reasons = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (!l.isBlank() && !Character.isWhitespace(l.charAt(0))) {
        reasons.add(l.strip());
      }
    }
    String reason = reasons.isEmpty() ? text.strip() : String.join("; ", reasons);
    return new ConfigProblem(
        source,
        line,
        "(yaml)",
        "malformed YAML: " + reason + (column == null ? "" : " (column " + column + ")"));
  }

  /**
   * Builds a document from the values Pulumi gives a program: full key → raw string, where
   * structured values are JSON text and scalars are plain text. Lines are unknown.
   */
  public static ConfigDocument fromValues(String source, Map<String, String> rawValues) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    rawValues.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String raw = e.getValue();
              JsonNode node = JsonNodeFactory.instance.textNode(raw);
              String trimmed = raw == null ? "" : raw.strip();
              if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                try {
                  node = JSON.readTree(trimmed);
                } catch (JsonProcessingException ex) {
                  problems.add(
                      new ConfigProblem(
                          source,
                          0,
                          e.getKey(),
                          "malformed JSON value: " + ex.getOriginalMessage()));
                }
              }
              values.put(e.getKey(), node);
            });
    return new ConfigDocument(source, values, Map.of(), problems);
  }

  public String source() {
    return source;
  }

  /** Full key ({@code namespace:key}) → value, in document order. */
  public Map<String, JsonNode> values() {
    return values;
  }

  public Optional<JsonNode> value(String fullKey) {
    return Optional.ofNullable(values.get(fullKey));
  }

  /** Problems found while reading the document itself (before binding). */
  public List<ConfigProblem> syntaxProblems() {
    return syntaxProblems;
  }

  /**
   * The line of {@code path}, or of its nearest ancestor that has one; 0 when the source has no
   * lines.
   */
  public int line(String path) {
    String p = path;
    while (!p.isEmpty()) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      p = parent(p);
    }
    return lines.getOrDefault("config", 0);
  }

  /** True when the line of {@code path} itself is known (not only an ancestor's). */
  boolean hasLine(String path) {
    return lines.containsKey(path);
  }

  static String parent(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    return cut <= 0 ? "" : path.substring(0, cut);
  }

  /** Reads a YAML token stream into a tree while recording the line of every key path. */
  private static final class PositionedReader {
    private final JsonParser parser;
    private final String source;
    private final Map<String, Integer> lines;
    private final List<ConfigProblem> problems;

    PositionedReader(
        JsonParser parser,
        String source,
        Map<String, Integer> lines,
        List<ConfigProblem> problems) {
      this.parser = parser;
      this.source = source;
      this.lines = lines;
      this.problems = problems;
    }

    /** Reads the value at the current token; {@code path} is its key path. */
    JsonNode read(String path) throws IOException {
      JsonToken token = parser.currentToken();
      JsonNodeFactory f = JsonNodeFactory.instance;
      switch (token) {
        case START_OBJECT -> {
          ObjectNode node = f.objectNode();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String child = path.isEmpty() ? key : path + "." + key;
            int line = parser.currentTokenLocation().getLineNr();
            parser.nextToken();
            JsonNode value = read(child);
            if (node.has(key)) {
              problems.add(
                  new ConfigProblem(
                      source,
                      line,
                      relative(child),
                      "duplicate key (first at line " + lines.get(child) + ")"));
            } else {
              lines.put(child, line);
              node.set(key, value);
            }
          }
          return node;
        }
        case START_ARRAY -> {
          ArrayNode node = f.arrayNode();
          int index = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            String child = path + "[" + index + "]";
            lines.put(child, parser.currentTokenLocation().getLineNr());
            node.add(read(child));
            index++;
          }
          return node;
        }
        case VALUE_STRING -> {
          return f.textNode(parser.getText());
        }
        case VALUE_NUMBER_INT -> {
          return f.numberNode(parser.getBigIntegerValue());
        }
        case VALUE_NUMBER_FLOAT -> {
          return f.numberNode(parser.getDecimalValue());
        }
        case VALUE_TRUE -> {
          return f.booleanNode(true);
        }
        case VALUE_FALSE -> {
          return f.booleanNode(false);
        }
        case VALUE_NULL -> {
          return f.nullNode();
        }
        default -> throw new IllegalStateException("unexpected YAML token " + token);
      }
    }

    private static String relative(String path) {
      return path.startsWith("config.") ? path.substring("config.".length()) : path;
    }
  }
}
