package io.clickplane.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FastYaml} against the reference writer {@link Yaml}: the same bytes for tricky scalars in
 * every position (mapping value, key, sequence item, nested), for every shape of nesting, and for
 * seeded random documents; the fast output reads back to the tree that was written.
 */
class FastYamlTest {
  /** Scalars at the edges of YAML's quoting rules. */
  static final List<String> TRICKY =
      List.of(
          "",
          " ",
          "plain",
          "two words",
          "yes",
          "no",
          "on",
          "off",
          "y",
          "n",
          "Y",
          "YES",
          "True",
          "false",
          "null",
          "Null",
          "NULL",
          "~",
          "~tilde",
          "0",
          "7",
          "-1",
          "+1",
          "24.8",
          "1.",
          ".5",
          ".",
          "-",
          "+",
          "-.",
          "007",
          "0_1",
          "08",
          "0x1F",
          "1e5",
          "1.5e-3",
          "1_000",
          "2001-12-14",
          "12:30:00",
          ".inf",
          "-.inf",
          ".nan",
          "NaN",
          " leading space",
          "trailing space ",
          "  both  ",
          "a: b",
          "a:b",
          "a:",
          ":a",
          ": a",
          ":",
          "::1",
          "http://example.com:8080/x",
          "a #b",
          "a#b",
          "#a",
          "# a",
          "-a",
          "- a",
          "--",
          "---",
          "--- a",
          "...",
          "...a",
          "*a",
          "&a",
          "!a",
          "%a",
          "@a",
          "`a",
          "|a",
          ">a",
          "?a",
          "? a",
          "?",
          "a?",
          ",a",
          "a,b",
          "[a]",
          "{a}",
          "a]",
          "a}",
          "'quoted'",
          "\"dq\"",
          "it's",
          "say \"hi\"",
          "back\\slash",
          "tab\there",
          "\tleading tab",
          "trailing tab\t",
          "cr\rhere",
          "bell\u0007",
          "nul\0",
          "esc\u001b",
          "del\u007f",
          "c1\u0090",
          "nbsp\u00a0here",
          "\u00a0",
          "zero\u200bwidth",
          "bom\ufeff",
          "private\ue000",
          "é",
          "naïve café",
          "日本語",
          "Ωmega",
          "emoji \ud83d\ude00",
          "\ud83d\ude00",
          "a\nb",
          "a\nb\n",
          "a\nb\n\n",
          "\n",
          "\n\n",
          "\na",
          "\na\n",
          " a\nb",
          "a\n b",
          "a \nb",
          "a\n\nb",
          "line one\nline two with trailing space \nline three",
          "x\n  indented\n",
          "tab\tin\nblock\n",
          "cr\r\nlf\n",
          "# comment\nkey: value\n",
          "- item\n- item\n",
          "---\nx\n",
          "a".repeat(127),
          "b".repeat(128),
          "long line ".repeat(60).trim(),
          "long line ".repeat(60),
          "GRANT SELECT ON system.*",
          "set -e; echo $(( ${HOSTNAME##*-} + 1 ))",
          "10.40.0.0/16",
          "::/0",
          "clickhouse/clickhouse-server:24.8",
          "32Gi",
          "250m",
          "8");

  static List<String> tricky() {
    return TRICKY;
  }

  @ParameterizedTest
  @MethodSource("tricky")
  void trickyScalarInEveryValuePosition(String scalar) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("value", scalar);
    doc.put("items", List.of(scalar, List.of(scalar, scalar), Map.of("k", scalar)));
    doc.put("nested", Map.of("deeper", Map.of("value", scalar, "list", List.of(scalar))));
    doc.put("listOfLists", List.of(List.of(List.of(scalar)), List.of()));

