package io.clickplane.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Deterministic YAML: map keys sorted where the object has no fixed property order, no document
 * start marker, LF line ends, block style, literal blocks for multi-line strings, minimal quoting.
 * Same object → same bytes on every machine.
 */
public final class Yaml {
  private static final ObjectMapper MAPPER = newMapper();

  private Yaml() {}

  /** A mapper configured like the writer, for reading manifests back and for tests. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * One object as one YAML document (written by {@link FastYaml}; the same bytes as {@link
   * #reference}).
   */
  public static String write(Object object) {
    return FastYaml.write(object);
  }

  /** Several objects as a multi-document YAML stream, separated by {@code ---}. */
  public static String writeAll(List<?> objects) {
    return FastYaml.writeAll(objects);
  }

  /**
   * The reference writer: one object as one YAML document through Jackson's YAML generator
   * (SnakeYAML). {@link FastYaml} restates it byte for byte and falls back to it.
   */
  public static String reference(Object object) {
    try {
      return normalise(MAPPER.writeValueAsString(object));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reference writer's multi-document stream. */
  public static String referenceAll(List<?> objects) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < objects.size(); i++) {
      if (i > 0) {
        out.append("---\n");
      }
      out.append(reference(objects.get(i)));
    }
    return out.toString();
  }

  private static String normalise(String yaml) {
    String lf = yaml.replace("\r\n", "\n");
    return lf.endsWith("\n") ? lf : lf + "\n";
  }

  /**
   * Jackson's quoting, plus every string a YAML 1.1 or 1.2 reader would resolve to a number ({@code
   * 0x1F}, {@code 1e5}, {@code 1_000}, {@code 12:30}, {@code .inf}, ...): Jackson alone quotes only
   * decimal-looking strings, and a service named {@code 1e5} is a valid DNS label.
   */
  private static final class NumberQuotingChecker extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || YamlScalars.resolvesAsNumber(value);
    }
  }

  private static ObjectMapper newMapper() {
    YAMLFactory factory =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .stringQuotingChecker(new NumberQuotingChecker())
            .build();
    return YAMLMapper.builder(factory)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
  }
}
