package io.clickplane.core.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * The same YAML as {@link Yaml#reference} and {@link Yaml#referenceAll}, byte for byte, several
 * times faster: objects are serialised by {@link Yaml#mapper()}'s serializers (so property order,
 * sorted map keys, omitted nulls and every fabric8 serializer are the reference's), but the YAML
 * text is written directly instead of through SnakeYAML's event emitter.
 *
 * <p>A document holding something the fast writer does not restate (see {@link BlockYamlGenerator};
 * nothing clickplane renders today) is written by {@link Yaml} instead, so the output is always the
 * reference output. {@link #writeFastOnly} tells whether a document takes the fast path.
 */
public final class FastYaml {
  private static final ObjectMapper MAPPER = Yaml.mapper();

  /** Each thread's text buffer, reused from document to document (absent while in use). */
  private static final ThreadLocal<StringBuilder> BUFFER = new ThreadLocal<>();

  /** Larger buffers are not kept for the next document. */
  private static final int MAX_KEPT_BUFFER = 1 << 20;

  private FastYaml() {}

  /** One object as one YAML document; identical to {@link Yaml#reference}. */
  public static String write(Object object) {
    try {
      return writeFastOnly(object);
    } catch (UnsupportedOperationException e) {
      return Yaml.reference(object);
    }
  }

  /** Several objects as a multi-document stream; identical to {@link Yaml#referenceAll}. */
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

  /**
   * One object as one YAML document written by the fast path only, for tests and benchmarks that
   * must know the fast path was taken.
   *
   * @throws UnsupportedOperationException when the document needs the reference writer (or cannot
   *     be serialised at all)
   */
  public static String writeFastOnly(Object object) {
    StringBuilder buffer = BUFFER.get();
    if (buffer == null) {
      buffer = new StringBuilder(16384);
    } else {
      BUFFER.set(null);
    }
    try {
      BlockYamlGenerator generator =
          new BlockYamlGenerator(MAPPER.getFactory().getGeneratorFeatures(), MAPPER, buffer);
      MAPPER.getSerializationConfig().initialize(generator);
      MAPPER.writeValue(generator, object);
      generator.close();
      return generator.text();
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedOperationException("not written by the fast YAML path: " + e, e);
    } finally {
      if (buffer.capacity() <= MAX_KEPT_BUFFER) {
        BUFFER.set(buffer);
      }
    }
  }
}
