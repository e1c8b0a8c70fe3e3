package io.clickplane.core.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for misspelt keys and values. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * {@code " (did you mean \"x\"?)"} for the closest candidate within a small edit distance, else
   * "".
   */
  public static String didYouMean(String given, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String g = given.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(g, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int allowed = Math.max(1, Math.min(3, given.length() / 3));
    return best != null && bestDistance <= allowed ? " (did you mean \"" + best + "\"?)" : "";
  }

  /** Levenshtein distance. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
