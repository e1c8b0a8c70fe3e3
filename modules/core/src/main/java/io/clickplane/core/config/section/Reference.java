package io.clickplane.core.config.section;

import java.util.ArrayList;
import java.util.List;

/**
 * The key tables of the configuration reference ({@code docs/configuration.md}), generated from the
 * sections' keys. Each table stands between {@code <!-- keys: ID -->} and {@code <!-- end keys
 * -->}; everything else in the document is written by hand.
 */
public final class Reference {
  static final String BEGIN = "<!-- keys: ";
  static final String END = "<!-- end keys -->";

  private Reference() {}

  /**
   * {@code doc} with every generated table restated from the keys.
   *
   * @throws IllegalArgumentException naming each table that has no place in {@code doc}, or a place
   *     that names no table
   */
  public static String regenerate(String doc) {
    List<KeyTable> tables = Sections.documented();
    List<String> missing = new ArrayList<>();
    String out = doc;
    for (KeyTable table : tables) {
      String begin = BEGIN + table.id() + " -->\n";
      int at = out.indexOf(begin);
      int end = at < 0 ? -1 : out.indexOf(END, at);
      if (end < 0) {
        missing.add(table.id());
        continue;
      }
      out = out.substring(0, at + begin.length()) + table.markdown() + out.substring(end);
    }
    List<String> ids = tables.stream().map(KeyTable::id).toList();
    for (int at = out.indexOf(BEGIN); at >= 0; at = out.indexOf(BEGIN, at + 1)) {
      String id = out.substring(at + BEGIN.length(), out.indexOf(" -->", at));
      if (!ids.contains(id)) {
        missing.add("(no such table) " + id);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "the reference needs a place for each key table, "
              + BEGIN
              + "ID -->\\n"
              + END
              + ": "
              + String.join(", ", missing));
    }
    return out;
  }
}
