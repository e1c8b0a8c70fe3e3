package io.clickplane.stacks.upgrade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The waves of a rollout as a table, as JSON, and as the summary of one wave's change. */
public final class UpgradeReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private UpgradeReport() {}

  public static String table(String line, List<UpgradeWave> waves, List<String> newer) {
    StringBuilder b = new StringBuilder("Rollout of ClickHouse " + line + "\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%-5s %-8s %-8s %-26s %-21s %s%n",
            "WAVE",
            "STEP",
            "CHANNEL",
            "WINDOW (UTC)",
            "OPENS",
            "SERVICES"));
    for (UpgradeWave w : waves) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-5d %-8s %-8s %-26s %-21s %s%n",
              w.number(),
              w.step().text(),
              w.channel().configName(),
              w.window(),
              w.opens(),
              w.services().stream().map(UpgradeReport::member).collect(Collectors.joining(", "))));
    }
    b.append(
        waves.isEmpty()
            ? "every service runs " + line + " or newer; nothing to roll out\n"
            : waves.size() + " waves; 'clickplane upgrade next' publishes wave 1\n");
    if (!newer.isEmpty()) {
      b.append("left alone (newer than " + line + "): " + String.join(", ", newer) + "\n");
    }
    return b.toString();
  }

  public static String json(String line, List<UpgradeWave> waves, List<String> newer) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("line", line);
    List<Object> list = new ArrayList<>();
    for (UpgradeWave w : waves) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("wave", w.number());
      m.put("step", w.step().text());
      m.put("channel", w.channel().configName());
      m.put("window", w.window().toString());
      m.put("opens", w.opens().toString());
      m.put("closes", w.closes().toString());
      List<Object> services = new ArrayList<>();
      for (UpgradeWave.Member s : w.services()) {
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("organisation", s.organisation());
        sm.put("service", s.service());
        sm.put("from", s.from());
        sm.put("pastEndOfSupport", s.pastEndOfSupport());
        services.add(sm);
      }
      m.put("services", services);
      list.add(m);
    }
    root.put("waves", list);
    root.put("leftAlone", newer);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The change summary of a published wave: what it does and when to merge it. */
  public static String summary(String line, UpgradeWave w, int total) {
    StringBuilder b =
        new StringBuilder(
            "Upgrade to ClickHouse "
                + line
                + ", wave "
                + w.number()
                + " of "
                + total
                + ": "
                + w.step().text()
                + ", channel "
                + w.channel().configName()
                + "\n");
    b.append(
        "Maintenance window: "
            + w.window()
            + " UTC. Merge inside it: next opening "
            + w.opens()
            + " to "
            + w.closes()
            + ".\n");
    for (UpgradeWave.Member m : w.services()) {
      b.append("  ")
          .append(m.id())
          .append(": ")
          .append(m.from())
          .append(w.step() == UpgradeWave.Step.CANARY ? " -> canary " : " -> ")
          .append(line)
          .append(m.pastEndOfSupport() ? " (its line is past end of support)" : "")
          .append('\n');
    }
    if (w.step() == UpgradeWave.Step.CANARY) {
      b.append(
          "Check the canary replicas (docs/endpoints.md#canary-upgrades) before the next wave"
              + " promotes them.\n");
    }
    return b.toString();
  }

  private static String member(UpgradeWave.Member m) {
    return m.id() + " (" + m.from() + (m.pastEndOfSupport() ? ", past end of support" : "") + ")";
  }
}
