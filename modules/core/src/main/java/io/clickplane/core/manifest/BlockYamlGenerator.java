package io.clickplane.core.manifest;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.base.GeneratorBase;
import com.fasterxml.jackson.core.json.JsonWriteContext;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A Jackson generator writing one block-style YAML document into a string, character for character
 * as {@link Yaml}'s writer does (Jackson's YAML generator driving SnakeYAML's emitter: indent 2,
 * sequences indented with their {@code - } indicator, no line splitting, empty collections as
 * {@code {}} / {@code []}), without building events.
 *
 * <p>The layout state mirrors the emitter's: the current column, whether the last character written
 * was whitespace or part of an indentation, and a stack of indents. Whatever it does not restate (a
 * second root value, a root scalar, type or object ids, binary or raw values, keys that are not
 * simple, the scalars {@link YamlScalars} does not restate) throws {@link NotRestatedException},
 * and {@link FastYaml} uses the reference writer for that document.
 */
final class BlockYamlGenerator extends GeneratorBase {
  /** Thrown for output this generator does not restate. */
  static final class NotRestatedException extends IOException {
    NotRestatedException(String what) {
      super(what, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static final int NONE = 0;
  private static final int MAPPING = 1;
  private static final int SEQUENCE = 2;

  /** Spaces the emitter writes before a block sequence's first {@code -} (indicator indent). */
  private static final int INDICATOR_INDENT = 2;

  private static final int INDENT = 2;

  private final StringBuilder out;

  // Emitter layout state.
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private int indent = -1; // -1: no indent yet (document level)
  private int[] indents = new int[32];
  private int indentDepth;

  // Open collections: kind and, for sequences, whether the next item is the first.
  private int[] kinds = new int[32];
  private boolean[] firstItem = new boolean[32];
  private int depth;

  /** A collection started but not known yet to be empty (written as {@code {}}) or not. */
  private int pending = NONE;

  private boolean pendingInMapping;
  private boolean rootWritten;
  private boolean closed;

  /** A generator writing into {@code buffer}, which it empties first. */
  BlockYamlGenerator(int features, ObjectCodec codec, StringBuilder buffer) {
    super(features, codec);
    out = buffer;
    out.setLength(0);
  }

  /** The document written so far. */
  String text() {
    return out.toString();
  }

  // Structure.

  @Override
  public void writeStartObject() throws IOException {
    _verifyValueWrite("start an object");
    _writeContext = _writeContext.createChildObjectContext();
    beginCollection(MAPPING);
  }

  @Override
  public void writeEndObject() throws IOException {
    if (!_writeContext.inObject()) {
      _reportError("Current context not Object but " + _writeContext.typeDesc());
    }
    _writeContext = _writeContext.getParent();
    endCollection(MAPPING, "{", "}");
  }

  @Override
  public void writeStartArray() throws IOException {
    _verifyValueWrite("start an array");
    _writeContext = _writeContext.createChildArrayContext();
    beginCollection(SEQUENCE);
  }

  @Override
  public void writeEndArray() throws IOException {
    if (!_writeContext.inArray()) {
      _reportError("Current context not Array but " + _writeContext.typeDesc());
    }
    _writeContext = _writeContext.getParent();
    endCollection(SEQUENCE, "[", "]");
  }

  @Override
  public void writeFieldName(String name) throws IOException {
    if (_writeContext.writeFieldName(name) == JsonWriteContext.STATUS_EXPECT_VALUE) {
      _reportError("Can not write a field name, expecting a value");
    }
    writeKey(name, true);
  }

  @Override
  public void writeFieldName(SerializableString name) throws IOException {
    writeFieldName(name.getValue());
  }

  @Override
  public void writeFieldId(long id) throws IOException {
    String name = Long.toString(id);
    if (_writeContext.writeFieldName(name) == JsonWriteContext.STATUS_EXPECT_VALUE) {
      _reportError("Can not write a field id, expecting a value");
    }
    writeKey(name, false);
  }

  // Scalars.

  @Override
  public void writeString(String text) throws IOException {
    if (text == null) {
      writeNull();
      return;
    }
    _verifyValueWrite("write String value");
    writeScalarValue(text, YamlScalars.stringValueStyle(text));
  }

  @Override
  public void writeString(char[] buffer, int offset, int length) throws IOException {
    writeString(new String(buffer, offset, length));
  }

  @Override
  public void writeString(SerializableString text) throws IOException {
    writeString(text.getValue());
  }

  @Override
  public void writeUTF8String(byte[] buffer, int offset, int length) throws IOException {
    writeString(new String(buffer, offset, length, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void writeRawUTF8String(byte[] buffer, int offset, int length) throws IOException {
    throw new NotRestatedException("raw UTF-8 string");
  }

  @Override
  public void writeBoolean(boolean state) throws IOException {
    _verifyValueWrite("write boolean value");
    writePlainValue(state ? "true" : "false");
  }

  @Override
  public void writeNull() throws IOException {
    _verifyValueWrite("write null value");
    writePlainValue("null");
  }

  @Override
  public void writeNumber(int v) throws IOException {
    _verifyValueWrite("write number");
    writePlainValue(Integer.toString(v));
  }

  @Override
  public void writeNumber(long v) throws IOException {
    _verifyValueWrite("write number");
    writePlainValue(Long.toString(v));
  }

  @Override
  public void writeNumber(BigInteger v) throws IOException {
    if (v == null) {
      writeNull();
      return;
    }
    _verifyValueWrite("write number");
    writePlainValue(v.toString());
  }

  @Override
  public void writeNumber(double v) throws IOException {
    _verifyValueWrite("write number");
    writePlainValue(String.valueOf(v));
  }

  @Override
  public void writeNumber(float v) throws IOException {
    _verifyValueWrite("write number");
    writePlainValue(String.valueOf(v));
  }

  @Override
  public void writeNumber(BigDecimal v) throws IOException {
    if (v == null) {
      writeNull();
      return;
    }
    _verifyValueWrite("write number");
    writePlainValue(
        isEnabled(Feature.WRITE_BIGDECIMAL_AS_PLAIN) ? v.toPlainString() : v.toString());
  }

  @Override
  public void writeNumber(String encodedValue) throws IOException {
    if (encodedValue == null) {
      writeNull();
      return;
    }
    _verifyValueWrite("write number");
    writePlainValue(encodedValue);
  }

  // What the reference writer expresses with YAML features this generator does not restate.

  @Override
  public boolean canWriteTypeId() {
    return true; // as the YAML generator (native type ids), so serializers call writeTypeId
  }

  @Override
  public boolean canWriteObjectId() {
    return true;
  }

  @Override
  public void writeTypeId(Object id) throws IOException {
    throw new NotRestatedException("type id");
  }

  @Override
  public void writeObjectId(Object id) throws IOException {
    throw new NotRestatedException("object id");
  }

  @Override
  public void writeObjectRef(Object id) throws IOException {
    throw new NotRestatedException("object reference");
  }

  @Override
  public void writeBinary(Base64Variant variant, byte[] data, int offset, int length)
      throws IOException {
    throw new NotRestatedException("binary value");
  }

  @Override
  public int writeBinary(Base64Variant variant, InputStream data, int length) throws IOException {
    throw new NotRestatedException("binary value");
  }

  @Override
  public void writeRaw(String text) throws IOException {
    throw new NotRestatedException("raw value");
  }

  @Override
  public void writeRaw(String text, int offset, int len) throws IOException {
    throw new NotRestatedException("raw value");
  }

  @Override
  public void writeRaw(char[] text, int offset, int len) throws IOException {
    throw new NotRestatedException("raw value");
  }

  @Override
  public void writeRaw(char c) throws IOException {
    throw new NotRestatedException("raw value");
  }

  @Override
  public void writeRawValue(String text) throws IOException {
    throw new NotRestatedException("raw value");
  }

  @Override
  public void writeRawValue(String text, int offset, int len) throws IOException {
    throw new NotRestatedException("raw value");
  }

  @Override
  public void writeRawValue(char[] text, int offset, int len) throws IOException {
    throw new NotRestatedException("raw value");
  }

  // Generator plumbing.

  @Override
  public Version version() {
    return Version.unknownVersion();
  }

  @Override
  public void flush() {}

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    super.close();
    if (depth != 0 || pending != NONE) {
      throw new NotRestatedException("unfinished document");
    }
    // Document end: the emitter ends the last line.
    writeIndent();
  }

  @Override
  protected void _releaseBuffers() {}

  @Override
  protected void _verifyValueWrite(String typeMsg) throws IOException {
    if (_writeContext.writeValue() == JsonWriteContext.STATUS_EXPECT_NAME) {
      _reportError("Can not " + typeMsg + ", expecting field name");
    }
  }

  // The emitter's layout, restated.

  private void beginCollection(int kind) throws IOException {
    boolean inMapping = beginNode();
    push(kind);
    pending = kind;
    pendingInMapping = inMapping;
  }

  private void endCollection(int kind, String open, String close) throws IOException {
    if (depth == 0 || kinds[depth - 1] != kind) {
      throw new NotRestatedException("unbalanced collection");
    }
    depth--;
    if (pending == kind) {
      // Empty: flow style.
      pending = NONE;
      writeIndicator(open, true, true, false);
      writeIndicator(close, false, false, false);
    } else {
      indent = indents[--indentDepth];
    }
  }

  /** Opens a started collection as a block collection: it has at least one entry. */
  private void openPending() {
    if (pending == NONE) {
      return;
    }
    if (pending == MAPPING) {
      increaseIndent(false, false);
    } else {
      increaseIndent(false, pendingInMapping && !indention);
    }
    pending = NONE;
  }

  /**
   * Prepares for a value node in the current collection: the {@code - } of a sequence item; a
   * mapping value follows its key's {@code :}. Returns whether the node is a mapping value.
   */
  private boolean beginNode() throws IOException {
    openPending();
    if (depth == 0) {
      if (rootWritten) {
        throw new NotRestatedException("several root values");
      }
      rootWritten = true;
      return false;
    }
    int top = depth - 1;
    if (kinds[top] == MAPPING) {
      return true;
    }
    boolean first = firstItem[top];
    writeIndent();
    if (first) {
      writeWhitespace(INDICATOR_INDENT);
    }
    writeIndicator("-", true, false, true);
    if (first) {
      indent += INDICATOR_INDENT;
      firstItem[top] = false;
    }
    return false;
  }

  private void writeKey(String name, boolean quotingChecked) throws IOException {
    openPending();
    if (depth == 0 || kinds[depth - 1] != MAPPING) {
      throw new NotRestatedException("key outside a mapping");
    }
    int style = YamlScalars.keyStyle(name, quotingChecked);
    if (style == YamlScalars.UNSUPPORTED) {
      throw new NotRestatedException("key");
    }
    writeIndent();
    writeScalar(name, style);
    writeIndicator(":", false, false, false);
  }

  private void writePlainValue(String text) throws IOException {
    writeScalarValue(text, YamlScalars.plainValueStyle(text));
  }

  private void writeScalarValue(String text, int style) throws IOException {
    if (style == YamlScalars.UNSUPPORTED) {
      throw new NotRestatedException("scalar");
    }
    beginNode();
    if (depth == 0) {
      throw new NotRestatedException("root scalar");
    }
    writeScalar(text, style);
  }

  private void writeScalar(String text, int style) {
    switch (style) {
      case YamlScalars.PLAIN -> writePlain(text);
      case YamlScalars.SINGLE_QUOTED -> writeSingleQuoted(text);
      case YamlScalars.DOUBLE_QUOTED -> writeDoubleQuoted(text);
      default -> writeLiteral(text);
    }
  }

  private void writePlain(String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!whitespace) {
      out.append(' ');
      column++;
    }
    whitespace = false;
    indention = false;
    out.append(text);
    column += text.length();
  }

  private void writeSingleQuoted(String text) {
    writeIndicator("'", true, false, false);
    int n = text.length();
    int from = 0;
    for (int i = 0; i < n; i++) {
      if (text.charAt(i) == '\'') {
        out.append(text, from, i + 1).append('\'');
        from = i + 1;
        column++;
      }
    }
    out.append(text, from, n);
    column += n;
    writeIndicator("'", false, false, false);
  }

  private void writeDoubleQuoted(String text) {
    writeIndicator("\"", true, false, false);
    column += YamlScalars.appendDoubleQuoted(out, text);
    writeIndicator("\"", false, false, false);
  }

  /** A literal block: each line at the scalar's indent, empty lines empty, ending the line. */
  private void writeLiteral(String text) {
    int lineIndent = indent < 0 ? INDENT : indent + INDENT;
    writeIndicator("|" + YamlScalars.literalHints(text), true, false, false);
    writeLineBreak();
    int n = text.length();
    int lineStart = 0;
    while (lineStart < n) {
      int lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = n;
      }
      if (lineEnd > lineStart) {
        appendSpaces(lineIndent);
        out.append(text, lineStart, lineEnd);
      }
      out.append('\n');
      lineStart = lineEnd + 1;
    }
    column = 0;
    whitespace = true;
    indention = true;
  }

  private void increaseIndent(boolean flow, boolean indentless) {
    if (indentDepth == indents.length) {
      indents = java.util.Arrays.copyOf(indents, indentDepth * 2);
    }
    indents[indentDepth++] = indent;
    if (indent < 0) {
      indent = flow ? INDENT : 0;
    } else if (!indentless) {
      indent += INDENT;
    }
  }

  private void push(int kind) {
    if (depth == kinds.length) {
      kinds = java.util.Arrays.copyOf(kinds, depth * 2);
      firstItem = java.util.Arrays.copyOf(firstItem, depth * 2);
    }
    kinds[depth] = kind;
    firstItem[depth] = true;
    depth++;
  }

  private void writeIndicator(
      String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndentation) {
    if (!whitespace && needWhitespace) {
      out.append(' ');
      column++;
    }
    whitespace = isWhitespace;
    indention = indention && isIndentation;
    column += indicator.length();
    out.append(indicator);
  }

  private void writeIndent() {
    int target = Math.max(indent, 0);
    if (!indention || column > target || (column == target && !whitespace)) {
      writeLineBreak();
    }
    writeWhitespace(target - column);
  }

  private void writeWhitespace(int length) {
    if (length <= 0) {
      return;
    }
    whitespace = true;
    appendSpaces(length);
    column += length;
  }

  private static final String SPACES = " ".repeat(64);

  private void appendSpaces(int n) {
    while (n > SPACES.length()) {
      out.append(SPACES);
      n -= SPACES.length();
    }
    out.append(SPACES, 0, n);
  }

  private void writeLineBreak() {
    whitespace = true;
    indention = true;
    column = 0;
    out.append('\n');
  }
}
