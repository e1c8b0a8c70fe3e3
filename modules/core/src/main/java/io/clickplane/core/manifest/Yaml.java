package io.clickplane.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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

  /** One object as one YAML document. */
  public static String write(Object object) {
    try {
      return normalise(MAPPER.writeValueAsString(object));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Several objects as a multi-document YAML stream, separated by {@code ---}. */
  public static String writeAll(List<?> objects) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < objects.size(); i++) {
      if (i > 0) {
        out.append("---\n");
      }
      out.append(write(objects.get(i)));
    }
    return out.toString();
  }

  private static String normalise(String yaml) {
    String lf = yaml.replace("\r\n", "\n");
    return lf.endsWith("\n") ? lf : lf + "\n";
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
            .build();
    return YAMLMapper.builder(factory)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
  }
}
