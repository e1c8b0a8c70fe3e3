package io.clickplane.monitoring;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana {@code label_values(selector, label)} query)
 * selects: identifiers that are neither functions, aggregations, keywords, label names inside
 * braces or grouping clauses, nor parts of strings and durations.
 */
final class PromQl {
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern BRACES = Pattern.compile("\\{[^}]*\\}");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![A-Za-z0-9_:.$])[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^label_values\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\)$");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "Inf", "NaN");

  private PromQl() {}

  static Set<String> metricNames(String query) {
    String q = query.trim();
    Matcher labelValues = LABEL_VALUES.matcher(q);
    if (labelValues.matches()) {
      q = labelValues.group(1);
    }
    q = STRING.matcher(q).replaceAll("\"\"");
    q = BRACES.matcher(q).replaceAll("{}");
    q = RANGE.matcher(q).replaceAll("[]");
    q = GROUPING.matcher(q).replaceAll("");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(q);
    while (m.find()) {
      String name = m.group();
      int next = m.end();
      while (next < q.length() && Character.isWhitespace(q.charAt(next))) {
        next++;
      }
      boolean call = next < q.length() && q.charAt(next) == '(';
      if (!call && !KEYWORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
