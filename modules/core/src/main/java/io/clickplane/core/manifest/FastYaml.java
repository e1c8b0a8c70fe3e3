package io.clickplane.core.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickplane.core.manifest.BlockYamlGenerator.NotRestatedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The same YAML as {@link Yaml#reference} and {@link Yaml#referenceAll}, byte for byte, several
 * times faster: objects are serialised by {@link Yaml#mapper()}'s serializers (so property order,
 * sorted map keys, omitted nulls and every fabric8 serializer are the reference's), but the YAML
 * text is written directly instead of through SnakeYAML's event emitter.
 *
 * <p>A document holding something the fast writer does not restate (see {@link BlockYamlGenerator};
 * nothing clickplane renders today) is written by {@link Yaml} instead, so the output is always the
 * reference output; only that one signal ({@link CannotRestateException}) falls back, and every
 * fallback is counted ({@link #fallbacks()}), so a document that leaves the fast path shows in a
 * test rather than as a slowdown. Any other exception of the fast path surfaces. {@link
 * #writeFastOnly} tells whether a document takes the fast path.
 */
public final class FastYaml {
  private static final ObjectMapper MAPPER = Yaml.mapper();

  /** Each thread's text buffer, reused from document to document (absent while in use). */
  private static final ThreadLocal<StringBuilder> BUFFER = new ThreadLocal<>();

  /** Larger buffers are not kept for the next document. */
  private static final int MAX_KEPT_BUFFER = 1 << 20;

  /** Documents handed to the reference writer in this JVM. */
  private static final LongAdder FALLBACKS = new LongAdder();

  private FastYaml() {}

  /** One object as one YAML document; identical to {@link Yaml#reference}. */
  public static String write(Object object) {
    try {
      return fast(object);
    } catch (NotRestatedException e) {
      FALLBACKS.increment();
      return Yaml.reference(object);
    }
  }

  /**
   * How many documents {@link #write} has handed to the reference writer in this JVM (all threads)
   * because the fast path does not restate them: zero for everything clickplane renders.
   */
  public static long fallbacks() {
    return FALLBACKS.sum();
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
   * @throws CannotRestateException when the document needs the reference writer
   * @throws UncheckedIOException when the object cannot be serialised at all
   */
  public static String writeFastOnly(Object object) {
    try {
      return fast(object);
    } catch (NotRestatedException e) {
      throw new CannotRestateException(e.getMessage(), e);
    }
  }

  /**
   * The fast path; throws the generator's own signal, wherever a serializer put it, and nothing
   * else checked.
   */
  private static String fast(Object object) throws NotRestatedException {
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
    } catch (IOException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof NotRestatedException signal) {
          throw signal;
        }
      }
      throw new UncheckedIOException(e);
    } finally {
      if (buffer.capacity() <= MAX_KEPT_BUFFER) {
        BUFFER.set(buffer);
      }
    }
  }
}
