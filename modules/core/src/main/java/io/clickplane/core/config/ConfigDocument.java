package io.clickplane.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

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

  /** Largest stack file read, in bytes (and characters): a 3,000-service fleet is about 2 MiB. */
  public static final int MAX_FILE_BYTES = 16 << 20;

  /**
   * Longest line, in characters. SnakeYAML scans a long line in time that grows with its square
   * (about 1 s for one 1 MiB line, 20 s for 4 MiB), so lines are measured before it sees them.
   */
  public static final int MAX_LINE = 64 << 10;

  /** Longest scalar (key or value), in characters; no value of the contract comes near it. */
  public static final int MAX_SCALAR = 64 << 10;

  /** Most values a document may hold once its aliases are expanded (bounds alias bombs). */
  public static final int MAX_VALUES = 1_000_000;

  /**
   * The YAML tags a stack file may carry: the core schema's, which Pulumi resolves the same way.
   */
  static final List<String> ALLOWED_TAGS =
      List.of("str", "int", "float", "bool", "null", "map", "seq");

  private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";

  private static final EventYamlFactory YAML_FACTORY = new EventYamlFactory();

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
    Optional<ConfigProblem> tooLarge = sizeProblem(source, text);
    if (tooLarge.isPresent()) {
      return new ConfigDocument(source, Map.of(), lines, List.of(tooLarge.get()));
    }
    JsonNode root;
    EventParser parser;
    try {
      parser = (EventParser) YAML_FACTORY.createParser(new StringReader(text));
    } catch (IOException e) {
      problems.add(new ConfigProblem(source, 0, "(yaml)", "cannot read: " + e.getMessage()));
      return new ConfigDocument(source, Map.of(), lines, problems);
    }
    try (parser) {
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
      JsonToken next = parser.nextToken();
      if (next != null) {
        problems.add(
            new ConfigProblem(
                source,
                parser.currentTokenLocation().getLineNr(),
                "(yaml)",
                "a second YAML document starts here (after '---'); a stack file is one document:"
                    + " move its keys into the first one or delete it"));
      }
    } catch (TooManyValues e) {
      problems.add(new ConfigProblem(source, e.line, "(yaml)", e.getMessage()));
      return new ConfigDocument(source, Map.of(), lines, problems);
    } catch (JsonProcessingException e) {
      // A broken limit (nesting depth) carries no location: the parser's position is where it
      // broke.
      JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
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

  /**
   * The first limit {@code text} breaks, found in one pass over its characters before any YAML is
   * parsed: the file size, then the length of each line.
   */
  static Optional<ConfigProblem> sizeProblem(String source, String text) {
    if (text.length() > MAX_FILE_BYTES) {
      return Optional.of(tooLargeFile(source, text.length() + " characters"));
    }
    int line = 1;
    int start = 0;
    for (int i = 0, n = text.length(); i <= n; i++) {
      if (i == n || text.charAt(i) == '\n') {
        if (i - start > MAX_LINE) {
          return Optional.of(
              new ConfigProblem(
                  source,
                  line,
                  "(yaml)",
                  "line has "
                      + (i - start)
                      + " characters; a stack file line may have at most "
                      + MAX_LINE
                      + " (no value of a stack file is that long)"));
        }
        line++;
        start = i + 1;
      }
    }
    return Optional.empty();
  }

  /** The file is larger than {@link #MAX_FILE_BYTES}; {@code size} says how large. */
  static ConfigProblem tooLargeFile(String source, String size) {
    return new ConfigProblem(
        source,
        0,
        "(file)",
        "is too large ("
            + size
            + "); a stack file may have at most "
            + (MAX_FILE_BYTES >> 20)
            + " MiB");
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
  public boolean hasLine(String path) {
    return lines.containsKey(path);
  }

  static String parent(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    return cut <= 0 ? "" : path.substring(0, cut);
  }

  /** A YAML parser that exposes the SnakeYAML event behind its current token. */
  private static final class EventParser extends YAMLParser {
    EventParser(
        IOContext context,
        int parserFeatures,
        int yamlFeatures,
        LoaderOptions options,
        ObjectCodec codec,
        Reader reader) {
      super(context, parserFeatures, yamlFeatures, options, codec, reader);
    }

    Event event() {
      return _lastEvent;
    }
  }

  /**
   * Deepest nesting a stack file may have. Its real keys go about ten levels deep; a low bound
   * keeps the recursive reading far from the thread's stack limit, whatever the JIT has compiled.
   */
  static final int MAX_NESTING = 64;

  /** Creates {@link EventParser}s, with SnakeYAML's own size limit set to the file limit. */
  private static final class EventYamlFactory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    EventYamlFactory() {
      super(
          YAMLFactory.builder()
              .loaderOptions(loaderOptions())
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()));
    }

    private static LoaderOptions loaderOptions() {
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit(MAX_FILE_BYTES + 1);
      return options;
    }

    @Override
    protected YAMLParser _createParser(Reader reader, IOContext context) {
      return new EventParser(
          context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
    }
  }

  /** Alias expansion went past {@link #MAX_VALUES}. */
  private static final class TooManyValues extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;

    TooManyValues(int line, String alias) {
      super(
          "alias *"
              + alias
              + " takes the document past "
              + MAX_VALUES
              + " values once aliases are expanded; a stack file needs nowhere near that many:"
              + " write the values out, or use fewer nested aliases");
      this.line = line;
    }
  }

  /**
   * Reads a YAML token stream into a tree while recording the line of every key path. Aliases are
   * resolved as Pulumi's reader resolves them (an alias stands for its anchor's value; {@code <<}
   * merges maps, keys written in the map win), bounded by {@link #MAX_VALUES}; tags outside {@link
   * #ALLOWED_TAGS} and over-long scalars are problems at their line.
   */
  private static final class PositionedReader {
    private final EventParser parser;
    private final String source;
    private final Map<String, Integer> lines;
    private final List<ConfigProblem> problems;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private long values;

    private record Anchored(JsonNode node, long size) {}

    PositionedReader(
        EventParser parser,
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
      Event event = parser.event();
      int line = parser.currentTokenLocation().getLineNr();
      if (event instanceof AliasEvent alias) {
        return alias(path, alias.getAnchor(), line);
      }
      long before = values;
      values++;
      String anchor = event instanceof NodeEvent ne ? ne.getAnchor() : null;
      JsonNode node = checkTag(path, event, line) ? value(path) : skip();
      if (anchor != null) {
        anchors.put(anchor, new Anchored(node, values - before));
      }
      return node;
    }

    private JsonNode value(String path) throws IOException {
      JsonToken token = parser.currentToken();
      JsonNodeFactory f = JsonNodeFactory.instance;
      switch (token) {
        case START_OBJECT -> {
          ObjectNode node = f.objectNode();
          Set<String> merged = new HashSet<>();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int line = parser.currentTokenLocation().getLineNr();
            Event keyEvent = parser.event();
            boolean keyOk = checkKey(path, keyEvent, key, line);
            boolean merge =
                key.equals("<<")
                    && keyEvent instanceof ScalarEvent se
                    && se.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
            String child = path.isEmpty() ? key : path + "." + key;
            parser.nextToken();
            JsonNode value = read(child);
            if (!keyOk) {
              continue;
            }
            if (merge) {
              merge(path, node, merged, value, line);
            } else if (node.has(key) && !merged.remove(key)) {
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
          String text = parser.getText();
          if (text.length() > MAX_SCALAR) {
            problems.add(
                new ConfigProblem(
                    source,
                    parser.currentTokenLocation().getLineNr(),
                    relative(path),
                    "value has "
                        + text.length()
                        + " characters; a stack file value may have at most "
                        + MAX_SCALAR));
            return f.nullNode();
          }
          return f.textNode(text);
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
        default -> {
          problems.add(
              new ConfigProblem(
                  source,
                  parser.currentTokenLocation().getLineNr(),
                  relative(path),
                  "a value of a kind a stack file cannot hold (" + token + ")"));
          return skip();
        }
      }
    }

    /** Passes over the current value (and its children); the tree gets a null in its place. */
    private JsonNode skip() throws IOException {
      parser.skipChildren();
      return JsonNodeFactory.instance.nullNode();
    }

    private JsonNode alias(String path, String name, int line) {
      Anchored target = anchors.get(name);
      if (target == null) {
        problems.add(
            new ConfigProblem(
                source,
                line,
                relative(path),
                "alias *"
                    + name
                    + " names no anchor: define &"
                    + name
                    + " on a value before the alias (an alias cannot refer to the value it is in)"));
        return JsonNodeFactory.instance.nullNode();
      }
      values += target.size();
      if (values > MAX_VALUES) {
        throw new TooManyValues(line, name);
      }
      // Key paths under the alias have no line of their own: ConfigDocument.line() falls back to
      // the alias's.
      return target.node();
    }

    /**
     * {@code <<: *base} or {@code <<: [*a, *b]}: the maps' keys join {@code into}, unless written
     * there already; among several maps the first wins. Keys written after the merge replace merged
     * ones ({@code merged} remembers which keys came from a merge).
     */
    private void merge(String path, ObjectNode into, Set<String> merged, JsonNode value, int line) {
      List<JsonNode> maps = new ArrayList<>();
      if (value instanceof ArrayNode list) {
        list.forEach(maps::add);
      } else {
        maps.add(value);
      }
      for (JsonNode map : maps) {
        if (!(map instanceof ObjectNode source)) {
          problems.add(
              new ConfigProblem(
                  this.source,
                  line,
                  relative(path.isEmpty() ? "<<" : path + ".<<"),
                  "a merge key (<<) takes a map or a list of maps, usually aliases such as *base"
                      + " (got "
                      + SpecBinder.describe(map)
                      + ")"));
          continue;
        }
        for (Map.Entry<String, JsonNode> e : source.properties()) {
          if (!into.has(e.getKey())) {
            String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            into.set(e.getKey(), e.getValue());
            merged.add(e.getKey());
            lines.put(child, line);
          }
        }
      }
    }

    /** False (with a problem) when the key is an alias, carries a tag, or is too long. */
    private boolean checkKey(String path, Event event, String key, int line) {
      String child = path.isEmpty() ? key : path + "." + key;
      if (event instanceof AliasEvent) {
        problems.add(
            new ConfigProblem(
                source, line, relative(path), "an alias cannot be a key; write the key itself"));
        return false;
      }
      if (key.length() > MAX_SCALAR) {
        problems.add(
            new ConfigProblem(
                source,
                line,
                relative(path),
                "a key has " + key.length() + " characters; at most " + MAX_SCALAR));
        return false;
      }
      return checkTag(child, event, line);
    }

    /** False (with a problem) when the event carries a tag a stack file may not use. */
    private boolean checkTag(String path, Event event, int line) {
      String tag = null;
      if (event instanceof ScalarEvent se) {
        tag = se.getTag();
      } else if (event instanceof CollectionStartEvent ce) {
        tag = ce.getTag();
      }
      if (tag == null) {
        return true;
      }
      if (tag.startsWith(YAML_TAG_PREFIX)
          && ALLOWED_TAGS.contains(tag.substring(YAML_TAG_PREFIX.length()))) {
        return true;
      }
      String shown =
          tag.startsWith(YAML_TAG_PREFIX) ? "!!" + tag.substring(YAML_TAG_PREFIX.length()) : tag;
      problems.add(
          new ConfigProblem(
              source,
              line,
              relative(path.isEmpty() ? "(yaml)" : path),
              "the YAML tag "
                  + shown
                  + " is not supported in a stack file; write the plain value (allowed tags: "
                  + String.join(", ", ALLOWED_TAGS.stream().map(t -> "!!" + t).toList())
                  + ")"));
      return false;
    }

    private static String relative(String path) {
      return path.startsWith("config.") ? path.substring("config.".length()) : path;
    }
  }
}
