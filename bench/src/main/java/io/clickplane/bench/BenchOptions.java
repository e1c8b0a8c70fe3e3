package io.clickplane.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmarks' command line: {@code --name value} pairs over named defaults. */
final class BenchOptions {
  private BenchOptions() {}

  /**
   * {@code defaults} with every {@code --name value} pair of {@code args} applied.
   *
   * @throws IllegalArgumentException for a name without a default
   */
  static Map<String, String> parse(String[] args, Map<String, String> defaults) {
    Map<String, String> options = new LinkedHashMap<>(defaults);
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!options.containsKey(args[i])) {
        throw new IllegalArgumentException(
            "unknown option " + args[i] + "; known: " + options.keySet());
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }
}