    String reference = Yaml.reference(doc);
    assertThat(FastYaml.writeFastOnly(doc)).isEqualTo(reference);
    assertThat(FastYaml.writeAll(List.of(doc, Map.of("a", scalar))))
        .isEqualTo(Yaml.referenceAll(List.of(doc, Map.of("a", scalar))));
    if (!NOT_ROUND_TRIPPED_BY_EITHER_WRITER.contains(scalar)) {
      Object read = Yaml.mapper().readValue(reference, new TypeReference<Map<String, Object>>() {});
      assertThat(read).isEqualTo(Yaml.mapper().convertValue(doc, Map.class));
    }
  }

  @ParameterizedTest
  @MethodSource("tricky")
  void trickyScalarAsKey(String scalar) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(scalar, Map.of(scalar, scalar));
    doc.put("list", List.of(Map.of(scalar, List.of(scalar))));

    String reference = Yaml.reference(doc);
    assertThat(FastYaml.write(doc)).isEqualTo(reference);
    boolean simpleKey =
        !scalar.isEmpty()
            && scalar.indexOf('\n') < 0
            && scalar.length() < YamlScalars.MAX_SIMPLE_KEY_LENGTH;
    if (simpleKey) {
      assertThat(FastYaml.writeFastOnly(doc)).isEqualTo(reference);
    } else {
      assertThatThrownBy(() -> FastYaml.writeFastOnly(doc))
          .isInstanceOf(UnsupportedOperationException.class);
    }
    if (!NOT_ROUND_TRIPPED_BY_EITHER_WRITER.contains(scalar)) {
      Object read = Yaml.mapper().readValue(reference, Object.class);
      assertThat(read).isEqualTo(Yaml.mapper().convertValue(doc, Map.class));
    }
  }

  /** Strings no writer can round-trip; none since numbers in every YAML form are quoted. */
  private static final List<String> NOT_ROUND_TRIPPED_BY_EITHER_WRITER = List.of();

  @Test
  void stringsThatReadAsNumbersAreQuoted() {
    for (String number :
        List.of(
            "0x1F",
            "1e5",
            "1.5e-3",
            "1_000",
            ".inf",
            "-.inf",
            ".nan",
            "12:30:00",
            "0b101",
            "0o17")) {
      String expected = "value: \"" + number + "\"\n";
      assertThat(Yaml.reference(Map.of("value", number))).as(number).isEqualTo(expected);
      assertThat(FastYaml.writeFastOnly(Map.of("value", number))).as(number).isEqualTo(expected);
    }
    for (String word : List.of("e5", "x1F", "inf", "1e", "1.2.3", "v1.2", "24.8.14.39", "1-2")) {
      assertThat(YamlScalars.resolvesAsNumber(word)).as(word).isFalse();
    }
  }

  @Test
  void scalarsTheFastPathDoesNotRestateFallBackToTheReferenceWriter() {
    for (String scalar :
        List.of("next\u0085line", "line\u2028sep", "para\u2029sep", "lone\ud800", "x\uffff")) {
      Map<String, Object> doc = Map.of("value", scalar, "list", List.of(scalar));
      assertThatThrownBy(() -> FastYaml.writeFastOnly(doc))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(FastYaml.write(doc)).isEqualTo(Yaml.reference(doc));
    }
    Map<String, Object> longKey = Map.of("k".repeat(200), "v");
    assertThatThrownBy(() -> FastYaml.writeFastOnly(longKey))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(FastYaml.write(longKey)).isEqualTo(Yaml.reference(longKey));
    assertThatThrownBy(() -> FastYaml.writeFastOnly("root scalar"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(FastYaml.write("root scalar")).isEqualTo(Yaml.reference("root scalar"));
    byte[] binary = {1, 2, 3};
    assertThat(FastYaml.write(Map.of("b", binary))).isEqualTo(Yaml.reference(Map.of("b", binary)));
  }

  @Test
  void onlyTheCannotRestateSignalFallsBackAndEachFallbackIsCounted() {
    long before = FastYaml.fallbacks();
    Map<String, Object> binary = Map.of("b", new byte[] {1, 2, 3});
    assertThatThrownBy(() -> FastYaml.writeFastOnly(binary))
        .isInstanceOf(CannotRestateException.class);
    assertThat(FastYaml.fallbacks()).isEqualTo(before);
    assertThat(FastYaml.write(binary)).isEqualTo(Yaml.reference(binary));
    assertThat(FastYaml.fallbacks()).isEqualTo(before + 1);

    FailingGetter failing = new FailingGetter();
    assertThatThrownBy(() -> FastYaml.writeFastOnly(failing))
        .isInstanceOf(UncheckedIOException.class)
        .isNotInstanceOf(UnsupportedOperationException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> FastYaml.write(List.of(failing)))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("broken getter");
    assertThat(failing.calls)
        .as("serialised once per write, never again by the reference")
        .hasValue(2);
    assertThat(FastYaml.fallbacks()).isEqualTo(before + 1);
  }

  /**
   * A bean whose getter fails: a serialisation error, not something the fast path cannot restate.
   */
  public static final class FailingGetter {
    final AtomicInteger calls = new AtomicInteger();

    public String getValue() {
      calls.incrementAndGet();
      throw new IllegalStateException("broken getter");
    }
  }

  @Test
  void everyShapeOfNesting() {
    List<Object> shapes =
        List.of(
            Map.of(),
            List.of(),
            List.of(1, "a"),
            List.of(List.of()),
            List.of(Map.of()),
            List.of(List.of(1, 2), List.of(List.of(3), Map.of("a", List.of()))),
            Map.of("m", Map.of()),
            Map.of("l", List.of()),
            Map.of("l", List.of(Map.of(), List.of(), Map.of("a", Map.of()))),
            Map.of("l", List.of(Map.of("a", 1, "b", List.of(Map.of("c", 2, "d", List.of(3)))))),
            Map.of("l", List.of(List.of(List.of(List.of("deep"))))),
            Map.of("l", List.of("a\nb\n", List.of("c\nd"), Map.of("e", "f\ng\n"))),
            List.of("x\ny\n", Map.of("k", "v\n")),
            Map.of("n", Arrays.asList(null, 1, null)),
            mapWithNullValue(),
            Map.of(
                "numbers",
                List.of(
                    0,
                    -5,
                    Long.MAX_VALUE,
                    1.5,
                    -0.0,
                    1e300,
                    Double.NaN,
                    Float.POSITIVE_INFINITY,
                    new BigDecimal("1.50"),
                    new BigDecimal("1E+3"),
                    new BigInteger("123456789012345678901234567890"),
                    true,
                    false)),
            Map.of("1", "one", "2.5", "x", "-k", "v", "true", "t", "k:", "v", "a b", "c"));
    for (Object shape : shapes) {
      String reference = Yaml.reference(shape);
      assertThat(FastYaml.write(shape)).as("%s", shape).isEqualTo(reference);
      if (!(shape instanceof List<?> list && !list.isEmpty())) {
        assertThat(FastYaml.writeFastOnly(shape)).as("%s", shape).isEqualTo(reference);
      }
    }
  }

  private static Map<String, Object> mapWithNullValue() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", null);
    m.put("b", "x");
    return m;
  }

  /** Seeded random documents built from tricky scalars, random strings and nesting. */
  @Test
  void randomDocumentsMatchTheReferenceWriter() throws Exception {
    Random random = new Random(20261122L);
    int fastOnly = 0;
    int roundTripped = 0;
    int documents = 3000;
    for (int i = 0; i < documents; i++) {
      Object doc = randomMap(random, 0);
      String reference = Yaml.reference(doc);
      assertThat(FastYaml.write(doc)).as("document %d", i).isEqualTo(reference);
      try {
        assertThat(FastYaml.writeFastOnly(doc)).as("document %d", i).isEqualTo(reference);
        fastOnly++;
      } catch (UnsupportedOperationException e) {
        // handed to the reference writer; the output was compared above
      }
      if (readsBackAs(FastYaml.write(doc), doc)) {
        roundTripped++;
      }
    }
    assertThat(fastOnly)
        .as("documents written by the fast path alone")
        .isGreaterThan(documents / 2);
    assertThat(roundTripped)
        .as("documents read back to the same tree")
        .isGreaterThan(documents / 2);
  }

  private static boolean readsBackAs(String yaml, Object tree) {
    try {
      return Yaml.mapper()
          .readValue(yaml, Object.class)
          .equals(Yaml.mapper().convertValue(tree, Object.class));
    } catch (IOException e) {
      return false; // e.g. ".inf" written plain by both writers
    }
  }

  private static Object randomValue(Random random, int depth) {
    int pick = random.nextInt(depth > 4 ? 6 : 10);
    return switch (pick) {
      case 0, 1, 2 -> TRICKY.get(random.nextInt(TRICKY.size()));
      case 3 -> randomString(random);
      case 4 -> random.nextInt(3) == 0 ? null : random.nextInt(2000) - 1000;
      case 5 -> random.nextBoolean();
      case 6, 7 -> randomMap(random, depth + 1);
      default -> randomList(random, depth + 1);
    };
  }

  private static Map<String, Object> randomMap(Random random, int depth) {
    Map<String, Object> m = new TreeMap<>();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      String key =
          random.nextBoolean() ? TRICKY.get(random.nextInt(TRICKY.size())) : randomString(random);
      m.put(key, randomValue(random, depth));
    }
    return m;
  }

  private static List<Object> randomList(Random random, int depth) {
    List<Object> l = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      l.add(randomValue(random, depth));
    }
    return l;
  }

  private static final String ALPHABET = "ab Z09-_.:#,'\"\\!&*?|>%@`[]{}~\n\t é日\u00a0";

  private static String randomString(Random random) {
    int n = random.nextInt(12);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }
}
