package io.clickplane.core.manifest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How {@link Yaml}'s writer (Jackson's YAML generator with MINIMIZE_QUOTES, ALWAYS_QUOTE_NUMBERS_AS
 * STRINGS and LITERAL_BLOCK_STYLE, over SnakeYAML's emitter in block style) presents one scalar,
 * restated so that {@link FastYaml} produces the same characters.
 *
 * <p>Two decisions are combined: the style Jackson asks for (plain, double-quoted or literal) and
 * the style SnakeYAML's emitter then allows for the scalar's characters. Scalars this class does
 * not restate ({@link #UNSUPPORTED}: Unicode line separators, unpaired surrogates, U+FFFE/U+FFFF,
 * multi-line plain or single-quoted scalars) make {@link FastYaml} hand the document to the
 * reference writer.
 */
final class YamlScalars {
  static final int UNSUPPORTED = -1;
  static final int PLAIN = 0;
  static final int SINGLE_QUOTED = 1;
  static final int DOUBLE_QUOTED = 2;
  static final int LITERAL = 3;

  // Results of analyse(): what the emitter's scalar analysis allows.
  private static final int EMPTY = 1;
  private static final int MULTILINE = 1 << 1;
  private static final int ALLOW_BLOCK_PLAIN = 1 << 2;
  private static final int ALLOW_SINGLE_QUOTED = 1 << 3;
  private static final int ALLOW_BLOCK = 1 << 4;
  private static final int NOT_RESTATED = 1 << 5;

  /** Longest key the emitter writes as a simple {@code key:} (shorter than this). */
  static final int MAX_SIMPLE_KEY_LENGTH = 128;

  private static final String LEADING_INDICATORS = "#,[]{}&*!|>'\"%@`";

  private YamlScalars() {}

  // Classes of the ASCII characters, for the single-pass checks of the usual scalar.
  private static final byte CONTROL = 1; // below space, and DEL: the emitter's special characters
  private static final byte FLOW = 1 << 1; // , [ ] { }: Jackson quotes a value holding one
  private static final byte HASH = 1 << 2;
  private static final byte COLON = 1 << 3;
  private static final byte NOT_IN_WORD = 1 << 4; // anything but letters, digits and _ . / -
  private static final byte[] ASCII_CLASSES = asciiClasses();

  private static byte[] asciiClasses() {
    byte[] classes = new byte[128];
    for (int c = 0; c < 128; c++) {
      boolean word =
          isLetter((char) c)
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == '/'
              || c == '-';
      classes[c] = word ? 0 : NOT_IN_WORD;
      if (c < 0x20 || c == 0x7F) {
        classes[c] |= CONTROL;
      }
    }
    for (char c : ",[]{}".toCharArray()) {
      classes[c] |= FLOW;
    }
    classes['#'] |= HASH;
    classes[':'] |= COLON;
    return classes;
  }

  /** Style of a string value ({@code writeString}). */
  static int stringValueStyle(String text) {
    int n = text.length();
    if (n == 0) {
      return DOUBLE_QUOTED;
    }
    // One pass for the usual value, a line of printable ASCII.
    int classes = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return anyStringValueStyle(text);
      }
      classes |= ASCII_CLASSES[c];
    }
    if ((classes & CONTROL) != 0) {
      return anyStringValueStyle(text);
    }
    // Jackson's quoting: flow indicators, "#" starting a comment, ": " or a final ":".
    if ((classes & FLOW) != 0 || ((classes & (HASH | COLON)) != 0 && startsCommentOrKey(text))) {
      return DOUBLE_QUOTED;
    }
    char first = text.charAt(0);
    if (isLetter(first)) {
      // No indicator, number or leading zero can start with a letter: plain, or single-quoted
      // when the emitter refuses a trailing space.
      return isReservedKeyword(text)
          ? DOUBLE_QUOTED
          : text.charAt(n - 1) == ' ' ? SINGLE_QUOTED : PLAIN;
    }
    if (isReservedKeyword(text) || looksLikePlainNumber(text) || resolvesAsNumber(text)) {
      return DOUBLE_QUOTED;
    }
    // Plain unless the emitter's analysis forbids it; then single-quoted (always allowed here).
    // No ':' or '#' that the analysis would see as an indicator is left after the checks above.
    boolean plain =
        first != ' '
            && text.charAt(n - 1) != ' '
            && LEADING_INDICATORS.indexOf(first) < 0
            && !((first == '?' || first == '-') && (n == 1 || text.charAt(1) == ' '))
            && !text.startsWith("---")
            && !text.startsWith("...")
            && !(first == '0' && hasLeadingZero(text));
    return plain ? PLAIN : SINGLE_QUOTED;
  }

  /** A '#' first or after a space, or a ':' last or before a space (in printable ASCII). */
  private static boolean startsCommentOrKey(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '#' && (i == 0 || text.charAt(i - 1) == ' ')) {
        return true;
      }
      if (c == ':' && (i == n - 1 || text.charAt(i + 1) == ' ')) {
        return true;
      }
    }
    return false;
  }

  private static int anyStringValueStyle(String text) {
    int requested;
    if (text.indexOf('\n') >= 0) {
      if (isPlainAsciiBlock(text)) {
        return LITERAL;
      }
      requested = LITERAL;
    } else if (isReservedKeyword(text)
        || valueHasQuotableChar(text)
        || looksLikePlainNumber(text)) {
      requested = DOUBLE_QUOTED;
    } else {
      requested = PLAIN;
    }
    return choose(requested, analyse(text), false);
  }

  /**
   * Lines of printable ASCII without a space before a line break or at the end (a configuration
   * file): the emitter writes such text as a literal block.
   */
  private static boolean isPlainAsciiBlock(String text) {
    int n = text.length();
    char previous = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        if (previous == ' ') {
          return false;
        }
      } else if (c < 0x20 || c > 0x7E) {
        return false;
      }
      previous = c;
    }
    return previous != ' ';
  }

  /** Style of a number, boolean or null written as its plain text. */
  static int plainValueStyle(String text) {
    return choose(PLAIN, analyse(text), false);
  }

  /**
   * Style of a mapping key; {@link #UNSUPPORTED} also when the emitter would not write it as a
   * simple key (empty, multi-line or too long).
   */
  static int keyStyle(String name, boolean quotingChecked) {
    if (!quotingChecked) {
      return computeKeyStyle(name, false);
    }
    // Keys are few and repeat in every document (property names, label keys): remembered.
    Integer known = KEY_STYLES.get(name);
    if (known != null) {
      return known;
    }
    int style = computeKeyStyle(name, true);
    if (KEY_STYLES.size() < MAX_REMEMBERED_KEYS) {
      KEY_STYLES.put(name, style);
    }
    return style;
  }

  /**
   * A name or path of letters, digits, {@code _ . / -} starting with a letter, and no YAML 1.1
   * boolean or null word (the usual key): plain for Jackson and the emitter alike.
   */
  private static boolean isPlainWord(String s) {
    int n = s.length();
    if (n == 0 || n >= MAX_SIMPLE_KEY_LENGTH || !isLetter(s.charAt(0))) {
      return false;
    }
    int classes = 0;
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      classes |= ASCII_CLASSES[c];
    }
    return (classes & NOT_IN_WORD) == 0 && !isReservedKeyword(s);
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static final int MAX_REMEMBERED_KEYS = 4096;
  private static final Map<String, Integer> KEY_STYLES = new ConcurrentHashMap<>();

  private static int computeKeyStyle(String name, boolean quotingChecked) {
    if (quotingChecked && isPlainWord(name)) {
      return PLAIN;
    }
    int requested =
        quotingChecked
                && (isReservedKeyword(name) || looksLikeYamlNumber(name) || hasControlChar(name))
            ? DOUBLE_QUOTED
            : PLAIN;
    if (name.isEmpty() || name.length() >= MAX_SIMPLE_KEY_LENGTH) {
      return UNSUPPORTED;
    }
    int analysis = analyse(name);
    if ((analysis & MULTILINE) != 0) {
      return UNSUPPORTED;
    }
    return choose(requested, analysis, true);
  }

  /** The chomping and indentation indicators after {@code |}. */
  static String literalHints(String text) {
    String hints = "";
    char first = text.charAt(0);
    if (first == ' ' || first == '\n') {
      hints = "2";
    }
    int n = text.length();
    if (text.charAt(n - 1) != '\n') {
      return hints + "-";
    }
    if (n == 1 || text.charAt(n - 2) == '\n') {
      return hints + "+";
    }
    return hints;
  }

  /**
   * Appends {@code text} escaped for a double-quoted scalar (without the quotes); returns the
   * number of characters appended.
   */
  static int appendDoubleQuoted(StringBuilder out, String text) {
    int start = out.length();
    int n = text.length();
    int plainFrom = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') {
        continue;
      }
      out.append(text, plainFrom, i);
      plainFrom = i + 1;
      String escape = escape(c);
      if (escape != null) {
        out.append('\\').append(escape);
      } else if (Character.isHighSurrogate(c)) {
        // A valid pair (checked by the analysis) is printable: written as it is.
        out.append(c).append(text.charAt(i + 1));
        i++;
        plainFrom = i + 1;
      } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        out.append("\\x")
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 15, 16));
      } else {
        out.append(c);
      }
    }
    out.append(text, plainFrom, n);
    return out.length() - start;
  }

  private static String escape(char c) {
    switch (c) {
      case 0:
        return "0";
      case 7:
        return "a";
      case 8:
        return "b";
      case '\t':
        return "t";
      case '\n':
        return "n";
      case 11:
        return "v";
      case 12:
        return "f";
      case '\r':
        return "r";
      case 27:
        return "e";
      case '"':
        return "\"";
      case '\\':
        return "\\";
      case 0xA0:
        return "_";
      default:
        return null;
    }
  }

  private static int choose(int requested, int analysis, boolean simpleKey) {
    if ((analysis & NOT_RESTATED) != 0) {
      return UNSUPPORTED;
    }
    boolean multiline = (analysis & MULTILINE) != 0;
    int style;
    if (requested == DOUBLE_QUOTED) {
      style = DOUBLE_QUOTED;
    } else if (requested == PLAIN
        && !(simpleKey && ((analysis & EMPTY) != 0 || multiline))
        && (analysis & ALLOW_BLOCK_PLAIN) != 0) {
      style = PLAIN;
    } else if (requested == LITERAL && !simpleKey && (analysis & ALLOW_BLOCK) != 0) {
      style = LITERAL;
    } else if (requested == PLAIN
        && (analysis & ALLOW_SINGLE_QUOTED) != 0
        && !(simpleKey && multiline)) {
      style = SINGLE_QUOTED;
    } else {
      style = DOUBLE_QUOTED;
    }
    if (multiline && (style == PLAIN || style == SINGLE_QUOTED)) {
      return UNSUPPORTED;
    }
    return style;
  }

  /** The emitter's scalar analysis, for block context. */
  private static int analyse(String s) {
    int n = s.length();
    if (n == 0) {
      return EMPTY | ALLOW_BLOCK_PLAIN | ALLOW_SINGLE_QUOTED;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return analyseAnyText(s);
      }
    }
    return analysePrintableAscii(s);
  }

  /**
   * The analysis of a single line of printable ASCII (the usual scalar): no breaks, no special
   * characters; a space can only lead, trail or separate.
   */
  private static int analysePrintableAscii(String s) {
    int n = s.length();
    char first = s.charAt(0);
    boolean blockIndicators =
        LEADING_INDICATORS.indexOf(first) >= 0
            || ((first == '?' || first == ':' || first == '-') && (n == 1 || s.charAt(1) == ' '))
            || s.startsWith("---")
            || s.startsWith("...");
    for (int i = 1; i < n && !blockIndicators; i++) {
      char c = s.charAt(i);
      if (c == ':') {
        blockIndicators = i == n - 1 || s.charAt(i + 1) == ' ';
      } else if (c == '#') {
        blockIndicators = s.charAt(i - 1) == ' ';
      }
    }
    boolean trailingSpace = s.charAt(n - 1) == ' ';
    boolean allowBlockPlain =
        !(first == ' ' || trailingSpace || blockIndicators || hasLeadingZero(s));
    return (allowBlockPlain ? ALLOW_BLOCK_PLAIN : 0)
        | ALLOW_SINGLE_QUOTED
        | (trailingSpace ? 0 : ALLOW_BLOCK);
  }

  /** The emitter's analysis of any text, code point by code point. */
  private static int analyseAnyText(String s) {
    int n = s.length();
    boolean blockIndicators = s.startsWith("---") || s.startsWith("...");
    boolean lineBreaks = false;
    boolean special = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean precededByWhitespace = true;
    boolean followedByWhitespace = n == 1 || isBlankOrBreak(s.charAt(1));
    boolean previousSpace = false;
    boolean previousBreak = false;
    int i = 0;
    while (i < n) {
      int c = s.charAt(i);
      if (Character.isSurrogate((char) c)) {
        if (!isSurrogatePair(s, i)) {
          return NOT_RESTATED;
        }
        c = Character.toCodePoint((char) c, s.charAt(i + 1));
      }
      if (i == 0) {
        if (LEADING_INDICATORS.indexOf(c) >= 0) {
          blockIndicators = true;
        }
        if ((c == '?' || c == ':' || c == '-') && followedByWhitespace) {
          blockIndicators = true;
        }
      } else {
        if (c == ':' && followedByWhitespace) {
          blockIndicators = true;
        }
        if (c == '#' && precededByWhitespace) {
          blockIndicators = true;
        }
      }
      boolean isBreak = c == '\n';
      if (c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xFFFE || c == 0xFFFF) {
        return NOT_RESTATED;
      }
      if (isBreak) {
        lineBreaks = true;
      }
      if (!(c == '\n' || (c >= 0x20 && c <= 0x7E))
          && !((c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000)) {
        special = true;
      }
      if (c == ' ') {
        if (i == 0) {
          leadingSpace = true;
        }
        if (i == n - 1) {
          trailingSpace = true;
        }
        if (previousBreak) {
          breakSpace = true;
        }
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak) {
        if (i == 0) {
          leadingBreak = true;
        }
        if (i == n - 1) {
          trailingBreak = true;
        }
        if (previousSpace) {
          spaceBreak = true;
        }
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      i += Character.charCount(c);
      precededByWhitespace = c == 0 || c == ' ' || c == '\t' || isBreak;
      followedByWhitespace = true;
      if (i + 1 < n) {
        int next = i + (isSurrogatePair(s, i) ? 2 : 1);
        if (next < n) {
          char d = s.charAt(next);
          followedByWhitespace = d == 0 || d == ' ' || d == '\t' || isBreak;
        }
      }
    }
    boolean allowBlockPlain = true;
    boolean allowSingleQuoted = true;
    boolean allowBlock = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak || hasLeadingZero(s)) {
      allowBlockPlain = false;
    }
    if (trailingSpace) {
      allowBlock = false;
    }
    if (breakSpace) {
      allowBlockPlain = false;
      allowSingleQuoted = false;
    }
    if (spaceBreak || special) {
      allowBlockPlain = false;
      allowSingleQuoted = false;
      allowBlock = false;
    }
    if (blockIndicators) {
      allowBlockPlain = false;
    }
    return (lineBreaks ? MULTILINE : 0)
        | (allowBlockPlain ? ALLOW_BLOCK_PLAIN : 0)
        | (allowSingleQuoted ? ALLOW_SINGLE_QUOTED : 0)
        | (allowBlock ? ALLOW_BLOCK : 0);
  }

  private static boolean isSurrogatePair(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i))
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1));
  }

  private static boolean isBlankOrBreak(int c) {
    return c == '\t'
        || c == ' '
        || c == 0
        || c == '\r'
        || c == '\n'
        || c == 0x85
        || c == 0x2028
        || c == 0x2029;
  }

  /** {@code 0[0-9_]+}: read back as an octal number by YAML 1.1. */
  private static boolean hasLeadingZero(String s) {
    if (s.length() < 2 || s.charAt(0) != '0') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  // Jackson's quoting checks (StringQuotingChecker.Default).

  private static boolean isReservedKeyword(String s) {
    if (s.isEmpty()) {
      return true;
    }
    switch (s.charAt(0)) {
      case '~':
        return true;
      case 'f':
      case 'F':
      case 'n':
      case 'N':
      case 'o':
      case 'O':
      case 't':
      case 'T':
      case 'y':
      case 'Y':
        return isBooleanOrNullWord(s);
      default:
        return false;
    }
  }

  private static boolean isBooleanOrNullWord(String s) {
    if (s.length() > 5) {
      return false;
    }
    switch (s) {
      case "false",
          "False",
          "FALSE",
          "n",
          "N",
          "no",
          "No",
          "NO",
          "null",
          "Null",
          "NULL",
          "on",
          "On",
          "ON",
          "off",
          "Off",
          "OFF",
          "true",
          "True",
          "TRUE",
          "y",
          "Y",
          "yes",
          "Yes",
          "YES" -> {
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static boolean looksLikeYamlNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char c = s.charAt(0);
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
  }

  private static boolean hasControlChar(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20) {
        return true;
      }
    }
    return false;
  }

  private static boolean valueHasQuotableChar(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      switch (s.charAt(i)) {
        case '[', ']', '{', '}', ',' -> {
          return true;
        }
        case '#' -> {
          if (i == 0 || isBlank(s.charAt(i - 1))) {
            return true;
          }
        }
        case ':' -> {
          if (i == n - 1 || isBlank(s.charAt(i + 1))) {
            return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /** Integers and floats as YAML 1.1 and 1.2 resolve plain scalars, including {@code .inf}. */
  private static final java.util.regex.Pattern YAML_NUMBER =
      java.util.regex.Pattern.compile(
          "[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*"
              + "|[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?"
              + "|(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
              + "|[0-9][0-9_]*[eE][-+]?[0-9]+"
              + "|\\.(?:inf|Inf|INF))"
              + "|\\.(?:nan|NaN|NAN)");

  /**
   * True when a YAML 1.1 or 1.2 reader would read {@code s}, written plain, as a number; such a
   * string is written double-quoted.
   */
  static boolean resolvesAsNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char c = s.charAt(0);
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')) {
      return false;
    }
    return !s.equals(".") && !s.equals("-") && !s.equals("+") && YAML_NUMBER.matcher(s).matches();
  }

  /** {@code [+-]?[0-9]*(\.[0-9]*)?}, the whole string (Jackson quotes such strings). */
  private static boolean looksLikePlainNumber(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
    }
    return i == n;
  }
}
