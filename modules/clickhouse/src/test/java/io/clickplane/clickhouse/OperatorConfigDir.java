package io.clickplane.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration directory a ClickHouse pod of a rendered installation sees, as the Altinity
 * operator lays it out ({@code /etc/clickhouse-server}): the installation's {@code files} under
 * {@code config.d/} and {@code users.d/} byte for byte, its {@code users} section converted as the
 * operator converts it ({@code name/a/b: v} → {@code <users><name><a><b>v}; a list → repeated
 * elements; a {@code valueFrom} password → the password given here, where the operator writes
 * {@code from_env}), its macros, and stand-ins for the image's own {@code config.xml} and {@code
 * users.xml}.
 */
final class OperatorConfigDir {
  private OperatorConfigDir() {}

  /** Writes the directory; returns its {@code config.xml}. */
  static Path write(JsonNode chi, Path dir, Map<String, String> passwords) throws IOException {
    Files.createDirectories(dir.resolve("config.d"));
    Files.createDirectories(dir.resolve("users.d"));
    JsonNode configuration = chi.path("spec").path("configuration");
    for (Iterator<Map.Entry<String, JsonNode>> it = configuration.path("files").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> file = it.next();
      Files.writeString(dir.resolve(file.getKey()), file.getValue().asText());
    }
    Map<String, Object> tree = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = configuration.path("users").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String[] path = entry.getKey().split("/");
      JsonNode value = entry.getValue();
      List<String> texts = new ArrayList<>();
      if (value.has("valueFrom")) {
        String key = value.at("/valueFrom/secretKeyRef/key").asText();
        String password = passwords.get(key);
        if (password == null) {
          throw new IllegalArgumentException("no test password for Secret key " + key);
        }
        texts.add(password);
      } else if (value.isArray()) {
        value.forEach(item -> texts.add(item.asText()));
      } else {
        texts.add(value.asText());
      }
      put(tree, path, 0, texts);
    }
    StringBuilder users = new StringBuilder("<clickhouse>\n<users>\n");
    write(users, tree);
    users.append("</users>\n</clickhouse>\n");
    Files.writeString(dir.resolve("users.d/chop-generated-users.xml"), users.toString());
    Files.writeString(
        dir.resolve("config.d/chop-generated-macros.xml"),
        "<clickhouse><macros><installation>"
            + chi.at("/metadata/name").asText()
            + "</installation><cluster>main</cluster><shard>0</shard><replica>"
            + chi.at("/metadata/name").asText()
            + "-0-0</replica></macros></clickhouse>\n");
    // The image's config.xml names users.xml; the rendered user_directories replaces it.
    Path config = dir.resolve("config.xml");
    Files.writeString(
        config,
        "<clickhouse><user_directories><users_xml><path>users.xml</path></users_xml>"
            + "</user_directories></clickhouse>\n");
    // The image's users.xml: a default profile, a readonly profile, the default user, a quota.
    Files.writeString(
        dir.resolve("users.xml"),
        """
        <clickhouse>
          <profiles><default/><readonly><readonly>1</readonly></readonly></profiles>
          <users><default><password></password><networks><ip>::/0</ip></networks>
            <profile>default</profile><quota>default</quota></default></users>
          <quotas><default><interval><duration>3600</duration><queries>0</queries>
            <errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows>
            <execution_time>0</execution_time></interval></default></quotas>
        </clickhouse>
        """);
    return config;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> node, String[] path, int i, List<String> texts) {
    if (i == path.length - 1) {
      node.put(path[i], texts);
      return;
    }
    Map<String, Object> child =
        (Map<String, Object>) node.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
    put(child, path, i + 1, texts);
  }

  @SuppressWarnings("unchecked")
  private static void write(StringBuilder out, Map<String, Object> node) {
    for (Map.Entry<String, Object> e : node.entrySet()) {
      if (e.getValue() instanceof List<?> texts) {
        for (Object text : texts) {
          out.append('<').append(e.getKey()).append('>');
          out.append(escape((String) text));
          out.append("</").append(e.getKey()).append(">\n");
        }
      } else {
        out.append('<').append(e.getKey()).append(">\n");
        write(out, (Map<String, Object>) e.getValue());
        out.append("</").append(e.getKey()).append(">\n");
      }
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
